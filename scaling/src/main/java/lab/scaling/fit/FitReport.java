package lab.scaling.fit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lab.util.Json;

/**
 * Every fit of one set of runs, with its intervals and diagnostics: the entry point for {@code lab fit}
 * and {@code lab report}.
 *
 * <p>Inputs: a {@link FitInput} (runs from a CSV or a sweep folder via {@link FitInput#read}, or an
 * in-memory list via {@code new FitInput(runs, source, convention, List.of())}) and {@link Options}
 * (approaches, Huber settings, bootstrap size and seed, budgets of interest). Output: {@link #write(Path, boolean)}
 * writes {@code fit.json} (the {@code approach1/2/3}, {@code bootstrap} and {@code diagnostics} objects,
 * readable by {@code lab plan --method fit:FILE}) and, when asked, PNG and SVG plots under
 * {@code plots/}.
 *
 * <p>Bootstrap refits of Approach 3 start from the best {@link Approach3#KEPT_STARTS} grid points of
 * the full fit plus the full-data optimum rather than all 4,500 starts: BootstrapStartsTest checks that
 * this reaches the full grid's objective on resamples, and it keeps 1,000 refits within a minute.
 */
public final class FitReport {
    /**
     * @param approaches  which of 1, 2, 3 to run
     * @param strict      when true an approach that cannot run is an error; otherwise it is skipped with its reason
     * @param bootstrap   resamples (0: no intervals)
     * @param seed        bootstrap seed
     * @param ciLevel     interval coverage (0.8: 10th-90th percentile)
     * @param budgets     compute budgets at which N_opt, D_opt and their intervals are reported
     */
    public record Options(Set<Integer> approaches, boolean strict, Approach3.Settings settings, int bootstrap,
                          long seed, double ciLevel, List<Double> budgets) {
        public Options {
            approaches = Set.copyOf(approaches);
            budgets = List.copyOf(budgets);
            if (approaches.isEmpty() || !Set.of(1, 2, 3).containsAll(approaches)) {
                throw new IllegalArgumentException("--approach must be 1, 2, 3 or all, got " + approaches);
            }
            if (bootstrap < 0) {
                throw new IllegalArgumentException("--bootstrap must be >= 0, got " + bootstrap);
            }
            if (!(ciLevel > 0 && ciLevel < 1)) {
                throw new IllegalArgumentException("--ci-level must be in (0, 1), got " + ciLevel);
            }
            for (double c : budgets) {
                if (!(c > 0) || !Double.isFinite(c)) {
                    throw new IllegalArgumentException("--budgets must be positive FLOPs, got " + c);
                }
            }
        }

        public static Options defaults() {
            return new Options(Set.of(1, 2, 3), false, Approach3.Settings.DEFAULT, 0, 0, 0.8, List.of());
        }
    }

    private final FitInput input;
    private final Options options;
    private Approach1.Result approach1;
    private Approach2.Result approach2;
    private Approach3.Result approach3;
    private final Map<Integer, String> skipped = new LinkedHashMap<>();
    private Bootstrap.Result bootstrap;
    private Diagnostics.Result diagnostics;
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    private FitReport(FitInput input, Options options) {
        this.input = input;
        this.options = options;
    }

    /** Runs the requested approaches, the bootstrap and the diagnostics. */
    public static FitReport compute(FitInput input, Options options) {
        var report = new FitReport(input, options);
        var runs = input.runs();
        if (options.approaches().contains(3)) {
            report.approach3 = report.timed("approach3", 3, () -> Approach3.fit(runs, options.settings()));
        }
        if (options.approaches().contains(2)) {
            report.approach2 = report.timed("approach2", 2,
                    () -> Approach2.fit(runs, Run.unitWeights(runs.size()), options.strict()));
        }
        if (options.approaches().contains(1)) {
            report.approach1 = report.timed("approach1", 1, () -> Approach1.fit(runs));
        }
        if (report.approach1 == null && report.approach2 == null && report.approach3 == null) {
            throw new IllegalArgumentException("no fit could run on " + input.source() + ": " + report.skipped.values());
        }
        if (options.bootstrap() > 0) {
            report.bootstrap = report.timed("bootstrap", 0, () -> Bootstrap.run(runs.size(), options.bootstrap(),
                    options.seed(), options.ciLevel(), report::refit));
        }
        report.diagnostics = report.timed("diagnostics", 0, () -> Diagnostics.compute(input, report.approach1,
                report.approach2, report.approach3, options.settings(), options.budgets()));
        return report;
    }

