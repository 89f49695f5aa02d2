package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.trainer.model.GptConfig;
import lab.util.AtomicFiles;
import lab.util.Json;

/**
 * A stand-in for `lab train` with the same contract (run folder, result.json, resume from a
 * checkpoint, exit 143 after checkpointing on SIGTERM, "already complete" exit 0) that sleeps
 * instead of training, so executor tests take seconds. Its losses follow a known law
 * L = E + A/N^alpha + B/D^beta, so reports built on it have real valleys.
 *
 * Settings (-Dfake.seconds or the environment): FAKE_SECONDS (wall time of a whole run, default 1), FAKE_FAIL_WIDTH (a width that
 * fails with exit 1), FAKE_INTERRUPT_WIDTH (a width whose first attempt stops halfway with
 * exit 143, as if preempted), FAKE_KILL_WIDTH (the same, but dying as if by SIGKILL: exit 137),
 * FAKE_LEDGER (a file that gets one line per trained segment:
 * "run-dir from to", so tests can prove no step was trained twice).
 */
public final class FakeTrainer {
    static final double E = 1.5, A = 30, ALPHA = 0.35, B = 60, BETA = 0.3;

    public static void main(String[] args) throws Exception {
        Path config = null;
        Path runDir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                config = Path.of(args[++i]);
            } else if (args[i].equals("--run-dir")) {
                runDir = Path.of(args[++i]);
            }
        }
        if (args.length == 0 || !args[0].equals("train") || config == null || runDir == null) {
            System.err.println("lab: fake trainer: expected train --config FILE --run-dir DIR");
            System.exit(2);
        }
        JsonNode c = Json.read(config);
        var shape = new GptConfig(c.at("/model/vocab_size").asInt(), c.at("/model/context").asInt(),
                c.at("/model/width").asInt(), c.at("/model/layers").asInt(), c.at("/model/heads").asInt(),
                c.at("/model/tied_head").asBoolean());
        long steps = c.at("/train/steps").asLong();
        long tokensPerStep = c.at("/train/batch_size").asLong() * shape.contextLength();
        Path result = runDir.resolve("result.json");
        if (Files.exists(result) && Json.read(result).path("status").asText().equals("completed")) {
            System.out.println("run already complete: " + runDir);
            return;
        }
        Files.createDirectories(runDir.resolve("ckpt"));
        Path ckpt = runDir.resolve("ckpt").resolve("step");
        long start = Files.exists(ckpt) ? Long.parseLong(Files.readString(ckpt).strip()) : 0;
        String failWidth = setting("fake.fail.width", "FAKE_FAIL_WIDTH", null);
        if (failWidth != null && failWidth.equals(String.valueOf(shape.width()))) {
            System.err.println("lab: fake failure for width " + failWidth);
            System.exit(1);
        }
        String interruptWidth = setting("fake.interrupt.width", "FAKE_INTERRUPT_WIDTH", null);
        boolean interruptOnce = start == 0 && String.valueOf(shape.width()).equals(interruptWidth);
        boolean killOnce = start == 0 && String.valueOf(shape.width()).equals(setting("fake.kill.width", "FAKE_KILL_WIDTH", null));
        double seconds = Double.parseDouble(setting("fake.seconds", "FAKE_SECONDS", "1"));
        long sleepMicros = Math.max(1, (long) (seconds * 1e6 / steps));
        String ledger = setting("fake.ledger", "FAKE_LEDGER", null);
        final Path dir = runDir;
        final long first = start;
        var progress = new long[] {start};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (progress) {
                if (progress[0] < steps) { // stopped early: checkpoint, then exit 143 like the trainer
                    AtomicFiles.writeString(ckpt, progress[0] + "\n");
                    appendLedger(ledger, dir, first, progress[0]);
                    Runtime.getRuntime().halt(143);
                }
            }
        }));
        long n = shape.params().total();
        for (long step = start; step < steps; step++) {
            Thread.sleep(sleepMicros / 1000, (int) (sleepMicros % 1000) * 1000);
            if (interruptOnce && step == steps / 2) { // as if preempted: checkpoint, exit 143
                System.exit(143);
            }
            if (killOnce && step == steps / 2) { // as if SIGKILLed right after a checkpoint: exit 137, no hook
                synchronized (progress) {
                    AtomicFiles.writeString(ckpt, step + "\n");
                    appendLedger(ledger, dir, first, step);
                    Runtime.getRuntime().halt(137);
                }
            }
            synchronized (progress) {
                progress[0] = step + 1;
                if ((step + 1) % 10 == 0 || step + 1 == steps) {
                    long tokens = (step + 1) * tokensPerStep;
                    var m = Json.object();
                    m.put("step", step + 1);
                    m.put("tokens", tokens);
                    m.put("flops", 6.0 * n * tokens);
                    m.put("train_loss", law(n, tokens) + 0.02);
                    m.put("val_loss", law(n, tokens));
                    m.put("val_bpb", law(n, tokens) / Math.log(2));
                    AtomicFiles.appendLine(runDir.resolve("metrics.jsonl"), Json.line(m));
                    AtomicFiles.writeString(ckpt, (step + 1) + "\n");
                }
            }
        }
        synchronized (progress) {
            appendLedger(ledger, dir, first, steps);
            long tokens = steps * tokensPerStep;
            var r = Json.object();
            r.put("status", "completed");
            r.put("params", n);
            r.put("params_non_embedding", shape.params().nonEmbedding());
            r.put("tokens", tokens);
            r.put("flops", 6.0 * n * tokens);
            r.put("steps", steps);
            r.put("final_train_loss", law(n, tokens) + 0.02);
            r.put("final_val_loss", law(n, tokens));
            r.put("final_val_bpb", law(n, tokens) / Math.log(2));
            r.put("tokens_per_second", tokens / seconds);
            r.put("mfu", 0.5);
            r.put("wall_seconds", seconds);
            r.put("epochs", 0.0);
            r.put("width", shape.width());
            r.put("layers", shape.layers());
            r.put("heads", shape.heads());
            r.put("vocab_size", shape.vocabSize());
            r.put("context", shape.contextLength());
            Json.write(result, r);
        }
    }

    /** A -Dfake.x system property, else the FAKE_X environment variable, else the default. */
    static String setting(String property, String env, String fallback) {
        String p = System.getProperty(property);
        return p != null ? p : System.getenv().getOrDefault(env, fallback);
    }

    static double law(double n, double d) {
        return E + A / Math.pow(n, ALPHA) + B / Math.pow(d, BETA);
    }

    private static void appendLedger(String ledger, Path runDir, long from, long to) {
        if (ledger != null && to > from) {
            AtomicFiles.appendLine(Path.of(ledger), runDir.getFileName() + " " + from + " " + to);
        }
    }
}
