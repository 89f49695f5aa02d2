package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.scaling.fit.LinearSystem;

/**
 * Fits the plan's time model to measured wall times: for every finished cell of a sweep folder,
 * seconds = startup + steps · overhead + steps · 6·N·B·T / gflops, which is linear in
 * (startup, overhead, 1/gflops), solved by least squares. The wall times are the orchestrator's
 * (runs.jsonl), so they include the trainer's JVM start, data loading and evaluation.
 */
public final class ThroughputFit {
    private ThroughputFit() {}

    /** The time model measured on a sweep folder's finished cells (at least 3 are needed). */
    public static SweepSpec.Throughput fromSweep(Path dir) {
        var index = SweepIndex.open(dir);
        var rows = new ArrayList<double[]>(); // steps, flops per step, seconds
        var cells = index.cells();
        for (JsonNode e : index.events()) {
            if (e.path("state").asText().equals("done") && e.path("wall_seconds").asDouble() > 0) {
                Cell c = cells.get(e.path("index").asInt());
                rows.add(new double[] {c.steps(), 6.0 * c.params() * c.tokensPerStep(), e.get("wall_seconds").asDouble()});
            }
        }
        return fit(rows, dir.toString());
    }

    /** rows: {steps, FLOPs per step, measured seconds}. */
    static SweepSpec.Throughput fit(List<double[]> rows, String source) {
        if (rows.size() < 3) {
            throw new IllegalArgumentException("--calibrate " + source + ": needs at least 3 finished cells with "
                    + "measured wall times, found " + rows.size());
        }
        // Columns: 1 (startup), steps (overhead s/step), steps * flopsPerStep (1 / FLOP/s). Drop a column whose
        // coefficient comes out negative (noise) and refit, so the model stays physical.
        boolean[][] tries = {{true, true, true}, {true, false, true}, {false, true, true}, {false, false, true}};
        for (boolean[] use : tries) {
            double[] beta = leastSquares(rows, use);
            if (beta != null && beta[0] >= 0 && beta[1] >= 0 && beta[2] > 0) {
                return new SweepSpec.Throughput(1 / beta[2] / 1e9, beta[1] * 1e3, beta[0]);
            }
        }
        throw new IllegalArgumentException("--calibrate " + source + ": the wall times do not fit the time model");
    }

    private static double[] leastSquares(List<double[]> rows, boolean[] use) {
        int k = 0;
        int[] col = new int[3];
        for (int j = 0; j < 3; j++) {
            if (use[j]) {
                col[k++] = j;
            }
        }
        double[][] a = new double[k][k + 1];
        for (double[] r : rows) {
            double[] x = {1, r[0], r[0] * r[1]};
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    a[i][j] += x[col[i]] * x[col[j]];
                }
                a[i][k] += x[col[i]] * r[2];
            }
        }
        double[] solved = LinearSystem.solve(a);
        if (solved == null) {
            return null;
        }
        double[] beta = new double[3];
        for (int i = 0; i < k; i++) {
            beta[col[i]] = solved[i];
        }
        return beta;
    }
}
