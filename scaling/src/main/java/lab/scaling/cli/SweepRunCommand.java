package lab.scaling.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lab.scaling.sweep.LocalExecutor;
import lab.scaling.sweep.SlurmExecutor;
import lab.scaling.sweep.SpecReader;
import lab.scaling.sweep.SweepIndex;
import lab.scaling.sweep.SweepPlan;
import lab.scaling.sweep.SweepSpec;
import lab.scaling.sweep.TrainerCommand;
import lab.util.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `lab sweep run SPEC --out DIR`: trains every cell that is not finished yet. Safe to kill and to
 * run again on the same DIR: finished cells are skipped, interrupted ones resume from their
 * checkpoints, failed ones are skipped unless --retry-failed.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a sweep's cells (each its own `lab train` process); rerun on the same --out to resume.")
public final class SweepRunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "A sweep spec file or a preset name from configs/sweeps/.")
    String specName;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep folder (created or resumed).")
    Path out;

    @Option(names = "--executor", defaultValue = "local", paramLabel = "local|slurm",
            description = "Where cells run. Default: ${DEFAULT-VALUE}")
    String executor;

    @Option(names = "--workers", paramLabel = "K",
            description = "Local trainer processes at once. Default: one per CUDA_VISIBLE_DEVICES entry, else the spec's executor.workers.")
    Integer workers;

    @Option(names = "--retry-failed", description = "Run failed cells again (their old run folders are kept as runs/ID.failed-N).")
    boolean retryFailed;

    @Option(names = "--trainer", paramLabel = "CMD",
            description = "The command that runs `train` (split on spaces). Default: this lab on this JVM's class path.")
    String trainer;

    @Option(names = "--poll-seconds", defaultValue = "5", paramLabel = "S",
            description = "Slurm: seconds between squeue polls. Default: ${DEFAULT-VALUE}")
    double pollSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        var spec = SpecReader.load(specName);
        TrainerCommand cmd = trainer == null ? TrainerCommand.thisJvm() : TrainerCommand.parse(trainer);
        return run(spec, out, executor, workers, retryFailed, cmd, pollSeconds, System.out);
    }

    /** Plans, opens (or resumes) the sweep folder and runs it; also used by `lab quickstart`. */
    static int run(SweepSpec spec, Path out, String executor, Integer workers, boolean retryFailed,
                   TrainerCommand trainer, double pollSeconds, PrintStream console) {
        if (!executor.equals("local") && !executor.equals("slurm")) {
            throw new IllegalArgumentException("--executor: expected local or slurm, got '" + executor + "'");
        }
        var plan = SweepPlan.of(spec);
        if (!plan.corpus().built()) {
            throw new IllegalArgumentException("corpus " + plan.corpus().data() + " is not built yet (run `lab corpus build` or `lab quickstart`)");
        }
        plan.warnings().forEach(w -> console.println("warning: " + w));
        try (var index = SweepIndex.create(out, plan, spec.toJson())) {
            index.lock();
            int failed;
            if (executor.equals("local")) {
                var devices = LocalExecutor.visibleDevices();
                int k = workers != null ? workers : devices.isEmpty() ? spec.executor().workers() : devices.size();
                var summary = new LocalExecutor(index, spec, plan.corpus().data(), trainer,
                        new LocalExecutor.Options(k, retryFailed, devices), console).run();
                failed = summary.failed();
                if (summary.interrupted() > 0) {
                    console.println("sweep interrupted: run the same command again to resume");
                    return ExitCodes.INTERRUPTED;
                }
            } else {
                var summary = new SlurmExecutor(index, spec, plan.corpus().data(), trainer, retryFailed, pollSeconds,
                        console).run();
                failed = summary.failed();
            }
            int total = index.cells().size();
            long done = index.cells().stream().filter(index::completed).count();
            console.printf("sweep %s: %d/%d cells done, %d failed (lab sweep status %s)%n", out, done, total, failed, out);
            return done == total ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
