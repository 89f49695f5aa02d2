package lab.scaling.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import lab.scaling.fit.Approach3;
import lab.scaling.fit.FitInput;
import lab.scaling.fit.FitReport;
import lab.scaling.fit.ParamsConvention;
import lab.scaling.sweep.Cell;
import lab.scaling.sweep.SweepIndex;
import lab.util.AtomicFiles;
import lab.util.Json;
import lab.util.LabVersion;

/**
 * `lab report DIR`: fits every approach to a sweep's finished runs (with bootstrap intervals),
 * writes DIR/report/fit.json, the charts under DIR/report/plots/, and a self-contained
 * DIR/report/index.html (charts embedded as data URIs) that {@link ReportHtml} lays out.
 */
public final class SweepReport {
    /** The budget the report extrapolates to, as a multiple of the largest budget swept. */
    public static final double EXTRAPOLATION_FACTOR = 10;

    /**
     * @param bootstrap resamples for the intervals (0: none)
     * @param seed      bootstrap seed
     */
    public record Options(int bootstrap, long seed) {
        public Options {
            if (bootstrap < 0) {
                throw new IllegalArgumentException("--bootstrap: must be >= 0, got " + bootstrap);
            }
        }
    }

    /**
     * Everything the page shows.
     *
     * @param nonEmbedding the same fits with N counting non-embedding parameters (no bootstrap); null when they fail
     * @param target       the extrapolation budget, 10x the largest swept
     */
    record Contents(SweepIndex index, FitReport fit, FitReport nonEmbedding, String nonEmbeddingError, double target,
                    List<Path> plots, List<String> warnings) {}

    private SweepReport() {}

    /** Builds the report and returns the path of index.html. */
    public static Path write(Path dir, Options options) {
        var index = SweepIndex.open(dir);
        double largest = index.cells().stream().mapToDouble(Cell::budget).max().orElseThrow();
        double target = EXTRAPOLATION_FACTOR * largest;
        var input = FitInput.readSweep(dir, ParamsConvention.TOTAL);
        var fitOptions = new FitReport.Options(Set.of(1, 2, 3), false, Approach3.Settings.DEFAULT, options.bootstrap(),
                options.seed(), 0.8, List.of(target));
        FitReport fit;
        String bootstrapError = null;
        try {
            fit = FitReport.compute(input, fitOptions);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (options.bootstrap() == 0) {
                throw e;
            }
            // A resample can make a refit fail outright; the fits without intervals are still worth a page.
            bootstrapError = e.getMessage();
            fit = FitReport.compute(input, new FitReport.Options(Set.of(1, 2, 3), false, Approach3.Settings.DEFAULT, 0,
                    options.seed(), 0.8, List.of(target)));
        }
        Path out = dir.resolve("report");
        fit.write(out, true);
        FitReport nonEmbedding = null;
        String nonEmbeddingError = null;
        try {
            nonEmbedding = FitReport.compute(FitInput.readSweep(dir, ParamsConvention.NON_EMBEDDING),
                    new FitReport.Options(Set.of(1, 2, 3), false, Approach3.Settings.DEFAULT, 0, 0, 0.8, List.of(target)));
        } catch (IllegalArgumentException | IllegalStateException e) {
            nonEmbeddingError = e.getMessage();
        }
        var plots = new ArrayList<Path>();
        Path curves = LossCurves.write(index, out.resolve("plots"));
        if (curves != null) {
            plots.add(curves);
        }
        for (String name : List.of("isoflop", "frontier_params", "frontier_tokens", "isoloss", "residuals")) {
            Path png = out.resolve("plots").resolve(name + ".png");
            if (Files.isRegularFile(png)) {
                plots.add(png);
            }
        }
        var warnings = new ArrayList<String>();
        warnings.add(String.format(Locale.ROOT, "The compute-optimal N and D at %s FLOPs extrapolate %.0fx beyond the "
                + "largest budget swept (%s): the exponents measured here may not hold there.",
                Cell.formatFlops(target), EXTRAPOLATION_FACTOR, Cell.formatFlops(largest)));
        int unfinished = (int) index.cells().stream().filter(c -> !index.completed(c)).count();
        if (unfinished > 0) {
            warnings.add(unfinished + " of " + index.cells().size() + " cells have not finished; the fits use the "
                    + input.runs().size() + " completed runs.");
        }
        if (bootstrapError != null) {
            warnings.add("The bootstrap failed (" + bootstrapError + "): no intervals are shown.");
        }
        warnings.addAll(fit.warnings());
        var contents = new Contents(index, fit, nonEmbedding, nonEmbeddingError, target, plots, warnings);
        Path html = out.resolve("index.html");
        AtomicFiles.writeString(html, ReportHtml.render(contents, Provenance.collect(index)));
        return html;
    }

    /** The lab's and the run's provenance: versions, commit, corpus manifest, the resolved spec. */
    record Provenance(String lab, String java, String os, String commit, JsonNode spec, JsonNode corpusManifest,
                      JsonNode runManifest) {
        static Provenance collect(SweepIndex index) {
            JsonNode corpus = null;
            String data = index.sweep().path("corpus").asText();
            Path manifest = Path.of(data).resolve("manifest.json");
            if (!data.equals("synthetic") && Files.isRegularFile(manifest)) {
                corpus = Json.read(manifest);
            }
            JsonNode run = null;
            for (Cell c : index.cells()) {
                Path m = index.runDir(c).resolve("manifest.json");
                if (Files.isRegularFile(m)) {
                    run = Json.read(m);
                    break;
                }
            }
            return new Provenance(LabVersion.VERSION, System.getProperty("java.vendor") + " "
                    + System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    gitCommit(), index.sweep().path("spec"), corpus, run);
        }

        /** HEAD of the lab's repository and whether the tree is dirty, or "unknown" outside one. */
        static String gitCommit() {
            String home = System.getProperty("lab.home", ".");
            try {
                String head = run(List.of("git", "-C", home, "rev-parse", "HEAD")).strip();
                String status = run(List.of("git", "-C", home, "status", "--porcelain", "--untracked-files=no")).strip();
                return head + (status.isEmpty() ? "" : " (dirty)");
            } catch (RuntimeException e) {
                return "unknown";
            }
        }

        private static String run(List<String> cmd) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(text);
                }
                return text;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
