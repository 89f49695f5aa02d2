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
    }

    /** A parametric law L(N, D) and its frontier (Hoffmann et al. 2022, Approach 3). */
    record Law(String name, ScalingLaw law) implements Method {
        public Law {
            if (!law.hasFrontier()) {
                throw new IllegalArgumentException(name + ": alpha and beta must be positive to plan with it");
            }
        }
    }

    /** Power laws N_opt = k C^a (and D = C / 6N) from Approach 1 or 2 of a fit; no loss. */
    record Frontier(String name, PowerLaw paramsOpt) implements Method {
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
            return new Law("hoffmann", ScalingLaw.HOFFMANN);
        }
        if (text.equals("epoch")) {
            return new Law("epoch", ScalingLaw.EPOCH);
        }
        if (text.startsWith("fit:")) {
            return fromFit(Path.of(text.substring(4)));
        }
        throw new IllegalArgumentException("--method must be rule, hoffmann, epoch or fit:FILE, got '" + text + "'");
    }

    /** Reads a fit.json from {@code lab fit --out}: approach3's law if present, else approach2's or approach1's power law. */
    public static Method fromFit(Path file) {
        JsonNode fit = Json.read(file);
        JsonNode a3 = fit.path("approach3");
        if (a3.path("E").isNumber() && a3.path("A").isNumber() && a3.path("B").isNumber()
                && a3.path("alpha").isNumber() && a3.path("beta").isNumber()) {
            return new Law("fit:" + file + " approach3", new ScalingLaw(a3.get("E").asDouble(), a3.get("A").asDouble(),
                    a3.get("B").asDouble(), a3.get("alpha").asDouble(), a3.get("beta").asDouble()));
        }
        for (String approach : new String[] {"approach2", "approach1"}) {
            JsonNode n = fit.path(approach).path("n_opt_law");
            if (n.path("coefficient").isNumber() && n.path("exponent").isNumber()) {
                return new Frontier("fit:" + file + " " + approach,
                        new PowerLaw(n.get("coefficient").asDouble(), n.get("exponent").asDouble()));
            }
        }
        throw new IllegalArgumentException(file + ": no approach1, approach2 or approach3 fit in this file (write one with lab fit --out)");
    }
}
