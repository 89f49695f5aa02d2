package lab.scaling.fit;

/**
 * The Approach-3 objective of Hoffmann et al. 2022 (section 3.3, eq. 3) as Besiroglu et al. 2024
 * restate it: over points i, Huber_delta(LSE(a - alpha log N_i, b - beta log D_i, e) - log L_i),
 * summed (or averaged), with the analytic gradient in p = (a, b, e, alpha, beta).
 * Huber_delta(r) = r^2/2 for |r| <= delta, delta (|r| - delta/2) otherwise (Huber 1964).
 *
 * <p>Points carry integer-valued weights so a bootstrap resample is a weight vector (a point drawn
 * k times has weight k) and no arrays are copied. {@link #evaluate} allocates nothing.
 */
final class HuberObjective implements Lbfgs.Objective {
    private final double[] logN;
    private final double[] logD;
    private final double[] logL;
    private final double[] weight;
    private final double delta;
    private final boolean mean;
    private final double weightSum;

    HuberObjective(double[] logN, double[] logD, double[] logL, double[] weight, double delta, boolean mean) {
        this.logN = logN;
        this.logD = logD;
        this.logL = logL;
        this.weight = weight;
        this.delta = delta;
        this.mean = mean;
        double sum = 0;
        for (double w : weight) {
            sum += w;
        }
        this.weightSum = sum;
    }

    @Override
    public double evaluate(double[] p, double[] grad) {
        double a = p[0];
        double b = p[1];
        double e = p[2];
        double alpha = p[3];
        double beta = p[4];
        double total = 0;
        double ga = 0, gb = 0, ge = 0, gAlpha = 0, gBeta = 0;
        for (int i = 0; i < logN.length; i++) {
            double w = weight[i];
            if (w == 0) {
                continue;
            }
            double t1 = a - alpha * logN[i];
            double t2 = b - beta * logD[i];
            // log-sum-exp shifted by the largest term, whose exponential is 1: two exp calls, not three
            double m;
            double e1;
            double e2;
            double e3;
            if (t1 >= t2 && t1 >= e) {
                m = t1;
                e1 = 1;
                e2 = Math.exp(t2 - m);
                e3 = Math.exp(e - m);
            } else if (t2 >= e) {
                m = t2;
                e1 = Math.exp(t1 - m);
                e2 = 1;
                e3 = Math.exp(e - m);
            } else {
                m = e;
                e1 = Math.exp(t1 - m);
                e2 = Math.exp(t2 - m);
                e3 = 1;
            }
            double sum = e1 + e2 + e3;
            double r = m + Math.log(sum) - logL[i];
            double dh;
            if (Math.abs(r) <= delta) {
                total += w * 0.5 * r * r;
                dh = r;
            } else {
                total += w * delta * (Math.abs(r) - 0.5 * delta);
                dh = r > 0 ? delta : -delta;
            }
            double c = w * dh / sum;     // d(loss)/d(t_k) = c · exp(t_k - m) (softmax weight)
            ga += c * e1;
            gAlpha -= c * e1 * logN[i];
            gb += c * e2;
            gBeta -= c * e2 * logD[i];
            ge += c * e3;
        }
        double scale = mean ? 1.0 / weightSum : 1.0;
        grad[0] = ga * scale;
        grad[1] = gb * scale;
        grad[2] = ge * scale;
        grad[3] = gAlpha * scale;
        grad[4] = gBeta * scale;
        return total * scale;
    }
}
