package lab.scaling.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Chinchilla Approach 2 (Hoffmann et al. 2022, section 3.2): group runs into IsoFLOP curves (flops
 * equal within 1%), fit a parabola of loss in log N per curve, take its vertex as N_opt(C), then fit
 * N_opt ∝ C^a and D_opt ∝ C^b by log-log least squares. D_opt is read from the data: per curve a line
 * ln D = t0 + t1 (ln N - centre) through the runs' own token counts, evaluated at N_opt. Hoffmann et al.
 * use D_opt = C / (6 N_opt), which holds only when flops are 6·N·D with the same N as the fit (not
 * under 6n-attention or chinchilla flops, nor for non-embedding N); with C = 6ND the line has t1 = -1
 * and gives that value.
 * Czech et al. 2026 show the vertex is biased by grid width and off-centre sampling, hence the
 * warnings when a vertex is not inside its curve's sampled range.
 */
public final class Approach2 {
    /** Runs whose flops differ by at most this fraction from a curve's first run join that curve. */
    public static final double FLOPS_TOLERANCE = 0.01;
    /** Distinct model sizes a parabola needs. */
    public static final int MIN_SIZES = 3;

    /**
     * One IsoFLOP curve: loss ≈ c0 + c1 x + c2 x^2 and ln D ≈ t0 + t1 x with x = ln N - centre.
     *
     * @param flops     geometric mean of the curve's flops
     * @param runs      indices into the fitted run list
     * @param minParams smallest sampled N; maxParams the largest
     */
    public record Curve(double flops, List<Integer> runs, double centre, double c0, double c1, double c2,
                        double t0, double t1, double minParams, double maxParams) {
        public boolean opensUpward() {
            return c2 > 0;
        }

        public double paramsOpt() {
            return Math.exp(centre - c1 / (2 * c2));
        }

        /** Tokens at the vertex, from the curve's own (N, D) pairs. */
        public double tokensOpt() {
            return Math.exp(t0 + t1 * (Math.log(paramsOpt()) - centre));
        }

        public double lossMin() {
            return c0 - c1 * c1 / (4 * c2);
        }

        public double lossAt(double params) {
            double x = Math.log(params) - centre;
            return c0 + c1 * x + c2 * x * x;
        }

        public boolean vertexInside() {
            double n = paramsOpt();
            return opensUpward() && n >= minParams && n <= maxParams;
        }
    }

    /**
     * @param curves   every curve with at least {@link #MIN_SIZES} sizes
     * @param used     the curves whose parabola opens upward (these give the power laws)
     * @param paramsOpt N_opt(C) power law: its exponent is a
     * @param tokensOpt D_opt(C) power law: its exponent is b
     * @param warnings vertices outside the sampled range, parabolas opening downward
     */
    public record Result(List<Curve> curves, List<Curve> used, PowerLaw paramsOpt, PowerLaw tokensOpt,
                         PowerLaw lossMin, List<String> warnings) {
        public double a() {
            return paramsOpt.exponent();
        }

        public double b() {
            return tokensOpt.exponent();
        }
    }

    private Approach2() {}

    /** Groups runs (sorted by flops or not) into IsoFLOP curves; each list holds run indices. */
    public static List<List<Integer>> group(List<Run> runs) {
        var order = new ArrayList<Integer>();
        for (int i = 0; i < runs.size(); i++) {
            order.add(i);
        }
        order.sort((x, y) -> Double.compare(runs.get(x).flops(), runs.get(y).flops()));
        var groups = new ArrayList<List<Integer>>();
        List<Integer> current = null;
        double first = 0;
        for (int i : order) {
            double c = runs.get(i).flops();
            if (current == null || c > first * (1 + FLOPS_TOLERANCE)) {
                current = new ArrayList<>();
                groups.add(current);
                first = c;
            }
            current.add(i);
        }
        return groups;
    }

    public static Result fit(List<Run> runs) {
        return fit(runs, Run.unitWeights(runs.size()), true);
    }

