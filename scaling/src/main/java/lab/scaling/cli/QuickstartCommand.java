package lab.scaling.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import lab.scaling.report.SweepReport;
import lab.scaling.sweep.SpecReader;
import lab.scaling.sweep.SweepCorpus;
import lab.scaling.sweep.TrainerCommand;
import lab.util.Durations;
import lab.util.ExitCodes;
import lab.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `lab quickstart`: the whole job with defaults. Builds (or reuses) the default real corpus, runs
 * the cpu-quickstart IsoFLOP sweep, writes the report and prints where it is. Killed and started
 * again, it resumes where it stopped (the corpus is reused, finished runs are skipped).
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Build the default corpus, run the cpu-quickstart IsoFLOP sweep, fit the scaling laws and write "
                + "the report. Rerun to resume.")
public final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "The sweep folder. Default: runs/quickstart under the lab.")
    Path out;

    @Option(names = "--spec", defaultValue = "cpu-quickstart", paramLabel = "SPEC",
            description = "The sweep to run. Default: ${DEFAULT-VALUE}")
    String specName;

    @Option(names = "--workers", paramLabel = "K", description = "Trainer processes at once. Default: the spec's.")
    Integer workers;

    @Option(names = "--bootstrap", defaultValue = "200", paramLabel = "N",
            description = "Bootstrap resamples for the report's intervals. Default: ${DEFAULT-VALUE}")
    int bootstrap;

    @Option(names = "--trainer", paramLabel = "CMD",
            description = "The command that runs `train` (split on spaces). Default: this lab on this JVM's class path.")
    String trainer;

    @Override
    public Integer call() {
        PrintStream console = System.out;
        long start = System.nanoTime();
        var spec = SpecReader.load(specName);
        Path dir = out != null ? out : SweepCorpus.corporaDir().getParent().resolve("quickstart");
        if (spec.corpus().equals("default")) {
            int vocab = spec.family().vocabSize() == 0 ? lab.corpus.build.BuildOptions.DEFAULT_VOCAB : spec.family().vocabSize();
            console.println("quickstart 1/3: the default corpus, vocabulary " + vocab + " (built once, then reused) in "
                    + SweepCorpus.defaultDir(vocab));
            SweepCorpus.buildDefault(vocab, line -> console.println("  " + line));
        }
        console.println("quickstart 2/3: sweep " + spec.name() + " into " + dir);
        int code = SweepRunCommand.run(spec, dir, "local", workers, false,
                trainer == null ? TrainerCommand.thisJvm() : TrainerCommand.parse(trainer), 5, console);
        if (code != ExitCodes.OK) {
            console.println("quickstart: the sweep did not finish; run `lab quickstart` again to resume");
            return code;
        }
        console.println("quickstart 3/3: fits and report");
        Path html = SweepReport.write(dir, new SweepReport.Options(bootstrap, 0));
        summary(console, html.resolveSibling("fit.json"), html, (System.nanoTime() - start) / 1e9);
        return ExitCodes.OK;
    }

    static void summary(PrintStream console, Path fitFile, Path html, double seconds) {
        JsonNode fit = Json.read(fitFile);
        console.println();
        for (String approach : new String[] {"approach1", "approach2", "approach3"}) {
            JsonNode f = fit.path(approach);
            if (f.path("a").isNumber()) {
                JsonNode ci = f.path("ci").path("a");
                String interval = ci.path("lo").isNumber() ? String.format(Locale.ROOT, " [%.3f, %.3f]",
                        ci.get("lo").asDouble(), ci.get("hi").asDouble()) : "";
                console.printf(Locale.ROOT, "%s: N_opt ∝ C^a with a = %.3f%s, b = %.3f%n", approach, f.get("a").asDouble(),
                        interval, f.path("b").asDouble());
            }
        }
        console.printf(Locale.ROOT, "report: %s%nfit:    %s%ntook %s%n", html.toAbsolutePath(), fitFile.toAbsolutePath(),
                Durations.format(seconds));
        console.println("(Chinchilla measured a ≈ 0.5; see the report's warnings before trusting an extrapolation.)");
        console.flush();
    }
}