    private <T> T timed(String name, int approach, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (options.strict() || approach == 0) {
                throw e;
            }
            skipped.put(approach, e.getMessage());
            return null;
        } finally {
            seconds.put(name, (System.nanoTime() - start) / 1e9);
        }
    }

    /** One bootstrap refit: every quantity the report prints, keyed "approachK.name". */
    private Map<String, Double> refit(double[] weights) {
        var runs = input.runs();
        var q = new LinkedHashMap<String, Double>();
        if (approach3 != null) {
            lawQuantities(q, weights);
        }
        if (approach2 != null) {
            try {
                var fit = Approach2.fit(runs, weights, false);
                powerLaws(q, "approach2", fit.paramsOpt(), fit.tokensOpt());
            } catch (IllegalArgumentException e) {
                // too few curves survived this resample: its quantities count as failures
            }
        }
        if (approach1 != null) {
            try {
                var fit = Approach1.fit(runs, weights);
                powerLaws(q, "approach1", fit.paramsOpt(), fit.tokensOpt());
            } catch (IllegalArgumentException e) {
                // a single size won the envelope in this resample
            }
        }
        return q;
    }

    private void lawQuantities(Map<String, Double> q, double[] weights) {
        ScalingLaw law;
        try {
            law = Approach3.fit(input.runs(), weights, options.settings(), approach3.refitStarts()).law();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return;   // no start converged on this resample: its quantities count as failures
        }
        q.put("approach3.E", law.E());
        q.put("approach3.A", law.A());
        q.put("approach3.B", law.B());
        q.put("approach3.alpha", law.alpha());
        q.put("approach3.beta", law.beta());
        if (law.hasFrontier()) {
            q.put("approach3.a", law.a());
            q.put("approach3.b", law.b());
            q.put("approach3.G", law.G());
            for (double c : options.budgets()) {
                q.put("approach3.n_opt@" + c, law.paramsOpt(c));
                q.put("approach3.d_opt@" + c, law.tokensOpt(c));
                q.put("approach3.loss@" + c, law.loss(law.paramsOpt(c), law.tokensOpt(c)));
            }
            for (double c : bandBudgets(this)) {
                q.put("approach3.band_n@" + c, law.paramsOpt(c));
                q.put("approach3.band_d@" + c, law.tokensOpt(c));
            }
        }
    }

    private void powerLaws(Map<String, Double> q, String prefix, PowerLaw n, PowerLaw d) {
        q.put(prefix + ".a", n.exponent());
        q.put(prefix + ".b", d.exponent());
        for (double c : options.budgets()) {
            q.put(prefix + ".n_opt@" + c, n.at(c));
            q.put(prefix + ".d_opt@" + c, d.at(c));
        }
        for (double c : bandBudgets(this)) {
            q.put(prefix + ".band_n@" + c, n.at(c));
            q.put(prefix + ".band_d@" + c, d.at(c));
        }
    }

    /** 12 log-spaced budgets over the fitted runs and requested budgets, where plots draw interval bands. */
    public static double[] bandBudgets(FitReport report) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Run r : report.input.runs()) {
            lo = Math.min(lo, r.flops());
            hi = Math.max(hi, r.flops());
        }
        for (double c : report.options.budgets()) {
            lo = Math.min(lo, c);
            hi = Math.max(hi, c);
        }
        double[] v = new double[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (v.length - 1));
        }
        return v;
    }

    /** Writes fit.json into {@code folder} and, when {@code plots}, PNG and SVG charts into folder/plots. */
    public void write(Path folder, boolean plots) {
        write(folder.resolve("fit.json"), plots ? folder.resolve("plots") : null);
    }

    /**
     * Writes fit.json to {@code fitJson} and PNG and SVG charts into {@code plotsFolder}; a null path skips
     * that output. Returns the charts written.
     */
    public List<Path> write(Path fitJson, Path plotsFolder) {
        if (fitJson != null) {
            Json.write(fitJson, FitJson.toJson(this));
        }
        return plotsFolder == null ? List.of() : lab.scaling.plot.FitPlots.write(this, plotsFolder);
    }

    /** Human-readable summary, one fact per line. */
    public List<String> summary() {
        var lines = new ArrayList<String>();
        lines.add(String.format(Locale.ROOT, "input %s: %d runs, params convention %s, flops convention %s%s", input.source(),
                input.runs().size(), input.convention().label(), input.flopsConvention(),
                input.skipped().isEmpty() ? "" : ", " + input.skipped().size() + " skipped"));
        if (approach3 != null) {
            var law = approach3.law();
            String frontier = law.hasFrontier()
                    ? String.format(Locale.ROOT, "a=%.3f b=%.3f G=%.4g", law.a(), law.b(), law.G())
                    : "no compute-optimal frontier (alpha and beta must be positive)";
            lines.add(String.format(Locale.ROOT, "approach 3: E=%.4f A=%.1f B=%.1f alpha=%.4f beta=%.4f %s "
                            + "objective=%.6g (%s Huber, delta %.0e, %d points)", law.E(), law.A(), law.B(), law.alpha(),
                    law.beta(), frontier, approach3.objective(),
                    approach3.settings().reduction().name().toLowerCase(Locale.ROOT), approach3.settings().huberDelta(),
                    approach3.nPoints()));
        }
        if (approach2 != null) {
            lines.add(String.format(Locale.ROOT, "approach 2: a=%.3f b=%.3f from %d IsoFLOP curves", approach2.a(),
                    approach2.b(), approach2.used().size()));
        }
        if (approach1 != null) {
            lines.add(String.format(Locale.ROOT, "approach 1: a=%.3f b=%.3f from %d envelope points, %d winning sizes",
                    approach1.a(), approach1.b(), approach1.envelope().size(), approach1.winners()));
        }
        skipped.forEach((k, why) -> lines.add("approach " + k + " skipped: " + why));
        if (bootstrap != null) {
            lines.add(String.format(Locale.ROOT, "bootstrap: %d resamples (seed %d), %s", bootstrap.resamples(),
                    bootstrap.seed(), bootstrap.percentiles()));
            for (var e : bootstrap.intervals().entrySet()) {
                if (!e.getKey().contains("@")) {
                    lines.add(String.format(Locale.ROOT, "  %-18s [%.4g, %.4g]", e.getKey(), e.getValue().lo(), e.getValue().hi()));
                }
            }
        }
        for (double c : options.budgets()) {
            lines.add(FitJson.budgetLine(this, c));
        }
        if (diagnostics.heldOut() != null) {
            var h = diagnostics.heldOut();
            var line = new StringBuilder(String.format(Locale.ROOT, "held-out check: %d run(s) at %.3g FLOPs refitted without them:",
                    h.runs(), h.flops()));
            if (Double.isFinite(h.rmsLogError())) {
                line.append(String.format(Locale.ROOT, " loss rms log error %.4f (max %.2f%%);", h.rmsLogError(),
                        100 * h.maxRelativeError()));
            }
            if (Double.isFinite(h.paramsOptObserved())) {
                line.append(String.format(Locale.ROOT, " N_opt observed %.3g", h.paramsOptObserved()));
            }
            if (Double.isFinite(h.paramsOptApproach3())) {
                line.append(String.format(Locale.ROOT, " predicted by approach 3 %.3g", h.paramsOptApproach3()));
            }
            if (Double.isFinite(h.paramsOptApproach2())) {
                line.append(String.format(Locale.ROOT, ", by approach 2 %.3g", h.paramsOptApproach2()));
            }
            lines.add(line.toString());
        }
        warnings().forEach(w -> lines.add("warning: " + w));
        seconds.forEach((k, s) -> lines.add(String.format(Locale.ROOT, "%s took %.2f s", k, s)));
        return lines;
    }

    /** Every warning of the fits and the diagnostics. */
    public List<String> warnings() {
        var all = new ArrayList<String>();
        if (approach2 != null) all.addAll(approach2.warnings());
        if (approach1 != null) all.addAll(approach1.warnings());
        all.addAll(diagnostics.warnings());
        return all;
    }

    public FitInput input() { return input; }
    public Options options() { return options; }
    public Approach1.Result approach1() { return approach1; }
    public Approach2.Result approach2() { return approach2; }
    public Approach3.Result approach3() { return approach3; }
    public Map<Integer, String> skipped() { return java.util.Collections.unmodifiableMap(skipped); }
    public Bootstrap.Result bootstrap() { return bootstrap; }
    public Diagnostics.Result diagnostics() { return diagnostics; }
    public Map<String, Double> seconds() { return java.util.Collections.unmodifiableMap(seconds); }
}
