package lab.scaling.plan;

import lab.scaling.fit.ScalingLaw;

/**
 * Training on repeated data (Muennighoff et al. 2023, "Scaling Data-Constrained Language Models",
 * section 3.1, eq. 5): with U unique tokens seen D/U times, the R_D = D/U - 1 repetitions are worth
 * D' = U + U R* (1 - exp(-R_D / R*)) fresh tokens, R* = 15.387756 (their fitted decay). The loss
 * penalty is L(N, D') - L(N, D) under the planning law (NaN without one). Excess-parameter decay
 * (R_N*) is not applied: the planner's N stays at or below the compute-optimal size.
 *
 * @param uniqueTokens U
 * @param tokens       D, the tokens the plan trains on
 * @param lossPenalty  predicted loss increase from repeating (NaN when the method has no law)
 */
public record DataConstrained(double uniqueTokens, double tokens, double effectiveTokens, double lossPenalty) {
    /** Muennighoff et al. 2023, section 3.1: fitted R_D*. */
    public static final double R_D_STAR = 15.387756;

    public double epochs() {
        return tokens / uniqueTokens;
    }

    public double repetitions() {
        return Math.max(0, epochs() - 1);
    }

    public static DataConstrained plan(ScalingLaw law, Allocation allocation, double uniqueTokens) {
        if (!(uniqueTokens > 0) || !Double.isFinite(uniqueTokens)) {
            throw new IllegalArgumentException("--unique-tokens must be positive, got " + uniqueTokens);
        }
        double d = allocation.tokens();
        double effective = effectiveTokens(uniqueTokens, d);
        double penalty = law == null ? Double.NaN
                : law.loss(allocation.params(), effective) - law.loss(allocation.params(), d);
        return new DataConstrained(uniqueTokens, d, effective, penalty);
    }

    /** D' = U + U R* (1 - exp(-R_D / R*)), R_D = max(0, D/U - 1); equals D when D <= U. */
    public static double effectiveTokens(double uniqueTokens, double tokens) {
        if (tokens <= uniqueTokens) {
            return tokens;
        }
        double repeats = tokens / uniqueTokens - 1;
        return uniqueTokens + uniqueTokens * R_D_STAR * (1 - Math.exp(-repeats / R_D_STAR));
    }
}
