package lab.scaling.fit;

/**
 * The parametric loss L(N, D) = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022, eq. 2) and the
 * compute-optimal frontier it implies under C = 6·N·D (Hoffmann et al. 2022, eq. 4 and Appendix D.2):
 * N_opt(C) = G (C/6)^a, D_opt(C) = G^-1 (C/6)^b, G = (alpha A / (beta B))^(1/(alpha+beta)),
 * a = beta / (alpha+beta), b = alpha / (alpha+beta).
 */
public record ScalingLaw(double E, double A, double B, double alpha, double beta) {
    /** Hoffmann et al. 2022, section 3.3, unrounded values (SCALING.md). */
    public static final ScalingLaw HOFFMANN = new ScalingLaw(1.69337368, 406.401018, 410.722827, 0.33917084, 0.2849083);
    /** Besiroglu et al. 2024 (Epoch AI), refit of the 240 digitised points with the summed Huber loss. */
    public static final ScalingLaw EPOCH = new ScalingLaw(1.8172, 482.01, 2085.43, 0.3478, 0.3658);

    public ScalingLaw {
        if (!Double.isFinite(E) || !(A > 0) || !(B > 0) || !Double.isFinite(A) || !Double.isFinite(B)
                || !Double.isFinite(alpha) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("scaling law needs finite E, alpha, beta and positive A, B; got E=" + E
                    + " A=" + A + " B=" + B + " alpha=" + alpha + " beta=" + beta);
        }
    }

    /** Builds the law from the LSE parameters (a, b, e, alpha, beta) with A = exp(a), B = exp(b), E = exp(e). */
    public static ScalingLaw fromLog(double[] p) {
        return new ScalingLaw(Math.exp(p[2]), Math.exp(p[0]), Math.exp(p[1]), p[3], p[4]);
    }

    public double loss(double params, double tokens) {
        return E + A / Math.pow(params, alpha) + B / Math.pow(tokens, beta);
    }

    /** a = beta / (alpha + beta): N_opt ∝ C^a. */
    public double a() {
        return beta / (alpha + beta);
    }

    /** b = alpha / (alpha + beta): D_opt ∝ C^b. */
    public double b() {
        return alpha / (alpha + beta);
    }

    /** G = (alpha A / (beta B))^(1/(alpha+beta)). */
    public double G() {
        return Math.pow(alpha * A / (beta * B), 1.0 / (alpha + beta));
    }

    /** Whether the frontier exists (both exponents positive). */
    public boolean hasFrontier() {
        return alpha > 0 && beta > 0;
    }

    public double paramsOpt(double flops) {
        requireFrontier();
        return G() * Math.pow(flops / 6.0, a());
    }

    public double tokensOpt(double flops) {
        requireFrontier();
        return Math.pow(flops / 6.0, b()) / G();
    }

    /** The compute C whose optimal model has {@code params} parameters (inverse of paramsOpt). */
    public double flopsForParams(double params) {
        requireFrontier();
        return 6.0 * Math.pow(params / G(), 1.0 / a());
    }

    /** The compute C whose optimal model trains on {@code tokens} tokens (inverse of tokensOpt). */
    public double flopsForTokens(double tokens) {
        requireFrontier();
        return 6.0 * Math.pow(tokens * G(), 1.0 / b());
    }

    private void requireFrontier() {
        if (!hasFrontier()) {
            throw new IllegalStateException("the law has alpha=" + alpha + ", beta=" + beta
                    + ": no compute-optimal frontier (both must be positive)");
        }
    }
}
