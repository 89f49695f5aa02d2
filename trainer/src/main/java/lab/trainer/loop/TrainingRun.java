package lab.trainer.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;
import lab.trainer.bench.MatmulPeak;
import lab.trainer.config.RunConfig;
import lab.trainer.data.TokenSource;
import lab.trainer.engine.EngineSetup;
import lab.trainer.model.FlopConvention;
import lab.trainer.model.Gpt;
import lab.trainer.model.GptConfig;
import lab.trainer.optim.AdamW;
import lab.trainer.optim.Schedule;
import lab.util.Json;

/**
 * The training loop: builds the model and optimizer, resumes from the newest checkpoint, trains
 * for the planned steps with logging, evaluation and checkpoints, guards against divergence, and
 * writes result.json. Library code: it throws, it never exits the JVM.
 */
public final class TrainingRun {
    /** How a run is driven from outside: console, quietness and (tests only) injected faults. */
    public record Options(PrintStream console, boolean quiet, LongPredicate poison, long stopAfterStep) {
        public static Options defaults(PrintStream console, boolean quiet) {
            return new Options(console, quiet, step -> false, -1);
        }
    }

    private final RunConfig cfg;
    private final TokenSource data;
    private final RunFolder folder;
    private final Options options;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public TrainingRun(RunConfig cfg, TokenSource data, RunFolder folder, Options options) {
        this.cfg = cfg;
        this.data = data;
        this.folder = folder;
        this.options = options;
    }

    /** Asks the loop to checkpoint and stop after the current step (SIGTERM, Ctrl-C). */
    public void requestStop() {
        stopRequested.set(true);
    }

    /** Waits for the loop to have saved and stopped (used by the shutdown hook). */
    public boolean awaitStopped(long seconds) throws InterruptedException {
        return stopped.await(seconds, TimeUnit.SECONDS);
    }

    public ObjectNode run() {
        try {
            return train();
        } finally {
            stopped.countDown();
        }
    }

