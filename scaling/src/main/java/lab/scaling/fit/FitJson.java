package lab.scaling.fit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import lab.util.Json;
import lab.util.LabVersion;

/** fit.json: the report as JSON numbers (non-finite values become null), read back by the planner. */
public final class FitJson {
    private FitJson() {}

    public static ObjectNode toJson(FitReport report) {
        var root = Json.object();
        root.put("lab_version", LabVersion.VERSION);
        var in = root.putObject("input");
        in.put("source", report.input().source().toString());
        in.put("runs", report.input().runs().size());
        in.put("params_convention", report.input().convention().label());
        in.put("flops_convention", report.input().flopsConvention());
        var skippedRuns = in.putArray("skipped");
        report.input().skipped().forEach(skippedRuns::add);
        // the range the exponents were fitted on: lab plan --method fit:FILE warns beyond it
        var range = root.putObject("fitted_range");
        num(range, "min_flops", report.input().minFlops());
        num(range, "max_flops", report.input().maxFlops());
        range.put("max_params", report.input().maxParams());
        range.put("params_convention", report.input().convention().label());
        range.put("flops_convention", report.input().flopsConvention());
        var a3 = report.approach3();
        if (a3 != null) {
            var o = root.putObject("approach3");
            var law = a3.law();
            num(o, "E", law.E());
            num(o, "A", law.A());
            num(o, "B", law.B());
            num(o, "alpha", law.alpha());
            num(o, "beta", law.beta());
            if (law.hasFrontier()) {
                num(o, "a", law.a());
                num(o, "b", law.b());
                num(o, "G", law.G());
            }
            num(o, "objective", a3.objective());
            o.put("n_points", a3.nPoints());
            o.put("reduction", a3.settings().reduction().name().toLowerCase(Locale.ROOT));
            num(o, "huber_delta", a3.settings().huberDelta());
            var predictions = o.putArray("predictions");
            for (double c : report.options().budgets()) {
                if (law.hasFrontier()) {
                    var p = predictions.addObject();
                    num(p, "flops", c);
                    num(p, "n_opt", law.paramsOpt(c));
                    num(p, "d_opt", law.tokensOpt(c));
                    num(p, "loss", law.loss(law.paramsOpt(c), law.tokensOpt(c)));
                }
            }
            ci(o, report, "approach3");
        }
        var a2 = report.approach2();
        if (a2 != null) {
            var o = root.putObject("approach2");
            num(o, "a", a2.a());
            num(o, "b", a2.b());
            powerLaw(o.putObject("n_opt_law"), a2.paramsOpt());
            powerLaw(o.putObject("d_opt_law"), a2.tokensOpt());
            var budgets = o.putArray("budgets");
            for (var curve : a2.curves()) {
                var b = budgets.addObject();
                num(b, "flops", curve.flops());
                b.put("runs", curve.runs().size());
                b.put("opens_upward", curve.opensUpward());
                if (curve.opensUpward()) {
                    num(b, "n_opt", curve.paramsOpt());
                    num(b, "d_opt", curve.tokensOpt());
                    num(b, "loss_min", curve.lossMin());
                    b.put("vertex_inside", curve.vertexInside());
                }
                num(b, "min_params", curve.minParams());
                num(b, "max_params", curve.maxParams());
            }
            predictions(o, report, a2.paramsOpt(), a2.tokensOpt());
            strings(o.putArray("warnings"), a2.warnings());
            ci(o, report, "approach2");
        }
        var a1 = report.approach1();
        if (a1 != null) {
            var o = root.putObject("approach1");
            num(o, "a", a1.a());
            num(o, "b", a1.b());
            powerLaw(o.putObject("n_opt_law"), a1.paramsOpt());
            powerLaw(o.putObject("d_opt_law"), a1.tokensOpt());
            o.put("envelope_points", a1.envelope().size());
            o.put("winning_sizes", a1.winners());
            predictions(o, report, a1.paramsOpt(), a1.tokensOpt());
            strings(o.putArray("warnings"), a1.warnings());
            ci(o, report, "approach1");
        }
        if (!report.skipped().isEmpty()) {
            var s = root.putObject("skipped");
            report.skipped().forEach((k, why) -> s.put("approach" + k, why));
        }
        var boot = report.bootstrap();
        if (boot != null) {
            var o = root.putObject("bootstrap");
            o.put("resamples", boot.resamples());
            o.put("seed", boot.seed());
            num(o, "level", boot.level());
            o.put("percentiles", boot.percentiles());
            o.put("unit", "runs, resampled with replacement");
            var f = o.putObject("failures");
            boot.failures().entrySet().stream().filter(e -> e.getValue() > 0).sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> f.put(e.getKey(), e.getValue()));
        }
        diagnostics(root.putObject("diagnostics"), report);
        var sec = root.putObject("seconds");
        report.seconds().forEach((k, v) -> num(sec, k, v));
        return root;
    }

    /** One line per requested budget: N_opt and D_opt by each approach, with intervals when bootstrapped. */
    static String budgetLine(FitReport report, double c) {
        var sb = new StringBuilder(String.format(Locale.ROOT, "budget %.3g FLOPs:", c));
        for (String name : new String[] {"approach3", "approach2", "approach1"}) {
            Double n = null;
            Double d = null;
            if (name.equals("approach3") && report.approach3() != null && report.approach3().law().hasFrontier()) {
                n = report.approach3().law().paramsOpt(c);
                d = report.approach3().law().tokensOpt(c);
            } else if (name.equals("approach2") && report.approach2() != null) {
                n = report.approach2().paramsOpt().at(c);
                d = report.approach2().tokensOpt().at(c);
            } else if (name.equals("approach1") && report.approach1() != null) {
                n = report.approach1().paramsOpt().at(c);
                d = report.approach1().tokensOpt().at(c);
            }
            if (n != null) {
                sb.append(String.format(Locale.ROOT, " %s N_opt %.3g", name.replace("approach", "A"), n));
                var iv = report.bootstrap() == null ? null : report.bootstrap().intervals().get(name + ".n_opt@" + c);
                if (iv != null) {
                    sb.append(String.format(Locale.ROOT, " [%.3g, %.3g]", iv.lo(), iv.hi()));
                }
                sb.append(String.format(Locale.ROOT, " D_opt %.3g;", d));
            }
        }
        return sb.toString();
    }

    private static void predictions(ObjectNode o, FitReport report, PowerLaw n, PowerLaw d) {
        var arr = o.putArray("predictions");
        for (double c : report.options().budgets()) {
            var p = arr.addObject();
            num(p, "flops", c);
            num(p, "n_opt", n.at(c));
            num(p, "d_opt", d.at(c));
        }
    }

    /** ci: {name: {lo, median, hi}, predictions: [{flops, n_opt: {...}, d_opt: {...}}]} for one approach. */
    private static void ci(ObjectNode o, FitReport report, String prefix) {
        var boot = report.bootstrap();
        if (boot == null) {
            return;
        }
        var ci = o.putObject("ci");
        ci.put("percentiles", boot.percentiles());
        for (var e : boot.intervals().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(prefix + ".") && !key.contains("@")) {
                interval(ci.putObject(key.substring(prefix.length() + 1)), e.getValue());
            }
        }
        var arr = ci.putArray("predictions");
        for (double c : report.options().budgets()) {
            var p = arr.addObject();
            num(p, "flops", c);
            for (String q : new String[] {"n_opt", "d_opt", "loss"}) {
                var iv = boot.intervals().get(prefix + "." + q + "@" + c);
                if (iv != null) {
                    interval(p.putObject(q), iv);
                }
            }
        }
    }

    private static void diagnostics(ObjectNode o, FitReport report) {
        var d = report.diagnostics();
        o.put("params_convention", d.convention().label());
        var ex = o.putObject("exponent_a");
        d.exponents().forEach((k, v) -> num(ex, k, v));
        if (d.exponents().size() >= 2) {
            num(ex, "spread", d.exponentSpread());
        }
        if (!d.residuals().isEmpty()) {
            var r = o.putObject("residuals");
            r.put("of", "approach3, log(observed / predicted loss)");
            num(r, "rms", d.residualRms());
            var pts = r.putArray("points");
            for (var res : d.residuals()) {
                var p = pts.addObject();
                p.put("id", res.id());
                p.put("params", res.params());
                p.put("tokens", res.tokens());
                num(p, "flops", res.flops());
                num(p, "loss", res.loss());
                num(p, "predicted", res.predicted());
                num(p, "log_residual", res.logResidual());
            }
        }
        var h = d.heldOut();
        if (h != null) {
            var ho = o.putObject("held_out");
            num(ho, "flops", h.flops());
            ho.put("runs", h.runs());
            num(ho, "rms_log_error", h.rmsLogError());
            num(ho, "max_relative_error", h.maxRelativeError());
            num(ho, "n_opt_observed", h.paramsOptObserved());
            num(ho, "n_opt_approach3", h.paramsOptApproach3());
            num(ho, "n_opt_approach2", h.paramsOptApproach2());
        }
        strings(o.putArray("warnings"), report.warnings());
    }

    private static void interval(ObjectNode o, Bootstrap.Interval iv) {
        num(o, "lo", iv.lo());
        num(o, "median", iv.median());
        num(o, "hi", iv.hi());
    }

    private static void powerLaw(ObjectNode o, PowerLaw law) {
        num(o, "coefficient", law.coefficient());
        num(o, "exponent", law.exponent());
    }

    private static void strings(ArrayNode arr, java.util.List<String> values) {
        values.forEach(arr::add);
    }

    /** Puts a JSON number, or null when the value is NaN or infinite (JSON has no such numbers). */
    public static void num(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) {
            o.put(key, value);
        } else {
            o.putNull(key);
        }
    }
}
