package lab.scaling.fit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Seeded nonparametric bootstrap over runs (Efron & Tibshirani 1993, ch. 6 and 13): each resample
 * draws n runs with replacement, expressed as integer weights (a run drawn k times has weight k),
 * refits, and records every reported quantity; intervals are percentiles of the refits. Hoffmann et
 * al. 2022 report 10th-90th percentiles (level 0.8); Besiroglu et al. 2024 report 95% intervals.
 * All weights are drawn up front from one seed, so results do not depend on thread scheduling.
 */
public final class Bootstrap {
    /** A percentile interval and the median of the resampled values. */
    public record Interval(double lo, double median, double hi, int samples) {}

    /**
     * @param resamples refits attempted
     * @param level     central coverage (0.8 → 10th-90th percentiles)
     * @param intervals quantity name → interval over the refits where it was finite
     * @param failures  quantity name → refits where it could not be computed
     */
    public record Result(int resamples, long seed, double level, Map<String, Interval> intervals,
                         Map<String, Integer> failures) {
        public Result {
            intervals = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
            failures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        }

        public String percentiles() {
            double lo = Math.round(500 * (1 - level)) / 10.0;
            return fmt(lo) + "th-" + fmt(100 - lo) + "th percentile";
        }

        private static String fmt(double p) {
            double r = Math.round(p * 10) / 10.0;
            return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
        }
    }

    private Bootstrap() {}

    /**
     * Runs {@code resamples} refits of {@code points} runs. {@code refit} maps a weight vector to named
     * quantities; a quantity it cannot compute is left out or NaN (counted as a failure).
     */
    public static Result run(int points, int resamples, long seed, double level,
                             Function<double[], Map<String, Double>> refit) {
        if (resamples < 2) {
            throw new IllegalArgumentException("--bootstrap needs at least 2 resamples, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), got " + level);
        }
        var random = new SplittableRandom(seed);
        double[][] weights = new double[resamples][points];
        for (double[] w : weights) {
            for (int k = 0; k < points; k++) {
                w[random.nextInt(points)] += 1;
            }
        }
        var results = new java.util.ArrayList<Map<String, Double>>(java.util.Collections.nCopies(resamples, Map.of()));
        IntStream.range(0, resamples).parallel().forEach(r -> results.set(r, refit.apply(weights[r])));
        var names = new LinkedHashMap<String, double[]>();
        for (int r = 0; r < resamples; r++) {
            for (var e : results.get(r).entrySet()) {
                names.computeIfAbsent(e.getKey(), k -> filled(resamples))[r] = e.getValue();
            }
        }
        var intervals = new LinkedHashMap<String, Interval>();
        var failures = new LinkedHashMap<String, Integer>();
        for (var e : names.entrySet()) {
            double[] finite = Arrays.stream(e.getValue()).filter(Double::isFinite).sorted().toArray();
            failures.put(e.getKey(), resamples - finite.length);
            if (finite.length >= 2) {
                double tail = (1 - level) / 2;
                intervals.put(e.getKey(), new Interval(quantile(finite, tail), quantile(finite, 0.5),
                        quantile(finite, 1 - tail), finite.length));
            }
        }
        return new Result(resamples, seed, level, intervals, failures);
    }

    /** Linear-interpolation quantile of sorted values (Hyndman & Fan 1996, type 7, numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double[] filled(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }
}
