package lab.corpus.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import lab.corpus.build.BuildOptions;
import lab.corpus.build.CorpusBuilder;
import lab.corpus.build.CorpusPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `lab corpus build`: sources to a deduplicated, tokenised corpus folder. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Read, clean, deduplicate and tokenise text into a corpus folder.")
public final class CorpusBuildCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", split = ",", paramLabel = "SPEC",
            description = "Files, folders (.txt .md .rst .jsonl, and .gz) or corpus names (see `lab corpus list`).")
    List<String> sources;

    @Option(names = "--preset", paramLabel = "NAME|FILE",
            description = "Corpus preset (configs/corpora/NAME.yaml: sources, vocab, val_fraction, seed);"
                    + " options given here override it.")
    String preset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Corpus folder to write.")
    Path out;

    @Option(names = "--vocab", description = "BPE vocabulary size incl. the end-of-document token, 257..65536."
            + " Default: " + BuildOptions.DEFAULT_VOCAB + ".")
    Integer vocab;

    @Option(names = "--val-fraction", description = "Share of text bytes (whole documents) held out for validation."
            + " Default: " + BuildOptions.DEFAULT_VAL_FRACTION + ".")
    Double valFraction;

    @Option(names = "--seed", description = "Seed of the validation split. Default: " + BuildOptions.DEFAULT_SEED + ".")
    Long seed;

    @Option(names = "--cache", description = "Download cache folder. Default: $LAB_CACHE or ~/.cache/lab/corpora.")
    Path cache;

    @Option(names = "--quiet", description = "Print only the final line.")
    boolean quiet;

    @Override
    public void run() {
        var p = preset == null ? new CorpusPreset(null, null, null, null) : CorpusPreset.load(preset);
        List<String> src = sources != null ? sources : p.sources();
        if (src == null) {
            throw new IllegalArgumentException("--source: give files, folders or corpus names (or a --preset with sources)");
        }
        var o = new BuildOptions(src, out,
                first(vocab, p.vocab(), BuildOptions.DEFAULT_VOCAB),
                first(valFraction, p.valFraction(), BuildOptions.DEFAULT_VAL_FRACTION),
                first(seed, p.seed(), BuildOptions.DEFAULT_SEED), cache, null,
                quiet ? s -> { } : s -> spec.commandLine().getErr().println("corpus: " + s));
        var m = CorpusBuilder.build(o);
        spec.commandLine().getOut().printf(Locale.ROOT, "corpus %s: %d documents kept of %d (%d exact, %d near"
                        + " duplicates), %d train + %d val tokens, vocab %d, %.3f bytes/token%n", out, m.get("documents_kept").asLong(),
                m.get("documents_in").asLong(), m.get("exact_duplicates_removed").asLong(),
                m.get("near_duplicates_removed").asLong(), m.get("train_tokens").asLong(),
                m.get("val_tokens").asLong(), m.get("vocab_size").asInt(), m.get("bytes_per_token").asDouble());
    }

    /** The command line wins over the preset, the preset over the default. */
    private static <T> T first(T option, T fromPreset, T fallback) {
        return option != null ? option : fromPreset != null ? fromPreset : fallback;
    }
}
