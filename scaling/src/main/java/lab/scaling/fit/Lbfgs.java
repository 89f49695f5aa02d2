package lab.scaling.fit;

/**
 * Limited-memory BFGS for small smooth problems (Nocedal & Wright 2006, "Numerical Optimization",
 * algorithm 7.4 two-loop recursion; algorithms 3.5/3.6 strong-Wolfe line search with cubic
 * interpolation, eq. 3.59). The stopping rules copy SciPy's L-BFGS-B defaults, which the Chinchilla
 * fits (Hoffmann et al. 2022; Besiroglu et al. 2024) ran with: stop when max|gradient| <= 1e-5 or when
 * an iteration lowers f by at most 2.22e-9 · max(|f|, 1). The second rule is why an averaged
 * (tiny) objective stops early.
 *
 * <p>One instance is a reusable workspace: {@link #minimize} allocates nothing, so a thread can run
 * thousands of starts with one instance. Not thread-safe.
 */
public final class Lbfgs {
    /** f(x), writing the gradient into {@code gradient}; may return a non-finite value. */
    public interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    /**
     * @param memory             correction pairs kept (SciPy default 10)
     * @param maxIterations      iteration cap
     * @param gradientTolerance  stop when max|g_i| is at most this (SciPy pgtol 1e-5)
     * @param relativeTolerance  stop when (f_k - f_k+1) <= this · max(|f_k|, |f_k+1|, 1)
     *                           (SciPy factr 1e7 × machine epsilon = 2.22e-9)
     */
    public record Settings(int memory, int maxIterations, double gradientTolerance, double relativeTolerance) {
        public static final Settings SCIPY = new Settings(10, 1000, 1e-5, 1e7 * Math.ulp(1.0));

        public Settings {
            if (memory < 1 || maxIterations < 1 || !(gradientTolerance >= 0) || !(relativeTolerance >= 0)) {
                throw new IllegalArgumentException("invalid L-BFGS settings: memory=" + memory + " maxIterations="
                        + maxIterations + " gradientTolerance=" + gradientTolerance + " relativeTolerance=" + relativeTolerance);
            }
        }
    }

    private static final double C1 = 1e-3;   // sufficient decrease (SciPy's dcsrch ftol)
    private static final double C2 = 0.9;    // curvature (SciPy's dcsrch gtol)
    private static final int MAX_LINE_EVALS = 30;

    private final int n;
    private final Settings settings;
    private final double[] s;      // (memory, n) steps x_k+1 - x_k, ring buffer
    private final double[] y;      // (memory, n) gradient changes g_k+1 - g_k
    private final double[] rho;    // (memory) 1 / (y·s)
    private final double[] alphaH; // (memory) two-loop coefficients
    private final double[] g;      // (n) gradient at x
    private final double[] d;      // (n) search direction
    private final double[] xTrial; // (n)
    private final double[] gTrial; // (n)
    private int stored;
    private int newest;
    private int iterations;
    private int evaluations;

    public Lbfgs(int n, Settings settings) {
        this.n = n;
        this.settings = settings;
        int m = settings.memory();
        s = new double[m * n];
        y = new double[m * n];
        rho = new double[m];
        alphaH = new double[m];
        g = new double[n];
        d = new double[n];
        xTrial = new double[n];
        gTrial = new double[n];
    }

    public int iterations() {
        return iterations;
    }

    public int evaluations() {
        return evaluations;
    }

    /** Minimises f from {@code x}, which is overwritten with the best point found; returns f there. */
    public double minimize(Objective f, double[] x) {
        stored = 0;
        newest = -1;
        iterations = 0;
        evaluations = 1;
        double fx = f.evaluate(x, g);
        if (!Double.isFinite(fx)) {
            return fx;
        }
        for (; iterations < settings.maxIterations(); iterations++) {
            if (maxAbs(g) <= settings.gradientTolerance()) {
                break;
            }
            direction();
            double slope = dot(g, d);
            if (!(slope < 0)) {           // not a descent direction: forget the curvature pairs
                stored = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                slope = dot(g, d);
            }
            double step = stored == 0 ? 1.0 / Math.sqrt(dot(d, d)) : 1.0;
            double fNew = lineSearch(f, x, fx, slope, step);
            if (Double.isNaN(fNew)) {
                break;                    // no acceptable step: x is as good as we can do
            }
            remember(x);
            double fOld = fx;
            fx = fNew;
            System.arraycopy(xTrial, 0, x, 0, n);
            System.arraycopy(gTrial, 0, g, 0, n);
            if (fOld - fNew <= settings.relativeTolerance() * Math.max(Math.max(Math.abs(fOld), Math.abs(fNew)), 1.0)) {
                iterations++;
                break;
            }
        }
        return fx;
    }

    /** d = -H g by the two-loop recursion (Nocedal & Wright algorithm 7.4). */
    private void direction() {
        int m = settings.memory();
        for (int i = 0; i < n; i++) {
            d[i] = g[i];
        }
        for (int k = 0; k < stored; k++) {
            int j = Math.floorMod(newest - k, m);
            double a = rho[j] * dotRow(s, j, d);
            alphaH[j] = a;
            addRow(d, y, j, -a);
        }
        if (stored > 0) {
            double yy = dotRow(y, newest, y, newest);
            double gamma = 1.0 / (rho[newest] * yy);   // s·y / y·y
            for (int i = 0; i < n; i++) {
                d[i] *= gamma;
            }
        }
        for (int k = stored - 1; k >= 0; k--) {
            int j = Math.floorMod(newest - k, m);
            double b = rho[j] * dotRow(y, j, d);
            addRow(d, s, j, alphaH[j] - b);
        }
        for (int i = 0; i < n; i++) {
            d[i] = -d[i];
        }
    }

