package lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a real `lab train` process: it checkpoints, exits 143, and the same command resumes. */
@Tag("slow")
class TrainSignalTest {
    @TempDir
    Path tmp;

    private Process start(Path runDir) throws Exception {
        var cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "lab.cli.Lab", "train", "--preset", "smoke",
                "--run-dir", runDir.toString(), "--steps", "400", "--set", "checkpoint.every=0", "--quiet");
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("DJL_OFFLINE", "true");
        return pb.start();
    }

    @Test
    void sigtermSavesACheckpointAndTheRunResumes() throws Exception {
        Path run = tmp.resolve("run");
        Process p = start(run);
        Path metrics = run.resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && (!Files.exists(metrics) || Files.readAllLines(metrics).size() < 3)) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(metrics), "the run started logging");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), Files.readString(tmp.resolve("log.txt")));
        var interrupted = Json.read(run.resolve("result.json"));
        assertEquals("interrupted", interrupted.get("status").asText());
        long stoppedAt = interrupted.get("steps").asLong();
        assertTrue(stoppedAt > 0 && stoppedAt < 400, "stopped at " + stoppedAt);
        assertTrue(Files.exists(run.resolve(String.format("ckpt/meta_%06d.json", stoppedAt))),
                "a checkpoint at the step it stopped");

        Process again = start(run);
        assertTrue(again.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), Files.readString(tmp.resolve("log.txt")));
        var done = Json.read(run.resolve("result.json"));
        assertEquals("completed", done.get("status").asText());
        assertEquals(400, done.get("steps").asLong());
        assertTrue(Files.readString(tmp.resolve("log.txt")).contains("resumed from checkpoint at step " + stoppedAt));
    }
}
