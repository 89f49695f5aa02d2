package lab.scaling.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lab.scaling.report.SweepReport;
import lab.util.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `lab report DIR`: fits with intervals, charts and a self-contained HTML page for a sweep. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Fit a sweep's runs (approaches 1-3, bootstrap intervals) and write DIR/report/fit.json, "
                + "DIR/report/plots/ and a self-contained DIR/report/index.html.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A sweep folder written by `lab sweep run`.")
    Path dir;

    @Option(names = "--bootstrap", defaultValue = "200", paramLabel = "N",
            description = "Bootstrap resamples over runs for the intervals (0: none). Default: ${DEFAULT-VALUE}")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "0", description = "Bootstrap seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        Path html = SweepReport.write(dir, new SweepReport.Options(bootstrap, seed));
        var out = command.commandLine().getOut();
        out.println("report: " + html.toAbsolutePath());
        out.println("fit:    " + html.resolveSibling("fit.json").toAbsolutePath());
        out.flush();
        return ExitCodes.OK;
    }
}
