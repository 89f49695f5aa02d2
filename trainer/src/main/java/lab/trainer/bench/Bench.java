package lab.trainer.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import lab.trainer.data.SyntheticTokens;
import lab.trainer.loop.BenchStepper;
import lab.trainer.model.FlopConvention;
import lab.trainer.model.Gpt;
import lab.trainer.model.GptConfig;
import lab.trainer.optim.AdamW;
import lab.util.Json;

/**
 * Training throughput and MFU measured in one process: full training steps (forward, backward,
 * clipping, AdamW) of fixed shapes against the float32 matmul peak. MFU = model FLOP/s / measured
 * peak, model FLOPs per token 6·N' + 12·L·T·d ({@link FlopConvention#SIX_N_ATTENTION}).
 *
 * <p>A shared machine's speed drifts by 10-20% within a minute, so the peak and the models are
 * measured in interleaved rounds (peak, model 1, model 2, peak, ...). Each round's MFU divides by
 * the peak measured next to it; the reported figures are the medians over rounds.
 */
public final class Bench {
    /** One benchmarked shape. */
    public record Case(String name, GptConfig model, int batch) {}

    /** The two reference shapes: vocab 512, context 128, batch 16. */
    public static final Case[] DEFAULT_CASES = {
        new Case("1M", new GptConfig(512, 128, 128, 4, 4, true), 16),
        new Case("10M", new GptConfig(512, 128, 384, 6, 6, true), 16),
    };

    /** Interleaved rounds of measurement. */
    public static final int ROUNDS = 5;

    private static final int WARMUP_STEPS = 5;
    /**
     * Untimed warm-up per model: a share of its timed seconds (3 s of the default 10), at most
     * {@link #WARMUP_MAX_SECONDS}. After only the 5 warm-up steps, the 1M model's first round ran 5%
     * below its others (0.589 and 0.590 against 0.61-0.64, two runs); after 3 s it does not.
     */
    private static final double WARMUP_SHARE = 0.3;
    private static final double WARMUP_MAX_SECONDS = 5;
    private static final double PEAK_SECONDS = 1.0;

    private Bench() {}

    /** A model, its optimizer and data, built and warmed up once, timed in several rounds. */
    private static final class Trial implements AutoCloseable {
        private final Case c;
        private final NDManager manager;
        private final Gpt gpt;
        private final AdamW optimizer;
        private final BenchStepper stepper;
        private final SyntheticTokens data;
        private long step;

        Trial(NDManager base, Case c, double warmupSeconds) {
            this.c = c;
            this.manager = base.newSubManager();
            this.gpt = new Gpt(c.model(), manager, 1);
            this.optimizer = new AdamW(gpt.params(), manager, new AdamW.Settings(0.9, 0.95, 1e-8, 0.1));
            this.stepper = new BenchStepper(gpt, optimizer, manager, c.batch());
            this.data = new SyntheticTokens(c.model().vocabSize(), 16, 200_000, 11);
            long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
            while (step < WARMUP_STEPS || System.nanoTime() < until) {
                stepper.step(data, step++);
            }
        }

        /** Tokens per second over at least {@code seconds} and at least 3 steps. */
        double tokensPerSecond(double seconds) {
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            int steps = 0;
            while (steps < 3 || System.nanoTime() < deadline) {
                stepper.step(data, step++);
                steps++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return steps * (double) c.batch() * c.model().contextLength() / elapsed;
        }

        @Override
        public void close() {
            optimizer.close();
            gpt.close();
            manager.close();
        }
    }

    /**
     * Runs {@link #ROUNDS} rounds of the peak and every case, about {@code secondsPerCase} of
     * timed training per case in all; returns the JSON the issue names plus the per-round figures.
     */
    public static ObjectNode run(NDManager base, Case[] cases, double secondsPerCase, java.io.PrintStream log) {
        var trials = new Trial[cases.length];
        double[] peaks = new double[ROUNDS];
        double[][] tps = new double[cases.length][ROUNDS];
        double[][] mfu = new double[cases.length][ROUNDS];
        try {
            for (int i = 0; i < cases.length; i++) {
                trials[i] = new Trial(base, cases[i], Math.min(WARMUP_MAX_SECONDS, WARMUP_SHARE * secondsPerCase));
            }
            for (int r = 0; r < ROUNDS; r++) {
                peaks[r] = MatmulPeak.measure(base, MatmulPeak.SIZE, PEAK_SECONDS);
                for (int i = 0; i < cases.length; i++) {
                    tps[i][r] = trials[i].tokensPerSecond(secondsPerCase / ROUNDS);
                    mfu[i][r] = tps[i][r] * FlopConvention.SIX_N_ATTENTION.perToken(cases[i].model()) / 1e9 / peaks[r];
                }
                if (log != null) {
                    log.printf("round %d of %d: peak %.1f GFLOP/s", r + 1, ROUNDS, peaks[r]);
                    for (int i = 0; i < cases.length; i++) {
                        log.printf(", %s MFU %.3f", cases[i].name(), mfu[i][r]);
                    }
                    log.println();
                }
            }
        } finally {
            for (Trial t : trials) {
                if (t != null) {
                    t.close();
                }
            }
        }
        double peak = median(peaks);
        if (log != null) {
            log.printf("matmul peak (%d x %d, float32): %.1f GFLOP/s (median of %d rounds)%n",
                    MatmulPeak.SIZE, MatmulPeak.SIZE, peak, ROUNDS);
        }
        var out = Json.object();
        out.put("matmul_gflops", peak);
        out.put("rounds", ROUNDS);
        var models = out.putArray("models");
        for (int i = 0; i < cases.length; i++) {
            Case c = cases[i];
            double rate = median(tps[i]);
            double gflops = rate * FlopConvention.SIX_N_ATTENTION.perToken(c.model()) / 1e9;
            double ratio = median(mfu[i]);
            var row = models.addObject();
            row.put("name", c.name());
            row.put("shape", c.model().describe() + "-B" + c.batch());
            row.put("params", c.model().params().total());
            row.put("tokens_per_second", rate);
            row.put("model_gflops", gflops);
            row.put("mfu", ratio);
            var perRound = row.putArray("mfu_by_round");
            Arrays.stream(mfu[i]).forEach(perRound::add);
            if (log != null) {
                log.printf("%-4s %-28s %,11d params %,9.0f tok/s %7.1f GFLOP/s  MFU %.3f (rounds %.3f..%.3f)%n",
                        c.name(), c.model().describe() + "-B" + c.batch(), c.model().params().total(), rate, gflops,
                        ratio, Arrays.stream(mfu[i]).min().orElse(0), Arrays.stream(mfu[i]).max().orElse(0));
            }
        }
        return out;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
