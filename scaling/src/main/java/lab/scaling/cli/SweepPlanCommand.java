package lab.scaling.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import lab.scaling.sweep.Cell;
import lab.scaling.sweep.SpecReader;
import lab.scaling.sweep.SweepPlan;
import lab.scaling.sweep.SweepSpec;
import lab.scaling.sweep.ThroughputFit;
import lab.util.Durations;
import lab.util.ExitCodes;
import lab.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `lab sweep plan SPEC [--json]`: the grid, its totals, its warnings; nothing is trained. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show a sweep's grid: budget, shape, N, D, D/N, steps and estimated time per cell, and totals.",
            "Estimated seconds per cell = startup_seconds + steps * (step_overhead_ms/1000 + 6*N*batch*context"
                    + " / (gflops*1e9)), with the spec's throughput settings (defaults fitted to a measured 2-core CPU pilot)."})
public final class SweepPlanCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "A sweep spec file or a preset name from configs/sweeps/.")
    String specName;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Option(names = "--calibrate", paramLabel = "DIR",
            description = "Fit the time model to the measured wall times of a finished sweep folder (on this machine) "
                    + "instead of the spec's throughput settings.")
    Path calibrate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        var spec = SpecReader.load(specName);
        if (calibrate != null) {
            var t = ThroughputFit.fromSweep(calibrate);
            spec = new SweepSpec(spec.name(), spec.budgets(), spec.sizes(), spec.family(), spec.corpus(), spec.trainer(),
                    spec.seeds(), spec.minSteps(), spec.executor(), t);
        }
        var plan = SweepPlan.of(spec);
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.print(Json.pretty(plan.toJson()));
        } else {
            print(plan, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void print(SweepPlan plan, PrintWriter out) {
        var spec = plan.spec();
        out.printf(Locale.ROOT, "sweep %s: %d budgets, %d cells, corpus %s (vocab %d), batch %d x %d tokens%n",
                spec.name(), spec.budgets().size(), plan.cells().size(), plan.corpus().data(), plan.vocabSize(),
                spec.batchSize(), spec.family().context());
        out.printf(Locale.ROOT, "%-7s %-18s %-16s %10s %11s %7s %7s %9s %8s%n",
                "budget", "cell", "shape", "N", "D", "D/N", "steps", "FLOPs", "est.");
        for (Cell c : plan.cells()) {
            out.printf(Locale.ROOT, "%-7s %-18s %-16s %10d %11d %7.1f %7d %9.3g %8s%n", Cell.formatFlops(c.budget()),
                    c.id(), "d" + c.shape().width() + " L" + c.shape().layers() + " H" + c.shape().heads(),
                    c.params(), c.tokens(), c.tokensPerParam(), c.steps(), c.flops(),
                    Durations.format(c.estimatedSeconds()));
        }
        out.printf(Locale.ROOT, "total: %d cells, %.3g FLOPs, estimated %s on one worker (%s at %d workers)%n",
                plan.cells().size(), plan.totalFlops(), Durations.format(plan.totalSeconds()),
                Durations.format(plan.totalSeconds() / spec.executor().workers()), spec.executor().workers());
        out.printf(Locale.ROOT, "time model: startup %.1fs + steps x (%.1f ms + 6NBT / %.0f GFLOP/s)%n",
                spec.throughput().startupSeconds(), spec.throughput().stepOverheadMs(), spec.throughput().gflops());
        for (String w : plan.warnings()) {
            out.println("warning: " + w);
        }
    }
}
