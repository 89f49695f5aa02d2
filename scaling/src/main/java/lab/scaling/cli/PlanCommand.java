package lab.scaling.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import lab.scaling.fit.FitJson;
import lab.scaling.plan.Allocation;
import lab.scaling.plan.DataConstrained;
import lab.scaling.plan.InferenceAware;
import lab.scaling.plan.Method;
import lab.scaling.plan.Planner;
import lab.util.ExitCodes;
import lab.util.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lab plan}: how many parameters and tokens for a budget, a model size or a token count. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Compute-optimal allocation: parameters, tokens and FLOPs (C = 6ND) for one target,",
            "optionally inference-aware (Sardana et al. 2023) or data-constrained (Muennighoff et al. 2023).",
            "Warns (stderr, and a warnings array in --json) when a plan lies beyond the method's fitted range:",
            "hoffmann and epoch beyond ~5e23 FLOPs / 16B params, fit:FILE beyond 10x its largest run."})
public final class PlanCommand implements Callable<Integer> {
    static final class Target {
        @Option(names = "--flops", description = "Training compute budget C in FLOPs, e.g. 1e21.")
        Double flops;
        @Option(names = "--params", description = "Model size N in parameters, e.g. 7e9.")
        Double params;
        @Option(names = "--tokens", description = "Training tokens D, e.g. 1.4e11.")
        Double tokens;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    @Option(names = "--method", defaultValue = "rule",
            description = "rule (D = tokens-per-param x N), hoffmann, epoch (published laws) or fit:FILE (from lab fit --out). Default: ${DEFAULT-VALUE}")
    String method;

    @Option(names = "--tokens-per-param", defaultValue = "20", description = "Tokens per parameter for --method rule. Default: ${DEFAULT-VALUE}")
    double tokensPerParam;

    @Option(names = "--inference-tokens", description = "Lifetime inference tokens T: also print the lifetime-optimal model.")
    Double inferenceTokens;

    @Option(names = "--unique-tokens", description = "Unique tokens U available: print epochs, effective tokens and the loss penalty.")
    Double uniqueTokens;

    @Option(names = "--table", description = "Print Chinchilla-Table-3-style rows (params, FLOPs, tokens) for --sizes.")
    boolean table;

