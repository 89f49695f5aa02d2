package lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.util.ExitCodes;
import lab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lab train` through the real parser: exit codes and one-line messages. */
class TrainCliTest {
    @TempDir
    Path tmp;

    /** Runs the CLI, returning the exit code; stderr goes to {@code err}. */
    private static int lab(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        PrintStream oldOut = System.out;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Lab.execute(args);
        } finally {
            System.setErr(old);
            System.setOut(oldOut);
        }
    }

    private void assertUsageError(String expectedInMessage, String... args) {
        var err = new ByteArrayOutputStream();
        int code = lab(err, args);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.USAGE, code, text);
        assertTrue(text.contains(expectedInMessage), "message names the problem: " + text);
        assertTrue(text.lines().findFirst().orElse("").startsWith("lab: "), text);
    }

    @Test
    void badConfigurationsExitWithCodeTwoAndNameTheKey() {
        String dir = tmp.resolve("r").toString();
        assertUsageError("unknown key 'model.widht' (did you mean 'model.width'?)", "train", "--preset", "smoke",
                "--run-dir", dir, "--set", "model.widht=64");
        assertUsageError("model.heads", "train", "--preset", "smoke", "--run-dir", dir, "--set", "model.heads=3");
        assertUsageError("train.lr", "train", "--preset", "smoke", "--run-dir", dir, "--set", "train.lr=fast");
        assertUsageError("train.schedule", "train", "--preset", "smoke", "--run-dir", dir, "--set", "train.schedule=linear");
        assertUsageError("both set", "train", "--preset", "smoke", "--run-dir", dir, "--set", "train.tokens=1000");
        assertUsageError("mutually exclusive", "train", "--preset", "smoke", "--run-dir", dir, "--steps", "5", "--flops", "1e9");
        assertUsageError("unknown models preset", "train", "--preset", "nope", "--run-dir", dir);
        assertUsageError("not a corpus folder", "train", "--preset", "smoke", "--run-dir", dir, "--data", tmp.toString());
        assertUsageError("device", "train", "--preset", "smoke", "--run-dir", dir, "--device", "tpu");
        assertTrue(Files.notExists(tmp.resolve("r/result.json")));
    }

    @Test
    void aShortRunCompletesAndIsNotRetrained() throws Exception {
        String dir = tmp.resolve("ok").toString();
        var err = new ByteArrayOutputStream();
        int code = lab(err, "train", "--preset", "smoke", "--run-dir", dir, "--steps", "6", "--set", "eval.batches=2",
                "--quiet");
        assertEquals(ExitCodes.OK, code, err.toString(StandardCharsets.UTF_8));
        var result = Json.read(tmp.resolve("ok/result.json"));
        assertEquals("completed", result.get("status").asText());
        assertEquals(6, result.get("steps").asLong());
        long modified = Files.getLastModifiedTime(tmp.resolve("ok/result.json")).toMillis();
        assertEquals(ExitCodes.OK, lab(err, "train", "--preset", "smoke", "--run-dir", dir, "--steps", "6",
                "--set", "eval.batches=2", "--quiet"));
        assertEquals(modified, Files.getLastModifiedTime(tmp.resolve("ok/result.json")).toMillis());
        assertUsageError("different configuration", "train", "--preset", "smoke", "--run-dir", dir, "--steps", "7",
                "--set", "eval.batches=2");
    }

    @Test
    void theSmokePresetFinishesAndItsValidationLossFalls() throws Exception {
        var err = new ByteArrayOutputStream();
        int code = lab(err, "train", "--preset", "smoke", "--run-dir", tmp.resolve("smoke").toString(), "--quiet");
        assertEquals(ExitCodes.OK, code, err.toString(StandardCharsets.UTF_8));
        var vals = Files.readAllLines(tmp.resolve("smoke/metrics.jsonl")).stream()
                .map(line -> {
                    try {
                        return Json.MAPPER.readTree(line);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .filter(n -> n.has("val_loss")).map(n -> n.get("val_loss").asDouble()).toList();
        assertTrue(vals.size() >= 3, "evaluations logged: " + vals);
        assertTrue(vals.get(0) - vals.get(vals.size() - 1) > 0.3, "validation loss falls: " + vals);
        var result = Json.read(tmp.resolve("smoke/result.json"));
        // The synthetic language's entropy rate is the floor no model can beat (up to eval noise).
        assertTrue(result.get("final_val_loss").asDouble() > result.get("entropy_nats_per_token").asDouble() - 0.05);
    }
}
