package lab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every approach recovers the exponent of a known law from noisy IsoFLOP data. */
class SyntheticLawTest {
    private static final ScalingLaw LAW = Synthetic.LAW;
    /** 9 budgets 1e18..~1e21, 9 sizes over a 16x span, 0.3% log-normal noise. */
    private static final List<Run> RUNS = Synthetic.isoFlopGrid(LAW, 9, Math.pow(10, 3.0 / 8), 9, 16, 0.003, 7);

    @Test
    void approach3RecoversTheLaw() {
        var law = Approach3.fit(RUNS, Approach3.Settings.DEFAULT).law();
        // Tolerances: E ±0.03, alpha and beta ±0.03, a ±0.015 (0.3% noise over 81 points).
        assertEquals(LAW.E(), law.E(), 0.03);
        assertEquals(LAW.alpha(), law.alpha(), 0.03);
        assertEquals(LAW.beta(), law.beta(), 0.03);
        assertEquals(LAW.a(), law.a(), 0.015);
    }

    @Test
    void approach2RecoversTheExponentFromParabolaVertices() {
        var fit = Approach2.fit(RUNS);
        assertEquals(9, fit.used().size());
        // Tolerance ±0.02: the parabola vertex is biased when alpha != beta (Czech et al. 2026).
        assertEquals(LAW.a(), fit.a(), 0.02);
        assertEquals(LAW.b(), fit.b(), 0.02);
        for (var curve : fit.used()) {
            assertTrue(curve.vertexInside(), "grid centred on the optimum must contain its vertex");
            assertEquals(LAW.paramsOpt(curve.flops()), curve.paramsOpt(), 0.25 * curve.paramsOpt());
        }
    }

    @Test
    void approach1RecoversTheExponentFromTheEnvelope() {
        var fit = Approach1.fit(RUNS);
        // Tolerance ±0.03: the envelope can only pick sizes that were trained.
        assertEquals(LAW.a(), fit.a(), 0.03);
        assertEquals(LAW.b(), fit.b(), 0.03);   // D_opt read from the winning runs' token counts
        assertTrue(fit.winners() >= 5);
    }

    @Test
    void approach2WarnsWhenTheGridMissesTheMinimum() {
        // Shift every size 8x below the optimum: vertices fall outside the sampled range.
        var shifted = Synthetic.isoFlopGrid(LAW, 4, 4, 5, 4, 0.0, 1).stream()
                .map(r -> new Run(r.id(), r.params() / 8, r.tokens() * 8, r.flops(),
                        LAW.loss(r.params() / 8.0, r.tokens() * 8.0)))
                .toList();
        var fit = Approach2.fit(shifted);
        assertTrue(fit.warnings().stream().anyMatch(w -> w.contains("outside the sampled sizes")), fit.warnings().toString());
    }

    @Test
    void approach2NamesTheBudgetWithTooFewSizes() {
        var runs = new java.util.ArrayList<>(RUNS);
        runs.add(new Run("lonely", 1000, 1_000_000, 3e15, 5.0));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Approach2.fit(runs));
        assertTrue(e.getMessage().contains("3.00e+15"), e.getMessage());
        // not strict (lab fit --approach all, lab report): the short curve is left out with a warning
        var lenient = Approach2.fit(runs, Run.unitWeights(runs.size()), false);
        assertEquals(9, lenient.used().size());
        assertTrue(lenient.warnings().stream().anyMatch(w -> w.contains("3.00e+15") && w.contains("left out")));
    }

    @Test
    void sweepFolderRoundTripsAndSkipsUnfinishedRuns(@TempDir Path dir) {
        Synthetic.writeSweep(dir, RUNS);
        var input = FitInput.read(dir, ParamsConvention.TOTAL);
        assertEquals(RUNS.size(), input.runs().size());
        assertEquals(1, input.skipped().size());
        assertEquals(16, input.runs().get(0).curve().size());
        var nonEmbedding = FitInput.read(dir, ParamsConvention.NON_EMBEDDING);
        assertEquals(Math.round(input.runs().get(0).params() * 0.8), nonEmbedding.runs().get(0).params());
        assertEquals(LAW.a(), Approach1.fit(input.runs()).a(), 0.03);
    }
}
