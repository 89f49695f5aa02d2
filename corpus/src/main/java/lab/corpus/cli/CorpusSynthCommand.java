package lab.corpus.cli;

import java.nio.file.Path;
import java.util.Locale;
import lab.corpus.synth.SynthCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `lab corpus synth`: a synthetic corpus with a known entropy rate. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a synthetic Markov-chain corpus whose true entropy (the irreducible loss) is known.")
public final class CorpusSynthCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Corpus folder to write.")
    Path out;

    @Option(names = "--tokens", required = true, description = "Training tokens.")
    long tokens;

    @Option(names = "--val-tokens", description = "Validation tokens. Default: tokens / 10, at least 1.")
    Long valTokens;

    @Option(names = "--vocab", defaultValue = "512", description = "Vocabulary size. Default: ${DEFAULT-VALUE}.")
    int vocab;

    @Option(names = "--branching", defaultValue = "8", description = "Successors per token. Default: ${DEFAULT-VALUE}.")
    int branching;

    @Option(names = "--zipf", defaultValue = "1.0",
            description = "Zipf exponent of successor probabilities. Default: ${DEFAULT-VALUE}.")
    double zipf;

    @Option(names = "--seed", defaultValue = "1234", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public void run() {
        long val = valTokens != null ? valTokens : Math.max(1, tokens / 10);
        var m = SynthCorpus.write(new SynthCorpus.Options(out, tokens, val, vocab, branching, zipf, seed));
        spec.commandLine().getOut().printf(Locale.ROOT, "corpus %s: synthetic, %d train + %d val tokens, vocab %d, entropy %.4f nats/token%n",
                out, tokens, val, vocab, m.get("entropy_nats_per_token").asDouble());
    }
}
