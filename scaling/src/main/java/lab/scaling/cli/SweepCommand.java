package lab.scaling.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `lab sweep plan | run | status`: IsoFLOP sweeps from a spec in configs/sweeps/. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "IsoFLOP sweeps: plan a grid, run it (locally or on Slurm), follow its status.",
        subcommands = {SweepPlanCommand.class, SweepRunCommand.class, SweepStatusCommand.class})
public final class SweepCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