    @Option(names = "--sizes", split = ",", description = "Model sizes for --table. Default: Hoffmann et al. Table 3 (400M ... 10T).")
    List<Double> sizes;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Method m = Method.parseOption(method, tokensPerParam);
        if (target == null && !table) {
            throw new IllegalArgumentException("give one of --flops, --params or --tokens (or --table)");
        }
        PrintWriter out = spec.commandLine().getOut();
        var root = Json.object();
        root.put("method", m.name());
        var warnings = new LinkedHashSet<String>();
        if (target != null) {
            Allocation a = target.flops != null ? Planner.forFlops(m, target.flops)
                    : target.params != null ? Planner.forParams(m, target.params) : Planner.forTokens(m, target.tokens);
            allocation(root, a);
            warnings.addAll(Planner.extrapolationWarnings(m, a));
            if (!json) {
                out.printf(Locale.ROOT, "method %s%s%n", m.name(), m instanceof Method.Rule r
                        ? String.format(Locale.ROOT, " (%.4g tokens per parameter, C = 6ND)", r.tokensPerParam()) : " (C = 6ND)");
                out.printf(Locale.ROOT, "params           %s%n", human(a.params()));
                out.printf(Locale.ROOT, "tokens           %s%n", human(a.tokens()));
                out.printf(Locale.ROOT, "flops            %.3e%n", a.flops());
                out.printf(Locale.ROOT, "tokens/param     %.1f%n", a.tokensPerParam());
                out.printf(Locale.ROOT, "loss             %s%n", Double.isNaN(a.loss()) ? "n/a (this method has no loss law)"
                        : String.format(Locale.ROOT, "%.4f", a.loss()));
            }
            if (inferenceTokens != null) {
                var plan = InferenceAware.plan(m.law(), a, inferenceTokens);
                var o = root.putObject("inference");
                FitJson.num(o, "inference_tokens", inferenceTokens);
                allocation(o, plan.lifetimeOptimal());
                FitJson.num(o, "lifetime_flops", plan.lifetimeOptimalFlops());
                FitJson.num(o, "compute_optimal_lifetime_flops", plan.computeOptimalLifetimeFlops());
                FitJson.num(o, "saving_fraction", plan.savingFraction());
                if (!json) {
                    var l = plan.lifetimeOptimal();
                    out.printf(Locale.ROOT, "inference-aware (T = %.3g tokens, same loss %.4f): params %s, tokens %s, %.1f tokens/param%n",
                            inferenceTokens, l.loss(), human(l.params()), human(l.tokens()), l.tokensPerParam());
                    out.printf(Locale.ROOT, "  lifetime FLOPs %.3e vs %.3e for the compute-optimal model: saves %.1f%%%n",
                            plan.lifetimeOptimalFlops(), plan.computeOptimalLifetimeFlops(), 100 * plan.savingFraction());
                }
            }
            if (uniqueTokens != null) {
                var dc = DataConstrained.plan(m.law(), a, uniqueTokens);
                var o = root.putObject("data_constrained");
                FitJson.num(o, "unique_tokens", dc.uniqueTokens());
                FitJson.num(o, "epochs", dc.epochs());
                FitJson.num(o, "effective_tokens", dc.effectiveTokens());
                FitJson.num(o, "loss_penalty", dc.lossPenalty());
                if (!json) {
                    out.printf(Locale.ROOT, "data-constrained (U = %s unique): %.2f epochs, effective tokens D' = %s, loss penalty %s%n",
                            human(dc.uniqueTokens()), dc.epochs(), human(dc.effectiveTokens()),
                            Double.isNaN(dc.lossPenalty()) ? "n/a (needs a loss law)" : String.format(Locale.ROOT, "%+.4f", dc.lossPenalty()));
                }
            }
        }
        if (table) {
            var rows = Planner.table(m, sizes == null || sizes.isEmpty() ? Planner.TABLE3_SIZES : sizes);
            var arr = root.putArray("table");
            if (!json) {
                out.printf(Locale.ROOT, "%-10s %-10s %-10s %s%n", "params", "FLOPs", "tokens", "tokens/param");
            }
            for (var a : rows) {
                allocation(arr.addObject(), a);
                warnings.addAll(Planner.extrapolationWarnings(m, a));
                if (!json) {
                    out.printf(Locale.ROOT, "%-10s %-10.3g %-10s %.1f%n", compact(a.params()), a.flops(), compact(a.tokens()), a.tokensPerParam());
                }
            }
        }
        var warningArray = root.putArray("warnings");
        warnings.forEach(warningArray::add);
        PrintWriter err = spec.commandLine().getErr();
        warnings.forEach(w -> err.println("warning: " + w));
        err.flush();
        if (json) {
            out.print(Json.pretty(root));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void allocation(ObjectNode o, Allocation a) {
        o.put("params", a.params());
        o.put("tokens", a.tokens());
        FitJson.num(o, "flops", a.flops());
        FitJson.num(o, "tokens_per_param", a.tokensPerParam());
        FitJson.num(o, "loss", a.loss());
    }

    /** 7.00e+09 (7.0B): exact exponent form plus a readable suffix. */
    static String human(double v) {
        return String.format(Locale.ROOT, "%.3g (%s)", v, compact(v));
    }

    /** 7.0B, 400M, 1.5T: three significant digits and a suffix. */
    static String compact(double v) {
        String[] suffix = {"", "K", "M", "B", "T", "P"};
        int k = 0;
        double x = v;
        while (Math.abs(x) >= 1000 && k < suffix.length - 1) {
            x /= 1000;
            k++;
        }
        return String.format(Locale.ROOT, "%.3g%s", x, suffix[k]);
    }
}
