package lab.scaling.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /**
     * Warnings for an allocation beyond the method's fitted range: more than {@code factor} times its
     * largest compute or model (SCALING.md: the Chinchilla exponents were fitted up to about 16B params /
     * 5e23 FLOPs; a fit:FILE warns beyond 10x its largest run). A fit.json without a fitted range gets
     * one warning saying the check could not be made; a fit counted differently from C = 6·N_total·D
     * gets its caveat.
     */
    public static List<String> extrapolationWarnings(Method method, Allocation a) {
        var warnings = new ArrayList<String>();
        Method.FittedRange r = method.range();
        if (r == null) {
            if (method.name().startsWith("fit:")) {
                warnings.add(method.name() + " has no fitted_range (written by an older lab fit): extrapolation is not checked");
            }
            return warnings;
        }
        if (r.caveat() != null) {
            warnings.add(r.caveat());
        }
        String beyond = r.factor() > 1 ? String.format(Locale.ROOT, "more than %.0fx beyond", r.factor()) : "beyond";
        if (a.flops() > r.factor() * r.maxFlops()) {
            warnings.add(String.format(Locale.ROOT, "%.3g FLOPs is %s the largest budget of %s (%.3g FLOPs): "
                    + "%s's exponents may not hold there", a.flops(), beyond, r.source(), r.maxFlops(), method.name()));
        }
        if (a.params() > r.factor() * r.maxParams()) {
            warnings.add(String.format(Locale.ROOT, "%.3g params is %s the largest model of %s (%.3g params): "
                    + "%s's exponents may not hold there", (double) a.params(), beyond, r.source(), r.maxParams(), method.name()));
        }
        return warnings;
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