    private ObjectNode train() {
        GptConfig model = cfg.model();
        Device device = EngineSetup.device(cfg.device());
        long started = System.nanoTime();
        try (NDManager base = NDManager.newBaseManager(device);
             Gpt gpt = new Gpt(model, base, cfg.seed());
             AdamW optimizer = new AdamW(gpt.params(), base, cfg.adamw())) {
            var ckpts = new Checkpoints(folder.dir(), cfg.checkpointKeep());
            var stepper = new Stepper(gpt, optimizer, base, cfg.batchSize());
            Schedule schedule = cfg.schedule();
            double peakGflops = MatmulPeak.measure(base, MatmulPeak.SIZE, 0.3);
            double modelFlopsPerToken = FlopConvention.SIX_N_ATTENTION.perToken(model);
            double budgetFlopsPerToken = cfg.flopsConvention().perToken(model);
            var state = new Checkpoints.LoopState(0, 0, 0, 0, Double.NaN);
            var latest = ckpts.latest();
            if (latest.isPresent()) {
                state = ckpts.load(latest.get(), gpt, optimizer);
                folder.truncateMetricsAfter(state.step());
                say("resumed from checkpoint at step " + state.step() + " of " + cfg.steps());
            } else {
                ckpts.save(gpt, optimizer, state); // step 0: the divergence guard can always roll back
            }
            double epochs = (double) cfg.tokens() / data.trainTokens();
            say(String.format("model %s: %,d parameters (%,d non-embedding); %,d steps x %,d tokens = %,d tokens"
                            + " (%.2f epochs of %,d unique), device %s, %d threads, matmul peak %.1f GFLOP/s",
                    model.describe(), model.params().total(), model.params().nonEmbedding(), cfg.steps(),
                    cfg.tokensPerStep(), cfg.tokens(), epochs, data.trainTokens(), device,
                    EngineSetup.threads(), peakGflops));
            if (epochs > 1) {
                say(String.format("warning: the run will see the training split %.2f times (more than one epoch):"
                        + " D counts repeated tokens", epochs));
            }
            var console = new Console(options.console(), options.quiet(), cfg.steps());
            long step = state.step();
            long skipped = state.skippedBatches();
            int retries = state.retries();
            double wallBefore = state.wallSeconds();
            double trainLoss = state.lastTrainLoss();
            double valLoss = Double.NaN;
            long intervalStart = System.nanoTime();
            long intervalSteps = 0;
            double tokensPerSecond = 0;
            double mfu = 0;
            String status = "completed";
            while (step < cfg.steps()) {
                double lr = schedule.lr(step);
                boolean poison = options.poison().test(step);
                StepResult r = stepper.train(data, cfg.seed(), step + skipped, lr, cfg.gradClip(), poison);
                if (!r.finite()) {
                    retries++;
                    if (retries > cfg.maxRetries()) {
                        status = "diverged";
                        say(String.format("error: non-finite %s at step %d (loss %s, grad norm %s);"
                                + " %d rollbacks used up, stopping as diverged", r.culprit(), step, r.loss(), r.gradNorm(),
                                cfg.maxRetries()));
                        break;
                    }
                    long back = ckpts.latest().orElseThrow();
                    var restored = ckpts.load(back, gpt, optimizer);
                    skipped++; // the batch that failed is not drawn again at this step
                    say(String.format("warning: non-finite %s at step %d; rolled back to step %d and"
                            + " skipping the batch (retry %d of %d)", r.culprit(), step, back, retries, cfg.maxRetries()));
                    step = restored.step();
                    folder.truncateMetricsAfter(step);
                    continue;
                }
                step++;
                intervalSteps++;
                trainLoss = r.loss();
                boolean last = step == cfg.steps();
                boolean evalNow = last || (cfg.evalEvery() > 0 && step % cfg.evalEvery() == 0);
                boolean logNow = step % cfg.logEvery() == 0 || evalNow;
                if (logNow) {
                    double seconds = (System.nanoTime() - intervalStart) / 1e9;
                    tokensPerSecond = intervalSteps * cfg.tokensPerStep() / seconds;
                    mfu = tokensPerSecond * modelFlopsPerToken / (peakGflops * 1e9);
                    var line = Json.object();
                    line.put("step", step);
                    line.put("tokens", step * cfg.tokensPerStep());
                    line.put("flops", step * cfg.tokensPerStep() * budgetFlopsPerToken);
                    line.put("train_loss", trainLoss);
                    line.put("lr", lr);
                    line.put("grad_norm", r.gradNorm());
                    line.put("tokens_per_second", tokensPerSecond);
                    line.put("mfu", mfu);
                    if (evalNow) {
                        valLoss = stepper.evaluate(data, cfg.evalBatches(), cfg.evalBatchSize());
                        line.put("val_loss", valLoss);
                        line.put("val_bpb", bitsPerByte(valLoss));
                    }
                    folder.appendMetrics(line);
                    console.line(step, trainLoss, valLoss, lr, seconds * 1000 / intervalSteps, tokensPerSecond, mfu,
                            evalNow);
                    intervalStart = System.nanoTime();
                    intervalSteps = 0;
                }
                console.progress(step);
                double wall = wallBefore + (System.nanoTime() - started) / 1e9;
                boolean stopNow = stopRequested.get() || step == options.stopAfterStep();
                if (last || stopNow || (cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0)) {
                    ckpts.save(gpt, optimizer, new Checkpoints.LoopState(step, skipped, retries, wall, trainLoss));
                }
                if (stopNow && !last) {
                    status = "interrupted";
                    say("stopped at step " + step + " after saving a checkpoint; run the same command to resume");
                    break;
                }
            }
            console.done();
            if (status.equals("completed") && Double.isNaN(valLoss)) {
                // killed after the last checkpoint but before result.json: score the restored model
                valLoss = stepper.evaluate(data, cfg.evalBatches(), cfg.evalBatchSize());
            }
            double wall = wallBefore + (System.nanoTime() - started) / 1e9;
            return writeResult(status, step, trainLoss, valLoss, tokensPerSecond, mfu, wall, epochs);
        }
    }

    private ObjectNode writeResult(String status, long step, double trainLoss, double valLoss, double tokensPerSecond,
                                   double mfu, double wall, double epochs) {
        GptConfig m = cfg.model();
        var r = Json.object();
        r.put("status", status);
        r.put("params", m.params().total());
        r.put("params_non_embedding", m.params().nonEmbedding());
        r.put("tokens", step * cfg.tokensPerStep());
        r.put("flops", step * cfg.tokensPerStep() * cfg.flopsConvention().perToken(m));
        r.put("flops_convention", cfg.flopsConvention().label());
        r.put("steps", step);
        r.put("planned_steps", cfg.steps());
        putNumber(r, "final_train_loss", trainLoss);
        putNumber(r, "final_val_loss", valLoss);
        putNumber(r, "final_val_bpb", bitsPerByte(valLoss));
        r.put("tokens_per_second", tokensPerSecond);
        r.put("mfu", mfu);
        r.put("wall_seconds", wall);
        r.put("epochs", epochs);
        r.put("width", m.width());
        r.put("layers", m.layers());
        r.put("heads", m.heads());
        r.put("vocab_size", m.vocabSize());
        r.put("context", m.contextLength());
        putNumber(r, "entropy_nats_per_token", data.entropyNatsPerToken());
        Json.write(folder.result(), r);
        return r;
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    /** Bits per byte: nats per token / ln 2 / (UTF-8 bytes per token). */
    private double bitsPerByte(double natsPerToken) {
        return natsPerToken / Math.log(2) / data.bytesPerToken();
    }

    private void say(String message) {
        options.console().println(message);
    }
}
