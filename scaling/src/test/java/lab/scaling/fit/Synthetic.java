package lab.scaling.fit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lab.util.AtomicFiles;
import lab.util.Json;

/** Runs drawn from a known law on an IsoFLOP grid with multiplicative log-normal noise, for tests. */
public final class Synthetic {
    /** The known law the tests recover: a = 0.30 / 0.64 = 0.46875. */
    public static final ScalingLaw LAW = new ScalingLaw(1.7, 400, 1200, 0.34, 0.30);

    private Synthetic() {}

    /**
     * {@code budgets} log-spaced budgets from 1e18 by factors of {@code ratio}; per budget {@code sizes}
     * log-spaced N spanning {@code span} (factor) around the law's optimum; noise sigma on log loss.
     * Each run carries a curve: the law's loss at 16 token counts from 5% to 100% of its data.
     */
    public static List<Run> isoFlopGrid(ScalingLaw law, int budgets, double ratio, int sizes, double span,
                                        double sigma, long seed) {
        var random = new Random(seed);
        var runs = new ArrayList<Run>();
        for (int k = 0; k < budgets; k++) {
            double c = 1e18 * Math.pow(ratio, k);
            double centre = law.paramsOpt(c);
            for (int j = 0; j < sizes; j++) {
                double f = Math.pow(span, (double) j / (sizes - 1) - 0.5);
                long n = Math.round(centre * f);
                long d = Math.round(c / (6.0 * n));
                double noise = Math.exp(sigma * random.nextGaussian());
                var curve = new ArrayList<Run.CurvePoint>();
                for (int t = 0; t < 16; t++) {
                    double dt = d * Math.pow(20, t / 15.0 - 1);
                    curve.add(new Run.CurvePoint(6.0 * n * dt, dt, law.loss(n, dt) * noise));
                }
                runs.add(new Run("b" + k + "s" + j, n, d, 6.0 * n * d, law.loss(n, d) * noise, curve));
            }
        }
        return runs;
    }

    /** Writes runs as a sweep folder: runs/<id>/result.json and metrics.jsonl, plus one diverged run. */
    public static void writeSweep(Path dir, List<Run> runs) {
        Json.write(dir.resolve("sweep.json"), Json.object().put("name", "synthetic"));
        for (Run run : runs) {
            Path runDir = dir.resolve("runs").resolve(run.id());
            var result = Json.object()
                    .put("status", "completed")
                    .put("params", run.params())
                    .put("params_non_embedding", Math.round(run.params() * 0.8))
                    .put("tokens", run.tokens())
                    .put("flops", run.flops())
                    .put("flops_convention", "6n")
                    .put("final_val_loss", run.loss())
                    .put("final_train_loss", run.loss() * 0.99);
            Json.write(runDir.resolve("result.json"), result);
            int step = 0;
            for (var p : run.curve()) {
                var line = Json.object().put("step", step++).put("tokens", p.tokens())
                        .put("flops", p.flops()).put("train_loss", p.loss());
                AtomicFiles.appendLine(runDir.resolve("metrics.jsonl"), Json.line(line));
                AtomicFiles.appendLine(runDir.resolve("metrics.jsonl"), Json.line(line.put("val_loss", p.loss())));
            }
        }
        Json.write(dir.resolve("runs/diverged/result.json"), Json.object().put("status", "diverged").put("params", 1));
        Json.write(dir.resolve("report/copy/result.json"), Json.object().put("status", "completed"));
    }
}
