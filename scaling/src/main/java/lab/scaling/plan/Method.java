package lab.scaling.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import lab.scaling.fit.PowerLaw;
import lab.scaling.fit.ScalingLaw;
import lab.util.Json;

/** How the planner splits compute between parameters and tokens. */
public sealed interface Method {
    /** A short name for output ("rule", "hoffmann", "fit:fit.json approach3"). */
    String name();

    /** The loss law behind the method, or null when it has none (the rule, power-law-only fits). */
    ScalingLaw law();

    /** Where the method's exponents were fitted, or null when unknown (the rule, an old fit.json). */
    FittedRange range();

    /**
     * The data a method was fitted on: plans with more than {@code factor} times {@code maxFlops} or
     * {@code maxParams} extrapolate the exponents (SCALING.md: warn when extrapolating far beyond).
     * {@code caveat} (or null) says when the fit's counting differs from the planner's C = 6·N_total·D.
     */
    record FittedRange(double maxFlops, double maxParams, double factor, String source, String caveat) {
        /** Hoffmann et al. 2022 fitted up to about 5e23 FLOPs and 16B params (SCALING.md); Epoch refit the same points. */
        public static final FittedRange CHINCHILLA = new FittedRange(5e23, 1.6e10, 1, "the Chinchilla runs", null);
        /** A fit:FILE warns more than 10x beyond its largest run (issue 4, Diagnostics). */
        public static final double FIT_FACTOR = 10;

        public FittedRange {
            if (!(maxFlops > 0) || !(maxParams > 0) || !(factor >= 1)) {
                throw new IllegalArgumentException(source + ": fitted range needs positive max_flops and max_params, got "
                        + maxFlops + ", " + maxParams);
            }
        }
    }

    /**
     * The rule of thumb: C = 6 N D (Kaplan et al. 2020, section 2.1) and D = r N with r = 20 tokens
     * per parameter (Hoffmann et al. 2022, Table 3 rounds to about 20).
     */
    record Rule(double tokensPerParam) implements Method {
        public Rule {
            if (!(tokensPerParam > 0) || !Double.isFinite(tokensPerParam)) {
                throw new IllegalArgumentException("--tokens-per-param must be positive, got " + tokensPerParam);
            }
        }

        @Override
        public String name() {
            return "rule";
        }

        @Override
        public ScalingLaw law() {
            return null;
        }

        @Override
        public FittedRange range() {
            return null;
        }
    }

    /** A parametric law L(N, D) and its frontier (Hoffmann et al. 2022, Approach 3). */
    record Law(String name, ScalingLaw law, FittedRange range) implements Method {
        public Law {
            if (!law.hasFrontier()) {
                throw new IllegalArgumentException(name + ": alpha and beta must be positive to plan with it");
            }
        }

        public Law(String name, ScalingLaw law) {
            this(name, law, null);
        }
    }

    /** Power laws N_opt = k C^a (and D = C / 6N) from Approach 1 or 2 of a fit; no loss. */
    record Frontier(String name, PowerLaw paramsOpt, FittedRange range) implements Method {
        @Override
        public ScalingLaw law() {
            return null;
        }
    }

    /** Parses rule, hoffmann, epoch or fit:FILE. */
    public static Method parseOption(String text, double tokensPerParam) {
        if (text.equals("rule")) {
            return new Rule(tokensPerParam);
        }
        if (text.equals("hoffmann")) {
            return new Law("hoffmann", ScalingLaw.HOFFMANN, FittedRange.CHINCHILLA);
        }
        if (text.equals("epoch")) {
            return new Law("epoch", ScalingLaw.EPOCH, FittedRange.CHINCHILLA);
        }
        if (text.startsWith("fit:")) {
            return fromFit(Path.of(text.substring(4)));
        }
        throw new IllegalArgumentException("--method must be rule, hoffmann, epoch or fit:FILE, got '" + text + "'");
    }

    /** Reads a fit.json from {@code lab fit --out}: approach3's law if present, else approach2's or approach1's power law. */
    public static Method fromFit(Path file) {
        JsonNode fit = Json.read(file);
        JsonNode r = fit.path("fitted_range");
        String params = r.path("params_convention").asText("total");
        String flops = r.path("flops_convention").asText("6n");
        String caveat = params.equals("total") && (flops.equals("6n") || flops.equals("csv")) ? null
                : file + " counts params as " + params + " and flops as " + flops
                        + "; the planner splits C as 6·N·D, so N and D are approximate";
        FittedRange range = r.path("max_flops").isNumber() && r.path("max_params").isNumber()
                ? new FittedRange(r.get("max_flops").asDouble(), r.get("max_params").asDouble(), FittedRange.FIT_FACTOR,
                        "the runs of " + file, caveat)
                : null;
        JsonNode a3 = fit.path("approach3");
        if (a3.path("E").isNumber() && a3.path("A").isNumber() && a3.path("B").isNumber()
                && a3.path("alpha").isNumber() && a3.path("beta").isNumber()) {
            return new Law("fit:" + file + " approach3", new ScalingLaw(a3.get("E").asDouble(), a3.get("A").asDouble(),
                    a3.get("B").asDouble(), a3.get("alpha").asDouble(), a3.get("beta").asDouble()), range);
        }
        for (String approach : new String[] {"approach2", "approach1"}) {
            JsonNode n = fit.path(approach).path("n_opt_law");
            if (n.path("coefficient").isNumber() && n.path("exponent").isNumber()) {
                return new Frontier("fit:" + file + " " + approach,
                        new PowerLaw(n.get("coefficient").asDouble(), n.get("exponent").asDouble()), range);
            }
        }
        throw new IllegalArgumentException(file + ": no approach1, approach2 or approach3 fit in this file (write one with lab fit --out)");
    }
}