    /** Stores s = xTrial - x, y = gTrial - g when the curvature condition s·y > 0 holds. */
    private void remember(double[] x) {
        int m = settings.memory();
        int slot = (newest + 1) % m;
        double sy = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
            double si = xTrial[i] - x[i];
            double yi = gTrial[i] - g[i];
            s[slot * n + i] = si;
            y[slot * n + i] = yi;
            sy += si * yi;
            yy += yi * yi;
        }
        if (sy > 1e-10 * yy && sy > 0) {
            rho[slot] = 1.0 / sy;
            newest = slot;
            stored = Math.min(stored + 1, m);
        }
    }

    /**
     * Strong-Wolfe line search along d (Nocedal & Wright algorithm 3.5). On success xTrial/gTrial hold
     * the accepted point and its f is returned; NaN when no acceptable step was found.
     */
    private double lineSearch(Objective f, double[] x, double f0, double slope0, double firstStep) {
        double aPrev = 0;
        double fPrev = f0;
        double dPrev = slope0;
        double a = firstStep;
        for (int k = 0; k < MAX_LINE_EVALS; k++) {
            double fa = trial(f, x, a);
            if (!Double.isFinite(fa)) {   // overflowed: shrink towards the last good step
                a = aPrev + 0.1 * (a - aPrev);
                continue;
            }
            double da = dot(gTrial, d);
            if (fa > f0 + C1 * a * slope0 || (k > 0 && fa >= fPrev)) {
                return zoom(f, x, f0, slope0, aPrev, fPrev, dPrev, a, fa, da);
            }
            if (Math.abs(da) <= -C2 * slope0) {
                return fa;
            }
            if (da >= 0) {
                return zoom(f, x, f0, slope0, a, fa, da, aPrev, fPrev, dPrev);
            }
            aPrev = a;
            fPrev = fa;
            dPrev = da;
            a *= 4;
        }
        return bestOrNaN(f, x, f0, aPrev, fPrev);
    }

    /** Nocedal & Wright algorithm 3.6: shrink the bracket [lo, hi] with safeguarded cubic steps. */
    private double zoom(Objective f, double[] x, double f0, double slope0,
                        double lo, double fLo, double dLo, double hi, double fHi, double dHi) {
        for (int k = 0; k < MAX_LINE_EVALS; k++) {
            double a = cubicMinimum(lo, fLo, dLo, hi, fHi, dHi);
            double fa = trial(f, x, a);
            if (!Double.isFinite(fa)) {
                hi = a;
                fHi = Double.MAX_VALUE;
                dHi = Double.NaN;
                continue;
            }
            double da = dot(gTrial, d);
            if (fa > f0 + C1 * a * slope0 || fa >= fLo) {
                hi = a;
                fHi = fa;
                dHi = da;
            } else {
                if (Math.abs(da) <= -C2 * slope0) {
                    return fa;
                }
                if (da * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dHi = dLo;
                }
                lo = a;
                fLo = fa;
                dLo = da;
            }
            if (Math.abs(hi - lo) <= 1e-16 * Math.max(Math.abs(lo), 1e-300)) {
                break;
            }
        }
        return bestOrNaN(f, x, f0, lo, fLo);
    }

    /** Falls back to the best step seen when it lowered f; NaN otherwise. */
    private double bestOrNaN(Objective f, double[] x, double f0, double a, double fa) {
        if (a > 0 && fa < f0) {
            return trial(f, x, a);
        }
        return Double.NaN;
    }

    /** Minimiser of the cubic through (lo, fLo, dLo), (hi, fHi, dHi), kept inside the bracket's middle 80%. */
    private static double cubicMinimum(double lo, double fLo, double dLo, double hi, double fHi, double dHi) {
        double left = Math.min(lo, hi);
        double width = Math.abs(hi - lo);
        double t = Double.NaN;
        double d1 = dLo + dHi - 3 * (fLo - fHi) / (lo - hi);
        double disc = d1 * d1 - dLo * dHi;
        if (disc >= 0 && Double.isFinite(disc)) {
            double d2 = Math.signum(hi - lo) * Math.sqrt(disc);
            t = hi - (hi - lo) * (dHi + d2 - d1) / (dHi - dLo + 2 * d2);
        }
        if (!Double.isFinite(t) || t < left + 0.1 * width || t > left + 0.9 * width) {
            t = 0.5 * (lo + hi);
        }
        return t;
    }

    private double trial(Objective f, double[] x, double a) {
        for (int i = 0; i < n; i++) {
            xTrial[i] = x[i] + a * d[i];
        }
        evaluations++;
        return f.evaluate(xTrial, gTrial);
    }

    private double dot(double[] u, double[] v) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }

    private double dotRow(double[] rows, int row, double[] v) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += rows[row * n + i] * v[i];
        }
        return sum;
    }

    private double dotRow(double[] u, int ru, double[] v, int rv) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += u[ru * n + i] * v[rv * n + i];
        }
        return sum;
    }

    private void addRow(double[] target, double[] rows, int row, double scale) {
        for (int i = 0; i < n; i++) {
            target[i] += scale * rows[row * n + i];
        }
    }

    private double maxAbs(double[] v) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(v[i]));
        }
        return m;
    }
}
