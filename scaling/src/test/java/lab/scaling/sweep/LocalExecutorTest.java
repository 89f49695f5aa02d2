package lab.scaling.sweep;

import static lab.scaling.sweep.SweepTestSupport.TINY_SPEC;
import static lab.scaling.sweep.SweepTestSupport.fakeTrainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.cli.Lab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {

    @Test
    void aFailedRunIsRecordedAndTheSweepGoesOn(@TempDir Path tmp) throws Exception {
        Path spec = SweepTestSupport.writeSpec(tmp, TINY_SPEC);
        Path out = tmp.resolve("sweep");
        Path ledger = tmp.resolve("ledger");
        String trainer = fakeTrainer(Map.of("seconds", "0.3", "fail.width", "32", "ledger", ledger.toString()));
        int code = Lab.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--trainer", trainer);
        assertEquals(1, code, "two cells (width 32) fail, so the sweep is incomplete");
        var index = SweepIndex.open(out);
        var rows = SweepStatus.of(index);
        assertEquals(Map.of("done", 4, "failed", 2), SweepStatus.counts(rows),
                () -> SweepTestSupport.read(out.resolve("runs.jsonl")));
        for (var r : rows) {
            if (r.state().equals("failed")) {
                assertEquals(32, r.cell().shape().width());
                assertTrue(r.note().contains("fake failure for width 32"), r.note());
            } else {
                assertEquals(FakeTrainer.law(r.cell().params(), r.cell().tokens()), r.valLoss(), 1e-9);
            }
        }
        assertTrue(Files.isRegularFile(out.resolve("sweep.json")));
        assertTrue(Files.isRegularFile(out.resolve("cells").resolve("C1e11-d16-s0.yaml")));

        // Again: finished cells are not started, failed ones are skipped; nothing new is trained.
        long lines = Files.readAllLines(ledger).size();
        assertEquals(1, Lab.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--trainer", trainer));
        assertEquals(lines, Files.readAllLines(ledger).size());

        // --retry-failed runs the failed cells again from a fresh folder (the old one is kept aside).
        String healthy = fakeTrainer(Map.of("seconds", "0.3", "ledger", ledger.toString()));
        assertEquals(0, Lab.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--trainer", healthy,
                "--retry-failed"), () -> Files.exists(out.resolve("runs.jsonl")) ? readString(out.resolve("runs.jsonl")) : "");
        assertEquals(Map.of("done", 6), SweepStatus.counts(SweepStatus.of(SweepIndex.open(out))));
        assertTrue(Files.isDirectory(out.resolve("runs").resolve("C1e11-d32-s0.failed-1")));
        assertEquals(0, Lab.execute("sweep", "status", out.toString()));
    }

    @Test
    void aRunKilledByASignalIsInterruptedNotFailed(@TempDir Path tmp) throws Exception {
        Path spec = SweepTestSupport.writeSpec(tmp, TINY_SPEC);
        Path out = tmp.resolve("sweep");
        Path ledger = tmp.resolve("ledger");
        String killer = fakeTrainer(Map.of("seconds", "0.3", "kill.width", "48", "ledger", ledger.toString()));
        assertEquals(143, Lab.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--trainer", killer));
        assertEquals(Map.of("done", 4, "interrupted", 2), SweepStatus.counts(SweepStatus.of(SweepIndex.open(out))),
                () -> SweepTestSupport.read(out.resolve("runs.jsonl")));
        assertEquals(0, Lab.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--trainer", killer));
        var index = SweepIndex.open(out);
        var trained = SweepTestSupport.stepsTrained(ledger, Map.of());
        for (Cell c : index.cells()) {
            assertEquals(c.steps(), trained.get(c.id()), c.id() + ": resumed from its checkpoint, nothing trained twice");
        }
    }

    @Test
    void anotherSpecCannotReuseTheFolder(@TempDir Path tmp) throws Exception {
        Path spec = SweepTestSupport.writeSpec(tmp, TINY_SPEC);
        Path out = tmp.resolve("sweep");
        String trainer = fakeTrainer(Map.of("seconds", "0.1"));
        assertEquals(0, Lab.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--trainer", trainer));
        Path other = tmp.resolve("other.yaml");
        Files.writeString(other, TINY_SPEC.replace("3e11", "1e12"));
        assertEquals(2, Lab.execute("sweep", "run", other.toString(), "--out", out.toString(), "--trainer", trainer));
        Files.writeString(other, TINY_SPEC.replace("train.batch_size: 16", "train.batch_size: 16, train.lr: 0.01"));
        assertEquals(2, Lab.execute("sweep", "run", other.toString(), "--out", out.toString(), "--trainer", trainer));
        Files.writeString(other, TINY_SPEC.replace("workers: 2", "workers: 1")); // where, not what: fine
        assertEquals(0, Lab.execute("sweep", "run", other.toString(), "--out", out.toString(), "--trainer", trainer));
    }

    /**
     * The crash-safety contract: kill -9 the orchestrator mid-sweep (its trainers live on as
     * orphans), SIGTERM one trainer of the second orchestrator, then run to the end. Every cell
     * must finish exactly once and no step may be trained twice.
     */
    @Test
    @Tag("slow")
    void killedOrchestratorsAndRunsResumeWithoutTrainingTwice(@TempDir Path tmp) throws Exception {
        Path spec = SweepTestSupport.writeSpec(tmp, TINY_SPEC);
        Path out = tmp.resolve("sweep");
        Path ledger = tmp.resolve("ledger");
        Path log = tmp.resolve("orchestrator.log");
        String trainer = fakeTrainer(Map.of("seconds", "3", "ledger", ledger.toString()));
        List<String> args = List.of("sweep", "run", spec.toString(), "--out", out.toString(), "--workers", "2",
                "--trainer", trainer);

        Process first = SweepTestSupport.lab(log, args).start();
        waitFor(() -> count(out, "done") >= 1 && count(out, "running") >= 3, 60);
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, its trainers keep running

        Process second = SweepTestSupport.lab(log, args).start();
        // Once the second orchestrator starts a trainer of its own, stop that trainer with SIGTERM.
        long firstRunning = count(out, "running");
        waitFor(() -> count(out, "running") > firstRunning, 60);
        var last = SweepIndex.open(out).events();
        long pid = last.stream().filter(e -> e.path("state").asText().equals("running")).reduce((a, b) -> b)
                .orElseThrow().get("pid").asLong();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        assertTrue(second.waitFor(120, TimeUnit.SECONDS), "second orchestrator finished");
        assertEquals(143, second.exitValue(), "an interrupted cell makes the sweep exit 143 (resumable)");

        Process third = SweepTestSupport.lab(log, args).start();
        assertTrue(third.waitFor(120, TimeUnit.SECONDS));
        String console = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, third.exitValue(), console);

        var index = SweepIndex.open(out);
        assertEquals(Map.of("done", 6), SweepStatus.counts(SweepStatus.of(index)), console);
        var trained = SweepTestSupport.stepsTrained(ledger, Map.of());
        for (Cell c : index.cells()) {
            assertEquals(c.steps(), trained.get(c.id()), c.id() + ": trained exactly its steps, once");
        }
        assertTrue(console.contains("outlived the previous orchestrator"), console);
        assertTrue(count(out, "interrupted") >= 1);
        assertFalse(console.contains("Exception"), console);
    }

    static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    static long count(Path out, String state) {
        if (!Files.exists(out.resolve("sweep.json"))) {
            return 0;
        }
        return SweepTestSupport.count(SweepIndex.open(out), state);
    }

    static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    static String capture(Runnable r) {
        var bytes = new ByteArrayOutputStream();
        var old = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