    /**
     * Fits with point weights (bootstrap counts). With {@code strict}, a curve with fewer than
     * {@link #MIN_SIZES} sizes is an error naming its budget; otherwise such curves are left out with a
     * warning, unless they are the majority (then the runs are not an IsoFLOP grid and that is an error).
     */
    public static Result fit(List<Run> runs, double[] weights, boolean strict) {
        var curves = new ArrayList<Curve>();
        var used = new ArrayList<Curve>();
        var warnings = new ArrayList<String>();
        int tooSmall = 0;
        int budgets = 0;
        String firstTooSmall = null;
        for (List<Integer> group : group(runs)) {
            var members = new ArrayList<Integer>();
            var sizes = new TreeSet<Long>();
            for (int i : group) {
                if (weights[i] > 0) {
                    members.add(i);
                    sizes.add(runs.get(i).params());
                }
            }
            if (members.isEmpty()) {
                continue;
            }
            double flops = geometricMeanFlops(runs, members);
            budgets++;
            if (sizes.size() < MIN_SIZES) {
                String why = String.format(Locale.ROOT,
                        "Approach 2: the IsoFLOP curve at %.3g FLOPs has %d model size(s) (%s); a parabola needs at least %d",
                        flops, sizes.size(), idList(runs, members), MIN_SIZES);
                if (strict) {
                    throw new IllegalArgumentException(why);
                }
                tooSmall++;
                firstTooSmall = firstTooSmall == null ? why : firstTooSmall;
                warnings.add(why + "; left out");
                continue;
            }
            Curve curve = parabola(runs, members, weights, flops);
            curves.add(curve);
            if (!curve.opensUpward()) {
                warnings.add(String.format(Locale.ROOT, "IsoFLOP curve at %.3g FLOPs opens downward: no minimum, left out", flops));
            } else {
                used.add(curve);
                if (!curve.vertexInside()) {
                    warnings.add(String.format(Locale.ROOT,
                            "IsoFLOP curve at %.3g FLOPs: minimum at N=%.3g lies outside the sampled sizes [%.3g, %.3g]; widen or move the grid",
                            flops, curve.paramsOpt(), curve.minParams(), curve.maxParams()));
                }
            }
        }
        if (2 * tooSmall > budgets) {
            throw new IllegalArgumentException(tooSmall + " of " + budgets + " flops groups have fewer than " + MIN_SIZES
                    + " sizes: the runs are not on an IsoFLOP grid (" + firstTooSmall + ")");
        }
        if (used.size() < 2) {
            throw new IllegalArgumentException("Approach 2 needs at least 2 IsoFLOP curves with a minimum, got "
                    + used.size() + " (runs are grouped by flops within 1%)");
        }
        double[] c = new double[used.size()];
        double[] n = new double[used.size()];
        double[] d = new double[used.size()];
        double[] l = new double[used.size()];
        for (int k = 0; k < c.length; k++) {
            c[k] = used.get(k).flops();
            n[k] = used.get(k).paramsOpt();
            d[k] = used.get(k).tokensOpt();
            l[k] = used.get(k).lossMin();
        }
        PowerLaw lossLaw = allPositive(l) ? PowerLaw.fit(c, l) : null;
        return new Result(curves, used, PowerLaw.fit(c, n), PowerLaw.fit(c, d), lossLaw, warnings);
    }

    /**
     * Weighted least-squares parabola of loss in x = ln N - mean ln N (normal equations, 3x3), and the
     * weighted least-squares line of ln D in x (x has weighted mean 0, so t0 = mean ln D, t1 = Sxy / Sxx).
     */
    static Curve parabola(List<Run> runs, List<Integer> members, double[] weights, double flops) {
        double centre = 0;
        double wSum = 0;
        double minN = Double.MAX_VALUE;
        double maxN = 0;
        for (int i : members) {
            centre += weights[i] * Math.log(runs.get(i).params());
            wSum += weights[i];
            minN = Math.min(minN, runs.get(i).params());
            maxN = Math.max(maxN, runs.get(i).params());
        }
        centre /= wSum;
        double[][] m = new double[3][4];   // augmented normal equations [X^T W X | X^T W y]
        for (int i : members) {
            double x = Math.log(runs.get(i).params()) - centre;
            double[] row = {1, x, x * x};
            for (int r = 0; r < 3; r++) {
                for (int col = 0; col < 3; col++) {
                    m[r][col] += weights[i] * row[r] * row[col];
                }
                m[r][3] += weights[i] * row[r] * runs.get(i).loss();
            }
        }
        double[] coef = LinearSystem.solve(m);
        if (coef == null) {
            throw new IllegalArgumentException("parabola fit is singular (too few distinct sizes)");
        }
        double t0 = 0;
        for (int i : members) {
            t0 += weights[i] * Math.log(runs.get(i).tokens());
        }
        t0 /= wSum;
        double sxx = 0;
        double sxy = 0;
        for (int i : members) {
            double x = Math.log(runs.get(i).params()) - centre;
            sxx += weights[i] * x * x;
            sxy += weights[i] * x * (Math.log(runs.get(i).tokens()) - t0);
        }
        return new Curve(flops, List.copyOf(members), centre, coef[0], coef[1], coef[2], t0, sxy / sxx, minN, maxN);
    }

    private static double geometricMeanFlops(List<Run> runs, List<Integer> members) {
        double s = 0;
        for (int i : members) {
            s += Math.log(runs.get(i).flops());
        }
        return Math.exp(s / members.size());
    }

    private static boolean allPositive(double[] v) {
        for (double x : v) {
            if (!(x > 0)) {
                return false;
            }
        }
        return true;
    }

    private static String idList(List<Run> runs, List<Integer> members) {
        var ids = new ArrayList<String>();
        for (int i : members.subList(0, Math.min(3, members.size()))) {
            ids.add(runs.get(i).id());
        }
        return String.join(", ", ids) + (members.size() > 3 ? ", ..." : "");
    }
}
