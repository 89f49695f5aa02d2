package lab.scaling.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Chinchilla Approach 3 (Hoffmann et al. 2022, section 3.3; recipe as in Besiroglu et al. 2024):
 * fit L(N, D) = E + A/N^alpha + B/D^beta by minimising the Huber loss (delta 1e-3) of
 * LSE(a - alpha log N, b - beta log D, e) against log L with L-BFGS from each of 4,500 starts
 * (alpha, beta in {0, 0.5, ..., 2}; e in {-1, -0.5, ..., 1}; a, b in {0, 5, ..., 25}); the lowest
 * objective wins. The starts run in parallel; each worker reuses one allocation-free optimiser.
 */
public final class Approach3 {
    /**
     * The grid's lowest-objective starts kept for bootstrap and held-out refits. 8 was too few: on 40-60%
     * subsamples of the Chinchilla points, resamples refitted from the best 8 starts ended up to 3% above
     * the full grid's objective (another basin); from the best 64 they stayed within 3e-6 in 36 of 36
     * resamples, at about 1/70 of the grid's cost (BootstrapStartsTest keeps that checked).
     */
    public static final int KEPT_STARTS = 64;

    public enum Reduction {
        /** Sum over points: the objective Hoffmann et al. describe (and Besiroglu et al. use). */
        SUM,
        /** Mean over points: tiny objective values make L-BFGS stop early; reproduces the published fit. */
        MEAN;

        public static Reduction parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "sum" -> SUM;
                case "mean" -> MEAN;
                default -> throw new IllegalArgumentException("--reduce must be sum or mean, got '" + text + "'");
            };
        }
    }

    /** @param huberDelta Huber threshold on log-loss residuals (Hoffmann et al.: 1e-3) */
    public record Settings(double huberDelta, Reduction reduction) {
        public static final Settings DEFAULT = new Settings(1e-3, Reduction.SUM);

        public Settings {
            if (!(huberDelta > 0) || !Double.isFinite(huberDelta)) {
                throw new IllegalArgumentException("--huber-delta must be positive, got " + huberDelta);
            }
        }
    }

    /**
     * @param law        the fitted law
     * @param objective  the reduced Huber objective at the optimum
     * @param nPoints    points fitted
     * @param optimum    LSE parameters (a, b, e, alpha, beta) at the optimum
     * @param bestStarts the grid points of the {@link #KEPT_STARTS} best starts, best first, then the
     *                   optimum itself: the starts a bootstrap refit uses instead of the full grid
     */
    public record Result(ScalingLaw law, double objective, int nPoints, Settings settings,
                         double[] optimum, List<double[]> bestStarts) {
        /** {@link #bestStarts} as the array {@link Approach3#fit(List, double[], Settings, double[][])} takes. */
        public double[][] refitStarts() {
            return bestStarts.toArray(new double[0][]);
        }
    }

    private Approach3() {}

    /** The 4,500 grid starts as (a, b, e, alpha, beta). */
    public static double[][] grid() {
        var starts = new ArrayList<double[]>();
        for (int ia = 0; ia <= 5; ia++) {
            for (int ib = 0; ib <= 5; ib++) {
                for (int ie = -2; ie <= 2; ie++) {
                    for (int ial = 0; ial <= 4; ial++) {
                        for (int ibe = 0; ibe <= 4; ibe++) {
                            starts.add(new double[] {5.0 * ia, 5.0 * ib, 0.5 * ie, 0.5 * ial, 0.5 * ibe});
                        }
                    }
                }
            }
        }
        return starts.toArray(new double[0][]);
    }

    /** Full fit from the 4,500-start grid. */
    public static Result fit(List<Run> runs, Settings settings) {
        requirePoints(runs);
        return fit(runs, Run.unitWeights(runs.size()), settings, grid());
    }

    /**
     * Fit with point weights (bootstrap counts) from the given starts; the lowest objective wins,
     * ties broken by start order so the result does not depend on thread scheduling.
     */
    public static Result fit(List<Run> runs, double[] weights, Settings settings, double[][] starts) {
        requirePoints(runs);
        int n = runs.size();
        double[] logN = new double[n];
        double[] logD = new double[n];
        double[] logL = new double[n];
        for (int i = 0; i < n; i++) {
            logN[i] = Math.log(runs.get(i).params());
            logD[i] = Math.log(runs.get(i).tokens());
            logL[i] = Math.log(runs.get(i).loss());
        }
        var objective = new HuberObjective(logN, logD, logL, weights, settings.huberDelta(),
                settings.reduction() == Reduction.MEAN);
        double[] values = new double[starts.length];
        double[][] optima = new double[starts.length][];
        ThreadLocal<Lbfgs> optimisers = ThreadLocal.withInitial(() -> new Lbfgs(5, Lbfgs.Settings.SCIPY));
        IntStream.range(0, starts.length).parallel().forEach(k -> {
            double[] x = starts[k].clone();
            double f = optimisers.get().minimize(objective, x);
            values[k] = Double.isFinite(f) && allFinite(x) ? f : Double.POSITIVE_INFINITY;
            optima[k] = x;
        });
        Integer[] order = new Integer[starts.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(k -> values[k]).thenComparingInt(k -> k));
        int best = order[0];
        if (!Double.isFinite(values[best])) {
            throw new IllegalStateException("Approach 3: no start converged to a finite objective");
        }
        var kept = new ArrayList<double[]>();
        for (int k = 0; k < Math.min(KEPT_STARTS, order.length); k++) {
            if (Double.isFinite(values[order[k]])) {
                kept.add(starts[order[k]].clone());
            }
        }
        kept.add(optima[best].clone());
        int points = 0;
        for (double w : weights) {
            points += w > 0 ? 1 : 0;
        }
        return new Result(ScalingLaw.fromLog(optima[best]), values[best], points, settings, optima[best], kept);
    }

    private static void requirePoints(List<Run> runs) {
        if (runs.size() < 6) {
            throw new IllegalArgumentException("Approach 3 fits 5 parameters and needs at least 6 runs, got " + runs.size());
        }
    }

    private static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
