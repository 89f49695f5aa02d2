package lab.scaling.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lab.scaling.fit.ScalingLaw;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Method RULE = new Method.Rule(20);
    private static final Method HOFFMANN = new Method.Law("hoffmann", ScalingLaw.HOFFMANN);

    @Test
    void ruleOfThumbSevenBillionParameters() {
        var a = Planner.forParams(RULE, 7e9);
        assertEquals(7_000_000_000L, a.params());
        assertEquals(140_000_000_000L, a.tokens());
        assertEquals(5.88e21, a.flops(), 1e9);
        assertEquals(20, a.tokensPerParam(), 1e-9);
        assertTrue(Double.isNaN(a.loss()));
        var back = Planner.forFlops(RULE, 5.88e21);
        assertEquals(7e9, back.params(), 1e3);
        assertEquals(1.4e11, Planner.forTokens(RULE, 1.4e11).tokens(), 1);
        assertEquals(7e9, Planner.forTokens(RULE, 1.4e11).params(), 1);
    }

    @Test
    void ruleTableMatchesChinchillaTable3AtSmallSizes() {
        // Hoffmann et al. 2022 Table 3: 400M -> 1.92e19 FLOPs, 8.0B tokens; 1B -> 1.21e20, 20.2B; 10B -> 1.23e22, 205.1B.
        var rows = Planner.table(RULE, java.util.List.of(4e8, 1e9, 1e10));
        double[][] paper = {{1.92e19, 8.0e9}, {1.21e20, 20.2e9}, {1.23e22, 205.1e9}};
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(paper[i][0], rows.get(i).flops(), 0.03 * paper[i][0]);
            assertEquals(paper[i][1], rows.get(i).tokens(), 0.03 * paper[i][1]);
        }
    }

    @Test
    void hoffmannLawAtChinchillaCompute() {
        // Hand-computed: G = (alpha A / (beta B))^(1/(alpha+beta)) = 1.30005, a = 0.456526;
        // at C = 5.76e23: N_opt = G (C/6)^a = 4.036e10, D_opt = 2.379e12, L = 1.9184.
        var a = Planner.forFlops(HOFFMANN, 5.76e23);
        assertEquals(1.30005, ScalingLaw.HOFFMANN.G(), 1e-5);
        assertEquals(4.036e10, a.params(), 0.001 * 4.036e10);
        assertEquals(2.3785e12, a.tokens(), 0.001 * 2.3785e12);
        assertEquals(1.9184, a.loss(), 1e-4);
        assertEquals(5.76e23, 6.0 * a.params() * a.tokens(), 1e-6 * 5.76e23);
        assertEquals(5.76e23, Planner.forParams(HOFFMANN, a.params()).flops(), 1e-6 * 5.76e23);
        assertEquals(5.76e23, Planner.forTokens(HOFFMANN, a.tokens()).flops(), 1e-6 * 5.76e23);
    }

    @Test
    void inferenceAwarePlanTrainsSmallerModelsLongerAtTheSameLoss() {
        var optimal = Planner.forFlops(HOFFMANN, 1e22);
        var none = InferenceAware.plan(ScalingLaw.HOFFMANN, optimal, 0);
        assertEquals(optimal.params(), none.lifetimeOptimal().params(), 0.01 * optimal.params());
        assertEquals(0, none.savingFraction(), 1e-4);

        var heavy = InferenceAware.plan(ScalingLaw.HOFFMANN, optimal, 1e13);
        var life = heavy.lifetimeOptimal();
        assertTrue(life.params() < 0.7 * optimal.params(), "heavy inference favours a smaller model: " + life);
        assertTrue(life.tokensPerParam() > 2 * optimal.tokensPerParam());
        assertEquals(optimal.loss(), life.loss(), 1e-6);
        assertTrue(heavy.savingFraction() > 0.05 && heavy.savingFraction() < 1);
        // the optimum is a minimum: nudging N either way costs more at the same loss
        double target = optimal.loss();
        for (double f : new double[] {0.9, 1.1}) {
            double n = life.params() * f;
            double d = InferenceAware.tokensAtLoss(ScalingLaw.HOFFMANN, target, n);
            assertTrue(InferenceAware.lifetimeFlops(n, d, 1e13) > heavy.lifetimeOptimalFlops());
        }
        assertThrows(IllegalArgumentException.class, () -> InferenceAware.plan(null, optimal, 1e12));
    }

    @Test
    void dataConstrainedEffectiveTokens() {
        // Hand-computed: U = 1e11, D = 4e11, R_D = 3: D' = 1e11 + 1e11 * 15.387756 * (1 - exp(-3 / 15.387756)) = 3.7257e11.
        assertEquals(3.72567e11, DataConstrained.effectiveTokens(1e11, 4e11), 1e6);
        assertEquals(5e10, DataConstrained.effectiveTokens(1e11, 5e10), 0);
        var plan = DataConstrained.plan(ScalingLaw.HOFFMANN, new Allocation(1_000_000_000L, 400_000_000_000L, 2.4e21, 0), 1e11);
        assertEquals(4, plan.epochs(), 1e-9);
        assertTrue(plan.lossPenalty() > 0, "repeating data costs loss");
        assertTrue(Double.isNaN(DataConstrained.plan(null, new Allocation(1, 4, 24, 0), 1).lossPenalty()));
    }
}
