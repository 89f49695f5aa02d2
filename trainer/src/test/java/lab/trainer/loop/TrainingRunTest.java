package lab.trainer.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import lab.trainer.engine.EngineSetup;
import lab.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
    private static final List<String> TINY = List.of("model.width=32", "model.context=32", "train.batch_size=8",
            "eval.every=10", "eval.batches=4", "eval.batch_size=8", "log.every=5", "checkpoint.every=10",
            "synthetic.vocab=64", "synthetic.tokens=50000", "synthetic.branching=4");

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.configure();
    }

    private static RunSetup setup(long steps) {
        return RunSetup.resolve(List.of(), TINY, "steps", (double) steps, null, "cpu");
    }

    private static JsonNode train(Path dir, long steps, LongPredicate poison, long stopAfter) {
        RunSetup s = setup(steps);
        var folder = new RunFolder(dir);
        String state = s.checkFolder(folder);
        if (state.equals("new")) {
            Json.write(folder.config(), s.resolvedTree());
        }
        var out = new PrintStream(new ByteArrayOutputStream());
        return new TrainingRun(s.config(), s.data(), folder,
                new TrainingRun.Options(out, true, poison, stopAfter)).run();
    }

    @Test
    void resumingFromACheckpointEndsWithTheSameLosses() throws Exception {
        JsonNode straight = train(tmp.resolve("a"), 40, s -> false, -1);
        JsonNode stopped = train(tmp.resolve("b"), 40, s -> false, 23);
        assertEquals("interrupted", stopped.get("status").asText());
        assertEquals(23, stopped.get("steps").asLong());
        JsonNode resumed = train(tmp.resolve("b"), 40, s -> false, -1);
        assertEquals("completed", resumed.get("status").asText());
        assertEquals(40, resumed.get("steps").asLong());
        assertEquals(straight.get("final_val_loss").asDouble(), resumed.get("final_val_loss").asDouble(), 1e-5);
        assertEquals(straight.get("final_train_loss").asDouble(), resumed.get("final_train_loss").asDouble(), 1e-5);
        List<String> a = Files.readAllLines(tmp.resolve("a/metrics.jsonl"));
        List<String> b = Files.readAllLines(tmp.resolve("b/metrics.jsonl"));
        assertEquals(a.size(), b.size(), "the resumed log reads as one run");
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = Json.MAPPER.readTree(a.get(i));
            JsonNode y = Json.MAPPER.readTree(b.get(i));
            assertEquals(x.get("step").asLong(), y.get("step").asLong());
            assertEquals(x.get("train_loss").asDouble(), y.get("train_loss").asDouble(), 1e-5, "line " + i);
        }
        assertTrue(straight.get("final_val_loss").asDouble() < Math.log(64), "loss fell below uniform");
    }

    @Test
    void aNonFiniteStepRollsBackAndTheRunCompletes() {
        var once = new AtomicInteger();
        JsonNode r = train(tmp.resolve("c"), 30, s -> s == 15 && once.getAndIncrement() == 0, -1);
        assertEquals("completed", r.get("status").asText());
        assertEquals(30, r.get("steps").asLong());
        assertEquals(1, once.get() > 0 ? 1 : 0);
        assertTrue(Double.isFinite(r.get("final_val_loss").asDouble()));
    }

    @Test
    void persistentNonFiniteStepsStopAsDiverged() {
        JsonNode r = train(tmp.resolve("d"), 30, s -> s >= 12, -1);
        assertEquals("diverged", r.get("status").asText());
        assertTrue(r.get("steps").asLong() < 30);
        assertEquals("diverged", new RunFolder(tmp.resolve("d")).status());
    }

    @Test
    void aFinishedFolderIsNotRetrainedAndADifferentConfigIsRefused() {
        train(tmp.resolve("e"), 10, s -> false, -1);
        assertEquals("completed", setup(10).checkFolder(new RunFolder(tmp.resolve("e"))));
        var e = assertThrows(IllegalArgumentException.class, () -> setup(12).checkFolder(new RunFolder(tmp.resolve("e"))));
        assertTrue(e.getMessage().contains("train.steps"), e.getMessage());
        try (var metas = Files.list(tmp.resolve("e/ckpt"))) {
            assertTrue(metas.filter(p -> p.getFileName().toString().startsWith("meta_")).count() <= 2,
                    "at most checkpoint.keep checkpoints remain");
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    void aRunKilledAfterItsLastCheckpointIsScoredOnResume() throws Exception {
        JsonNode first = train(tmp.resolve("f"), 10, s -> false, -1);
        Files.delete(tmp.resolve("f/result.json")); // as if killed between the last checkpoint and result.json
        JsonNode again = train(tmp.resolve("f"), 10, s -> false, -1);
        assertEquals("completed", again.get("status").asText());
        assertEquals(first.get("final_val_loss").asDouble(), again.get("final_val_loss").asDouble(), 1e-6);
    }
}
