package lab.scaling.plan;

import java.util.ArrayList;
import java.util.List;
import lab.scaling.fit.PowerLaw;
import lab.scaling.fit.ScalingLaw;

/**
 * Compute-optimal allocations for a budget, a model size or a token count. Every method keeps
 * C = 6 N D (Kaplan et al. 2020, section 2.1; Hoffmann et al. 2022, section 3.3).
 */
public final class Planner {
    /** The sizes of Hoffmann et al. 2022, Table 3. */
    public static final List<Double> TABLE3_SIZES = List.of(4e8, 1e9, 1e10, 6.7e10, 1.75e11, 2.8e11, 5.2e11, 1e12, 1e13);

    private Planner() {}

    public static Allocation forFlops(Method method, double flops) {
        requirePositive(flops, "--flops");
        if (method instanceof Method.Rule r) {
            // D = r N and C = 6 N D give N = sqrt(C / (6 r))
            return build(method, Math.sqrt(flops / (6 * r.tokensPerParam())), flops);
        }
        if (method instanceof Method.Law l) {
            return build(method, l.law().paramsOpt(flops), flops);
        }
        return build(method, ((Method.Frontier) method).paramsOpt().at(flops), flops);
    }

    public static Allocation forParams(Method method, double params) {
        requirePositive(params, "--params");
        if (method instanceof Method.Rule r) {
            return build(method, params, 6 * params * params * r.tokensPerParam());
        }
        if (method instanceof Method.Law l) {
            return build(method, params, l.law().flopsForParams(params));
        }
        PowerLaw p = ((Method.Frontier) method).paramsOpt();
        return build(method, params, Math.pow(params / p.coefficient(), 1 / p.exponent()));
    }

    public static Allocation forTokens(Method method, double tokens) {
        requirePositive(tokens, "--tokens");
        if (method instanceof Method.Rule r) {
            double n = tokens / r.tokensPerParam();
            return build(method, n, 6 * n * tokens);
        }
        if (method instanceof Method.Law l) {
            double c = l.law().flopsForTokens(tokens);
            return build(method, l.law().paramsOpt(c), c);
        }
        // D = C / (6 k C^a) = C^(1-a) / (6 k), solved for C
        PowerLaw p = ((Method.Frontier) method).paramsOpt();
        double c = Math.pow(6 * p.coefficient() * tokens, 1 / (1 - p.exponent()));
        return build(method, p.at(c), c);
    }

    /** One allocation per model size (Hoffmann et al. 2022, Table 3 layout). */
    public static List<Allocation> table(Method method, List<Double> sizes) {
        var rows = new ArrayList<Allocation>();
        for (double n : sizes) {
            rows.add(forParams(method, n));
        }
        return rows;
    }

    private static Allocation build(Method method, double params, double flops) {
        long n = Math.max(1, Math.round(params));
        long d = Math.max(1, Math.round(flops / (6.0 * params)));
        ScalingLaw law = method.law();
        return new Allocation(n, d, flops, law == null ? Double.NaN : law.loss(n, d));
    }

    private static void requirePositive(double v, String option) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(option + " must be positive, got " + v);
        }
    }
}
