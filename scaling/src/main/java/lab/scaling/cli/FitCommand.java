package lab.scaling.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import lab.scaling.fit.Approach3;
import lab.scaling.fit.FitInput;
import lab.scaling.fit.FitJson;
import lab.scaling.fit.FitReport;
import lab.scaling.fit.ParamsConvention;
import lab.util.ExitCodes;
import lab.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lab fit}: Chinchilla approaches 1-3 on a CSV or a sweep folder, with bootstrap intervals and diagnostics. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit scaling laws (Hoffmann et al. 2022, approaches 1-3) to a CSV params,tokens,loss[,flops]",
            "or a sweep folder; print a, b, the law, bootstrap intervals and diagnostics."})
public final class FitCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "CSV file (params,tokens,loss[,flops]) or sweep folder.")
    Path input;

    @Option(names = "--approach", defaultValue = "all", description = {"1, 2, 3 or all. Default: ${DEFAULT-VALUE}",
        "A single approach is strict: input it cannot fit (for 2, an IsoFLOP curve with fewer than 3 model sizes)",
        "is an error naming the budget (exit 2). With all, an approach that cannot run is skipped with its reason,",
        "and Approach 2 leaves out short curves with a warning unless they are the majority."})
    String approach;

    @Option(names = "--bootstrap", defaultValue = "0", description = "Bootstrap resamples over runs (0: none). Default: ${DEFAULT-VALUE}")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "0", description = "Bootstrap seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--ci-level", defaultValue = "0.8",
            description = "Interval coverage: 0.8 gives 10th-90th percentiles (Hoffmann et al.), 0.95 gives 2.5th-97.5th. Default: ${DEFAULT-VALUE}")
    double ciLevel;

    @Option(names = "--huber-delta", defaultValue = "1e-3", description = "Huber delta on log-loss residuals (Approach 3). Default: ${DEFAULT-VALUE}")
    double huberDelta;

    @Option(names = "--reduce", defaultValue = "sum",
            description = "Huber reduction: sum (correct) or mean (reproduces the published fit's early stop). Default: ${DEFAULT-VALUE}")
    String reduce;

    @Option(names = "--params-convention", defaultValue = "total",
            description = "Parameter count for a sweep folder: total or non-embedding. Default: ${DEFAULT-VALUE}")
    String paramsConvention;

    @Option(names = "--budgets", split = ",", description = "Budgets in FLOPs for N_opt, D_opt and their intervals, e.g. 1e20,1e21.")
    List<Double> budgets;

    @Option(names = "--plots", description = "Folder for PNG and SVG charts.")
    Path plots;

    @Option(names = "--out", description = "Write fit.json here (readable by lab plan --method fit:FILE).")
    Path out;

    @Option(names = "--json", description = "Print the fit as JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Set<Integer> approaches = switch (approach) {
            case "all" -> Set.of(1, 2, 3);
            case "1" -> Set.of(1);
            case "2" -> Set.of(2);
            case "3" -> Set.of(3);
            default -> throw new IllegalArgumentException("--approach must be 1, 2, 3 or all, got '" + approach + "'");
        };
        var settings = new Approach3.Settings(huberDelta, Approach3.Reduction.parse(reduce));
        var options = new FitReport.Options(approaches, !approach.equals("all"), settings, bootstrap, seed, ciLevel,
                budgets == null ? List.of() : budgets);
        var data = FitInput.read(input, ParamsConvention.parse(paramsConvention));
        long start = System.nanoTime();
        var report = FitReport.compute(data, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter stdout = spec.commandLine().getOut();
        List<Path> charts = report.write(out, plots);
        if (json) {
            stdout.print(Json.pretty(FitJson.toJson(report)));
        } else {
            report.summary().forEach(stdout::println);
            stdout.printf(java.util.Locale.ROOT, "fit took %.2f s%n", seconds);
            if (out != null) {
                stdout.println("wrote " + out);
            }
            if (!charts.isEmpty()) {
                stdout.println("wrote " + charts.size() + " charts to " + plots);
            }
        }
        stdout.flush();
        return ExitCodes.OK;
    }
}
