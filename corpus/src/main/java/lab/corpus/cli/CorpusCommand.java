package lab.corpus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `lab corpus`: list, build, synth, stats. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = "Build and inspect token corpora (real text or synthetic).",
        subcommands = {CorpusListCommand.class, CorpusBuildCommand.class, CorpusSynthCommand.class,
            CorpusStatsCommand.class})
public final class CorpusCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
