package lab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The building blocks against hand-computed values. */
class FitMathTest {
    @Test
    void linearSystemsSolveWithPivotingAndReportSingularity() {
        // 0·x + 2y + z = 7, x + y + z = 6, 2x + y - z = 1: x = 1, y = 2, z = 3 (the zero pivot needs a swap)
        double[] x = LinearSystem.solve(new double[][] {{0, 2, 1, 7}, {1, 1, 1, 6}, {2, 1, -1, 1}});
        assertEquals(1, x[0], 1e-12);
        assertEquals(2, x[1], 1e-12);
        assertEquals(3, x[2], 1e-12);
        assertEquals(null, LinearSystem.solve(new double[][] {{1, 2, 3}, {2, 4, 6}}), "rows in proportion");
    }

    @Test
    void lbfgsFindsTheRosenbrockMinimum() {
        Lbfgs.Objective rosenbrock = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        double[] x = {-1.2, 1.0};
        var opt = new Lbfgs(2, new Lbfgs.Settings(10, 1000, 1e-10, 0));
        double f = opt.minimize(rosenbrock, x);
        assertEquals(0, f, 1e-12);
        assertEquals(1, x[0], 1e-5);
        assertEquals(1, x[1], 1e-5);
        assertTrue(opt.iterations() < 100, "L-BFGS should need tens of iterations, took " + opt.iterations());
    }

    @Test
    void huberObjectiveValueByHand() {
        // One point N = e^2, D = e^3, L = 3; p = (a, b, e, alpha, beta) = (1, 2, 0, 0.5, 0.5):
        // LSE(1 - 1, 2 - 1.5, 0) = log(1 + e^0.5 + 1) = log 3.64872 = 1.29438; r = 1.29438 - log 3 = 0.19577;
        // delta 1e-3 < |r|, so Huber = 1e-3 (0.19577 - 5e-4) = 1.9527e-4.
        var obj = new HuberObjective(new double[] {2}, new double[] {3}, new double[] {Math.log(3)}, new double[] {1}, 1e-3, false);
        double lse = Math.log(2 + Math.exp(0.5));
        double expected = 1e-3 * (lse - Math.log(3) - 5e-4);
        assertEquals(1.9527e-4, expected, 1e-8);
        assertEquals(expected, obj.evaluate(new double[] {1, 2, 0, 0.5, 0.5}, new double[5]), 1e-15);
    }

