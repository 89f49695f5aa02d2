package lab.scaling.fit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Chinchilla Approach 1 (Hoffmann et al. 2022, section 3.1): at many log-spaced compute values take
 * the lowest loss any run reached (the envelope of the (flops, loss) curves); the run attaining it gives
 * N_opt(C), and the tokens that run had seen at C give D_opt(C); then N_opt ∝ C^a and D_opt ∝ C^b by
 * log-log least squares. D is read from the curve (metrics.jsonl {@code tokens}), not taken as C / (6 N),
 * which holds only when flops are 6·N_total·D (not under 6n-attention or chinchilla flops, nor for
 * non-embedding N).
 * Curves are interpolated linearly in log flops and not smoothed. The compute values span from the
 * smallest run's final compute to the largest run's, where the envelope compares finished runs.
 */
public final class Approach1 {
    /** Compute values on the envelope (Hoffmann et al. used 1,500). */
    public static final int ENVELOPE_POINTS = 1500;

    /**
     * One envelope point: at compute {@code flops} the run {@code run} (index) reached the lowest loss,
     * having seen {@code tokens} tokens.
     */
    public record EnvelopePoint(double flops, int run, long params, double tokens, double loss) {}

    public record Result(List<EnvelopePoint> envelope, PowerLaw paramsOpt, PowerLaw tokensOpt, int winners,
                         List<String> warnings) {
        public double a() {
            return paramsOpt.exponent();
        }

        public double b() {
            return tokensOpt.exponent();
        }
    }

    private Approach1() {}

    public static Result fit(List<Run> runs) {
        return fit(runs, Run.unitWeights(runs.size()));
    }

    /** Fits using the runs with positive weight (a bootstrap resample only changes which runs compete). */
    public static Result fit(List<Run> runs, double[] weights) {
        double cMin = Double.MAX_VALUE;
        double cMax = 0;
        int withCurves = 0;
        for (int i = 0; i < runs.size(); i++) {
            var curve = runs.get(i).curve();
            if (weights[i] > 0 && curve.size() >= 2) {
                withCurves++;
                double end = curve.get(curve.size() - 1).flops();
                cMin = Math.min(cMin, end);
                cMax = Math.max(cMax, end);
            }
        }
        if (withCurves < 3) {
            throw new IllegalArgumentException("Approach 1 needs loss curves (metrics.jsonl val_loss lines from a sweep folder) "
                    + "for at least 3 runs, got " + withCurves);
        }
        if (!(cMax > cMin * 1.01)) {
            throw new IllegalArgumentException("Approach 1 needs runs that end at different compute; all end near "
                    + String.format(Locale.ROOT, "%.3g", cMax) + " FLOPs");
        }
        var envelope = new ArrayList<EnvelopePoint>();
        double logMin = Math.log(cMin);
        double step = (Math.log(cMax) - logMin) / (ENVELOPE_POINTS - 1);
        for (int k = 0; k < ENVELOPE_POINTS; k++) {
            double c = Math.exp(logMin + k * step);
            int best = -1;
            double bestLoss = Double.MAX_VALUE;
            for (int i = 0; i < runs.size(); i++) {
                if (weights[i] > 0) {
                    double l = lossAt(runs.get(i).curve(), c);
                    if (l < bestLoss) {
                        bestLoss = l;
                        best = i;
                    }
                }
            }
            if (best >= 0) {
                var curve = runs.get(best).curve();
                envelope.add(new EnvelopePoint(c, best, runs.get(best).params(), tokensAt(curve, c), bestLoss));
            }
        }
        double[] x = new double[envelope.size()];
        double[] n = new double[envelope.size()];
        double[] d = new double[envelope.size()];
        var sizes = new HashSet<Long>();
        for (int k = 0; k < x.length; k++) {
            x[k] = envelope.get(k).flops();
            n[k] = envelope.get(k).params();
            d[k] = envelope.get(k).tokens();
            sizes.add(envelope.get(k).params());
        }
        var warnings = new ArrayList<String>();
        if (sizes.size() < 3) {
            warnings.add("Approach 1: only " + sizes.size() + " model size(s) ever attain the envelope; a and b are poorly determined");
        }
        if (sizes.size() < 2) {
            throw new IllegalArgumentException("Approach 1: a single model size attains the whole envelope; a is undetermined");
        }
        return new Result(envelope, PowerLaw.fit(x, n), PowerLaw.fit(x, d), sizes.size(), warnings);
    }

    /** Loss of a curve at compute c by linear interpolation in log flops; +infinity outside its span. */
    static double lossAt(List<Run.CurvePoint> curve, double c) {
        int lo = bracket(curve, c);
        if (lo < 0) {
            return Double.POSITIVE_INFINITY;
        }
        var p = curve.get(lo);
        var q = curve.get(lo + 1);
        return p.loss() + fraction(p, q, c) * (q.loss() - p.loss());
    }

    /**
     * Tokens a run had seen at compute c, interpolated linearly in log-log between its curve points
     * (exact when flops per token is constant within the run, as under every flops convention).
     */
    static double tokensAt(List<Run.CurvePoint> curve, double c) {
        int lo = bracket(curve, c);
        if (lo < 0) {
            throw new IllegalArgumentException("compute " + c + " lies outside the curve");
        }
        var p = curve.get(lo);
        var q = curve.get(lo + 1);
        return Math.exp(Math.log(p.tokens()) + fraction(p, q, c) * (Math.log(q.tokens()) - Math.log(p.tokens())));
    }

    /** Position of c between p and q in log flops (0 at p, 1 at q). */
    private static double fraction(Run.CurvePoint p, Run.CurvePoint q, double c) {
        double span = Math.log(q.flops()) - Math.log(p.flops());
        return span > 0 ? (Math.log(c) - Math.log(p.flops())) / span : 0;
    }

    /** Index lo with curve[lo].flops <= c <= curve[lo + 1].flops, or -1 when c is outside the curve. */
    private static int bracket(List<Run.CurvePoint> curve, double c) {
        int size = curve.size();
        if (size < 2 || c < curve.get(0).flops() || c > curve.get(size - 1).flops()) {
            return -1;
        }
        int lo = 0;
        int hi = size - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (curve.get(mid).flops() <= c) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
