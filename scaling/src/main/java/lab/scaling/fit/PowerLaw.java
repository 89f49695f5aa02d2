package lab.scaling.fit;

/**
 * y = coefficient · x^exponent, fitted by ordinary least squares in log-log space, as Hoffmann et al.
 * 2022 (sections 3.1 and 3.2) fit N_opt ∝ C^a and D_opt ∝ C^b through per-budget optima.
 */
public record PowerLaw(double coefficient, double exponent) {
    public PowerLaw {
        if (!(coefficient > 0) || !Double.isFinite(coefficient) || !Double.isFinite(exponent)) {
            throw new IllegalArgumentException("power law needs a positive coefficient and a finite exponent, got "
                    + coefficient + " x^" + exponent);
        }
    }

    public double at(double x) {
        return coefficient * Math.pow(x, exponent);
    }

    /** Least squares of log y = log k + p log x over positive points; needs two distinct x. */
    public static PowerLaw fit(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a power law needs at least 2 points, got " + Math.min(x.length, y.length));
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0) || !(y[i] > 0)) {
                throw new IllegalArgumentException("power-law fit needs positive values, got (" + x[i] + ", " + y[i] + ")");
            }
            mx += Math.log(x[i]);
            my += Math.log(y[i]);
        }
        mx /= x.length;
        my /= x.length;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = Math.log(x[i]) - mx;
            sxx += dx * dx;
            sxy += dx * (Math.log(y[i]) - my);
        }
        if (!(sxx > 1e-24)) {
            throw new IllegalArgumentException("a power law needs at least 2 distinct x values");
        }
        double p = sxy / sxx;
        return new PowerLaw(Math.exp(my - p * mx), p);
    }
}
