package lab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The `lab` command: the root that assembles every module's subcommands. Library code throws
 * IllegalArgumentException for bad input (exit 2) and IllegalStateException for failures (exit 1);
 * {@link lab.util.Cli} turns them into one-line messages and exit codes, here and in the CLI tests.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "A pretraining lab: build corpora, train GPTs, run IsoFLOP sweeps, fit scaling laws.",
        subcommands = {
            CommandLine.HelpCommand.class,
            lab.corpus.cli.CorpusCommand.class,
            lab.corpus.cli.TokenizeCommand.class,
            lab.scaling.cli.SweepCommand.class,
            lab.scaling.cli.ReportCommand.class,
            lab.scaling.cli.QuickstartCommand.class,
            lab.scaling.cli.FitCommand.class,
            lab.scaling.cli.PlanCommand.class,
            lab.trainer.cli.TrainCommand.class,
            lab.trainer.cli.BenchCommand.class,
        })
public final class Lab implements Runnable {
    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the full stack trace of an error.")
    boolean stacktrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        lab.trainer.engine.EngineSetup.configure();
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (tests call this; only main exits). */
    public static int execute(String... args) {
        var cli = lab.util.Cli.configure(new CommandLine(new Lab()));
        return cli.execute(args);
    }
}
