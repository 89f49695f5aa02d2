package lab.scaling.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import lab.scaling.sweep.Cell;
import lab.scaling.sweep.SweepIndex;
import lab.scaling.sweep.SweepStatus;
import lab.util.Durations;
import lab.util.ExitCodes;
import lab.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `lab sweep status DIR [--json]`: every cell's state and final losses. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a sweep folder's cells (pending, submitted, running, done, failed, interrupted) and their losses.")
public final class SweepStatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A sweep folder written by `lab sweep run`.")
    Path dir;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        var index = SweepIndex.open(dir);
        var rows = SweepStatus.of(index);
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.print(Json.pretty(SweepStatus.toJson(rows)));
            out.flush();
            return ExitCodes.OK;
        }
        out.printf(Locale.ROOT, "%-18s %-7s %10s %11s %6s %-11s %3s %9s %7s %8s  %s%n", "cell", "budget", "N", "D",
                "steps", "state", "try", "val_loss", "bpb", "wall", "note");
        for (var r : rows) {
            Cell c = r.cell();
            out.printf(Locale.ROOT, "%-18s %-7s %10d %11d %6d %-11s %3d %9s %7s %8s  %s%n", c.id(),
                    Cell.formatFlops(c.budget()), c.params(), c.tokens(), c.steps(), r.state(), r.attempts(),
                    num(r.valLoss(), "%.4f"), num(r.bpb(), "%.3f"),
                    Double.isFinite(r.wallSeconds()) ? Durations.format(r.wallSeconds()) : "-", r.note());
        }
        var counts = SweepStatus.counts(rows);
        out.println("cells: " + rows.size() + " " + counts);
        out.flush();
        return ExitCodes.OK;
    }

    private static String num(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "-";
    }
}
