package lab.scaling.plan;

import lab.scaling.fit.ScalingLaw;

/**
 * Inference-aware allocation (Sardana et al. 2023, "Beyond Chinchilla-Optimal", section 2): for a
 * lifetime inference volume T tokens, minimise training plus inference compute 6 N D + 2 N T subject to
 * L(N, D) = the loss of the compute-optimal model. On the constraint D(N) = (B / (L - E - A/N^alpha))^(1/beta)
 * (solving the Hoffmann et al. 2022 law for D); the optimum is a smaller N trained on more tokens.
 *
 * @param computeOptimal  the compute-optimal model for the requested target
 * @param lifetimeOptimal the model minimising lifetime compute at the same loss
 * @param inferenceTokens T
 */
public record InferenceAware(Allocation computeOptimal, Allocation lifetimeOptimal, double inferenceTokens) {
    /** Lifetime FLOPs 6 N D + 2 N T (Sardana et al. 2023, eq. 2; 2N FLOPs per inference token, Kaplan et al. 2020). */
    public static double lifetimeFlops(double params, double tokens, double inferenceTokens) {
        return 6 * params * tokens + 2 * params * inferenceTokens;
    }

    public double computeOptimalLifetimeFlops() {
        return lifetimeFlops(computeOptimal.params(), computeOptimal.tokens(), inferenceTokens);
    }

    public double lifetimeOptimalFlops() {
        return lifetimeFlops(lifetimeOptimal.params(), lifetimeOptimal.tokens(), inferenceTokens);
    }

    /** Fraction of lifetime compute saved against deploying the compute-optimal model. */
    public double savingFraction() {
        return 1 - lifetimeOptimalFlops() / computeOptimalLifetimeFlops();
    }

    public static InferenceAware plan(ScalingLaw law, Allocation computeOptimal, double inferenceTokens) {
        if (law == null) {
            throw new IllegalArgumentException("--inference-tokens needs a loss law: use --method hoffmann, epoch or fit:FILE with approach3");
        }
        if (!(inferenceTokens >= 0) || !Double.isFinite(inferenceTokens)) {
            throw new IllegalArgumentException("--inference-tokens must be >= 0, got " + inferenceTokens);
        }
        double target = law.loss(computeOptimal.params(), computeOptimal.tokens());
        double nStar = computeOptimal.params();
        // below nMin even infinite data cannot reach the target: E + A/N^alpha >= target
        double logMin = Math.log(Math.pow(law.A() / (target - law.E()), 1 / law.alpha()));
        double logMax = Math.log(nStar) + 1e-9;
        double lo = logMin + 1e-6 * (logMax - logMin);
        // coarse scan then golden-section refinement in log N
        int steps = 400;
        double bestU = logMax;
        double best = cost(law, target, logMax, inferenceTokens);
        for (int i = 0; i <= steps; i++) {
            double u = lo + (logMax - lo) * i / steps;
            double f = cost(law, target, u, inferenceTokens);
            if (f < best) {
                best = f;
                bestU = u;
            }
        }
        double width = (logMax - lo) / steps;
        double a = Math.max(lo, bestU - width);
        double b = Math.min(logMax, bestU + width);
        double phi = (Math.sqrt(5) - 1) / 2;
        for (int k = 0; k < 80; k++) {
            double x1 = b - phi * (b - a);
            double x2 = a + phi * (b - a);
            if (cost(law, target, x1, inferenceTokens) < cost(law, target, x2, inferenceTokens)) {
                b = x2;
            } else {
                a = x1;
            }
        }
        double n = Math.exp(0.5 * (a + b));
        double d = tokensAtLoss(law, target, n);
        var lifetime = new Allocation(Math.round(n), Math.round(d), 6 * n * d, law.loss(n, d));
        return new InferenceAware(computeOptimal, lifetime, inferenceTokens);
    }

    /** D such that L(N, D) = target: (B / (target - E - A/N^alpha))^(1/beta); +infinity when unreachable. */
    static double tokensAtLoss(ScalingLaw law, double target, double params) {
        double rest = target - law.E() - law.A() / Math.pow(params, law.alpha());
        return rest > 0 ? Math.pow(law.B() / rest, 1 / law.beta()) : Double.POSITIVE_INFINITY;
    }

    private static double cost(ScalingLaw law, double target, double logN, double inferenceTokens) {
        double n = Math.exp(logN);
        return lifetimeFlops(n, tokensAtLoss(law, target, n), inferenceTokens);
    }
}