    @Test
    void huberGradientMatchesFiniteDifferences() {
        var runs = Synthetic.isoFlopGrid(Synthetic.LAW, 3, 4, 5, 8, 0.01, 2);
        int n = runs.size();
        double[] lN = new double[n], lD = new double[n], lL = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) {
            lN[i] = Math.log(runs.get(i).params());
            lD[i] = Math.log(runs.get(i).tokens());
            lL[i] = Math.log(runs.get(i).loss());
            w[i] = 1 + (i % 3);
        }
        for (boolean mean : new boolean[] {false, true}) {
            // delta 1 keeps every residual in the quadratic branch, where the objective is smooth
            var obj = new HuberObjective(lN, lD, lL, w, 1.0, mean);
            double[] p = {6.0, 7.0, 0.5, 0.3, 0.35};
            double[] g = new double[5];
            obj.evaluate(p, g);
            for (int k = 0; k < 5; k++) {
                double h = 1e-6;
                double[] up = p.clone();
                double[] down = p.clone();
                up[k] += h;
                down[k] -= h;
                double numeric = (obj.evaluate(up, new double[5]) - obj.evaluate(down, new double[5])) / (2 * h);
                assertEquals(numeric, g[k], 1e-6 * Math.max(1, Math.abs(numeric)), "component " + k + " mean=" + mean);
            }
        }
    }

    @Test
    void scalingLawFrontierByHand() {
        // alpha = beta = 0.5, A = B = 100: G = 1, a = b = 0.5, N_opt(6e20) = sqrt(1e20) = 1e10.
        var law = new ScalingLaw(1.5, 100, 100, 0.5, 0.5);
        assertEquals(1.0, law.G(), 1e-12);
        assertEquals(1e10, law.paramsOpt(6e20), 1e-2);
        assertEquals(1e10, law.tokensOpt(6e20), 1e-2);
        assertEquals(1.5 + 100 / 1e5 + 100 / 1e5, law.loss(1e10, 1e10), 1e-12);
        assertEquals(6e20, law.flopsForParams(1e10), 1e6);
    }

    @Test
    void parabolaVertexOfExactPoints() {
        // loss = 3 + 0.2 (ln N - ln 1e8)^2: vertex at N = 1e8, loss 3.
        var runs = new ArrayList<Run>();
        for (double n : new double[] {2.5e7, 5e7, 1e8, 2e8, 4e8}) {
            double x = Math.log(n) - Math.log(1e8);
            long d = Math.round(1e18 / (6 * n));
            runs.add(new Run("r" + n, (long) n, d, 1e18, 3 + 0.2 * x * x));
        }
        runs.addAll(shifted(runs, 4));
        var fit = Approach2.fit(runs);
        var curve = fit.curves().get(0);
        assertEquals(1e8, curve.paramsOpt(), 1e8 * 1e-9);
        assertEquals(3.0, curve.lossMin(), 1e-12);
        // D at the vertex from the runs' own (N, D) line: C / (6 N_opt) because these runs have C = 6ND
        assertEquals(1e18 / 6e8, curve.tokensOpt(), 1e-6 * (1e18 / 6e8));
        assertTrue(curve.vertexInside());
        // the second curve at 4x compute has its vertex at 4x N: a = 1 exactly
        assertEquals(1.0, fit.a(), 1e-9);
    }

    private static List<Run> shifted(List<Run> runs, double factor) {
        return runs.stream().map(r -> new Run(r.id() + "x", Math.round(r.params() * factor), r.tokens(),
                r.flops() * factor, r.loss())).toList();
    }

    @Test
    void powerLawThroughExactPoints() {
        var law = PowerLaw.fit(new double[] {1e18, 1e19, 1e20}, new double[] {0.1 * Math.pow(1e18, 0.5),
            0.1 * Math.pow(1e19, 0.5), 0.1 * Math.pow(1e20, 0.5)});
        assertEquals(0.5, law.exponent(), 1e-12);
        assertEquals(0.1, law.coefficient(), 1e-9);
    }

    @Test
    void quantileType7ByHand() {
        double[] v = {1, 2, 3, 4, 5};
        assertEquals(1.4, Bootstrap.quantile(v, 0.1), 1e-12);   // position 0.4 between 1 and 2
        assertEquals(3.0, Bootstrap.quantile(v, 0.5), 1e-12);
        assertEquals(4.6, Bootstrap.quantile(v, 0.9), 1e-12);
        assertEquals("10th-90th percentile", new Bootstrap.Result(2, 0, 0.8, java.util.Map.of(), java.util.Map.of()).percentiles());
        assertEquals("2.5th-97.5th percentile", new Bootstrap.Result(2, 0, 0.95, java.util.Map.of(), java.util.Map.of()).percentiles());
    }

    @Test
    void csvDefaultsFlopsAndIgnoresOtherColumns(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("runs.csv");
        Files.writeString(csv, "name,Loss,params,tokens\nx,3.5,1000,2000\n");
        var runs = FitInput.readCsv(csv).runs();
        assertEquals(1, runs.size());
        assertEquals(6.0 * 1000 * 2000, runs.get(0).flops(), 0);
        assertEquals(3.5, runs.get(0).loss(), 0);
        Files.writeString(csv, "params,tokens,loss\n1000,abc,3\n");
        var e = assertThrows(IllegalArgumentException.class, () -> FitInput.readCsv(csv));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("tokens"), e.getMessage());
    }
}
