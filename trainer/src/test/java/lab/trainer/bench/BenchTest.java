package lab.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import lab.trainer.engine.EngineSetup;
import lab.trainer.model.FlopConvention;
import lab.trainer.model.GptConfig;
import org.junit.jupiter.api.Test;

class BenchTest {
    @Test
    void reportsTheNamedKeysWithMfuAsTheMedianOfRounds() {
        EngineSetup.configure();
        var tiny = new Bench.Case("tiny", new GptConfig(64, 16, 32, 1, 2, true), 4);
        try (NDManager base = NDManager.newBaseManager()) {
            var out = Bench.run(base, new Bench.Case[] {tiny}, 0.3, null);
            assertTrue(out.get("matmul_gflops").asDouble() > 0);
            var row = out.get("models").get(0);
            assertEquals("tiny", row.get("name").asText());
            assertEquals(tiny.model().params().total(), row.get("params").asLong());
            double tps = row.get("tokens_per_second").asDouble();
            assertTrue(tps > 0);
            assertEquals(tps * FlopConvention.SIX_N_ATTENTION.perToken(tiny.model()) / 1e9,
                    row.get("model_gflops").asDouble(), 1e-9);
            double[] rounds = new double[Bench.ROUNDS];
            for (int r = 0; r < rounds.length; r++) {
                rounds[r] = row.get("mfu_by_round").get(r).asDouble();
                assertTrue(rounds[r] > 0);
            }
            assertEquals(Bench.median(rounds), row.get("mfu").asDouble(), 1e-12);
        }
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Bench.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Bench.median(new double[] {4, 1, 3, 2}));
    }
}
