package lab.trainer.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.trainer.data.SyntheticTokens;
import lab.trainer.model.FlopConvention;
import lab.trainer.model.Gpt;
import lab.trainer.model.GptConfig;
import lab.trainer.optim.AdamW;
import lab.util.Json;

/**
 * Training throughput and MFU measured in one process: the matmul peak first, then full training
 * steps (forward, backward, clipping, AdamW) of fixed shapes. MFU = model FLOP/s / measured peak,
 * model FLOPs per token 6·N' + 12·L·T·d ({@link FlopConvention#SIX_N_ATTENTION}).
 */
public final class Bench {
    /** One benchmarked shape. */
    public record Case(String name, GptConfig model, int batch) {}

    /** The two reference shapes: vocab 512, context 128, batch 16. */
    public static final Case[] DEFAULT_CASES = {
        new Case("1M", new GptConfig(512, 128, 128, 4, 4, true), 16),
        new Case("10M", new GptConfig(512, 128, 384, 6, 6, true), 16),
    };

    private Bench() {}

    public static double tokensPerSecond(NDManager base, Case c, int warmupSteps, double seconds) {
        var data = new SyntheticTokens(c.model().vocabSize(), 16, 200_000, 11);
        try (NDManager m = base.newSubManager(); Gpt gpt = new Gpt(c.model(), m, 1);
             AdamW opt = new AdamW(gpt.params(), m, new AdamW.Settings(0.9, 0.95, 1e-8, 0.1))) {
            var stepper = new lab.trainer.loop.BenchStepper(gpt, opt, m, c.batch());
            for (int i = 0; i < warmupSteps; i++) {
                stepper.step(data, i);
            }
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            int steps = 0;
            while (steps < 3 || System.nanoTime() < deadline) {
                stepper.step(data, warmupSteps + steps);
                steps++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return steps * (double) c.batch() * c.model().contextLength() / elapsed;
        }
    }

    /** Runs the peak and every case; the JSON the issue names. */
    public static ObjectNode run(NDManager base, Case[] cases, double secondsPerCase, java.io.PrintStream log) {
        double peak = MatmulPeak.measure(base, 1024, 2.0);
        if (log != null) {
            log.printf("matmul peak (1024 x 1024, float32): %.1f GFLOP/s%n", peak);
        }
        var out = Json.object();
        out.put("matmul_gflops", peak);
        var models = out.putArray("models");
        for (Case c : cases) {
            double tps = tokensPerSecond(base, c, 5, secondsPerCase);
            double gflops = tps * FlopConvention.SIX_N_ATTENTION.perToken(c.model()) / 1e9;
            var row = models.addObject();
            row.put("name", c.name());
            row.put("shape", c.model().describe() + "-B" + c.batch());
            row.put("params", c.model().params().total());
            row.put("tokens_per_second", tps);
            row.put("model_gflops", gflops);
            row.put("mfu", gflops / peak);
            if (log != null) {
                log.printf("%-4s %-28s %,11d params %,9.0f tok/s %7.1f GFLOP/s  MFU %.3f%n", c.name(),
                        c.model().describe() + "-B" + c.batch(), c.model().params().total(), tps, gflops, gflops / peak);
            }
        }
        return out;
    }
}
