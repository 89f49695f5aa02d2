package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lab.scaling.sweep.SweepIndex.State;
import lab.util.ExitCodes;

/**
 * Runs a sweep's cells as separate trainer processes on this machine, cheapest first, K at a time.
 * Resume rules: a cell whose result.json says completed is never started again; an interrupted
 * one is started again in the same run folder and the trainer resumes from its checkpoint; a
 * trainer still alive from a killed orchestrator is waited for, not duplicated; a failed one is
 * recorded and skipped (or retried with {@code retryFailed}, its old folder moved aside). A trainer
 * killed by a signal counts as interrupted, not failed: it resumes from its last checkpoint.
 */
public final class LocalExecutor {
    /**
     * @param workers     trainer processes at once
     * @param retryFailed run failed cells again (their run folders are kept as runs/ID.failed-N)
     * @param devices     CUDA device ids, one per worker; empty on CPU
     */
    public record Options(int workers, boolean retryFailed, List<String> devices) {
        public Options {
            if (workers < 1) {
                throw new IllegalArgumentException("--workers: must be at least 1, got " + workers);
            }
            devices = List.copyOf(devices);
        }
    }

    public record Summary(int done, int failed, int interrupted) {}

    private final SweepIndex index;
    private final SweepSpec spec;
    private final String data;
    private final TrainerCommand trainer;
    private final Options options;
    private final Progress progress;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public LocalExecutor(SweepIndex index, SweepSpec spec, String data, TrainerCommand trainer, Options options,
                         PrintStream out) {
        this.index = index;
        this.spec = spec;
        this.data = data;
        this.trainer = trainer;
        this.options = options;
        this.progress = new Progress(index, options.workers(), out);
    }

    /** The CUDA devices this process may use (CUDA_VISIBLE_DEVICES), empty when none are set. */
    public static List<String> visibleDevices() {
        String v = System.getenv("CUDA_VISIBLE_DEVICES");
        if (v == null || v.isBlank() || v.trim().equals("-1")) {
            return List.of();
        }
        return List.of(v.trim().split("\\s*,\\s*"));
    }

    public Summary run() {
        Thread hook = new Thread(this::stop, "sweep-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newFixedThreadPool(options.workers());
        var slots = new LinkedBlockingQueue<String>();
        for (int w = 0; w < options.workers(); w++) {
            slots.add(options.devices().isEmpty() ? "" : options.devices().get(w % options.devices().size()));
        }
        Map<String, JsonNode> last = index.lastEvents();
        var order = new ArrayList<>(index.cells());
        order.sort(Comparator.comparingDouble(Cell::estimatedSeconds).thenComparingInt(Cell::index));
        progress.start(order, last);
        try {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (Cell cell : order) {
                futures.add(pool.submit(() -> {
                    String device = slots.take();
                    try {
                        runCell(cell, last.get(cell.id()), device);
                    } finally {
                        slots.add(device);
                    }
                    return null;
                }));
            }
            for (var f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return progress.summary();
    }

    private void runCell(Cell cell, JsonNode lastEvent, String device) throws InterruptedException {
        if (stopping) {
            return;
        }
        if (index.completed(cell)) {
            progress.finished(cell, recordDone(cell, lastEvent, 0), false);
            return;
        }
        State state = index.state(cell, lastEvent);
        if (state == State.FAILED) {
            if (!options.retryFailed()) {
                progress.failedBefore(cell);
                return;
            }
            index.moveAside(cell);
        }
        if (lastEvent != null && lastEvent.path("state").asText().equals("running") && lastEvent.has("pid")) {
            var orphan = ProcessHandle.of(lastEvent.get("pid").asLong()).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(index.runDir(cell).toAbsolutePath().toString()))
                            .orElse(false));
            if (orphan.isPresent()) {
                progress.say("waiting for " + cell.id() + ": its trainer (pid " + orphan.get().pid()
                        + ") outlived the previous orchestrator");
                orphan.get().onExit().join();
                if (index.completed(cell)) {
                    progress.finished(cell, recordDone(cell, lastEvent, 0), false);
                    return;
                }
            }
        }
        if (stopping) {
            return;
        }
        index.writeCellConfig(cell, spec, data);
        int attempt = index.attempts(cell) + 1;
        var pb = new ProcessBuilder(trainer.forCell(index, cell));
        Path log = index.logFile(cell);
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(index.runDir(cell).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + log.getParent(), e);
        }
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("DJL_OFFLINE", "true");
        if (!device.isEmpty()) {
            pb.environment().put("CUDA_VISIBLE_DEVICES", device);
        } else {
            int threads = Math.max(1, baseThreads() / options.workers());
            pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
            pb.environment().put("MKL_NUM_THREADS", String.valueOf(threads));
        }
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            index.record(cell, State.FAILED, Map.of("attempt", attempt, "error", "cannot start the trainer: " + e.getMessage()));
            progress.failed(cell);
            return;
        }
        live.add(p);
        index.record(cell, State.RUNNING, Map.of("pid", p.pid(), "attempt", attempt,
                "device", device.isEmpty() ? "cpu" : "cuda:" + device));
        progress.started(cell);
        int code = p.waitFor();
        live.remove(p);
        double wall = (System.nanoTime() - start) / 1e9;
        if (code == 0 && index.completed(cell)) {
            progress.finished(cell, recordDone(cell, null, wall), true);
        } else if (code == ExitCodes.INTERRUPTED || code > 128 || (stopping && code != 0)) {
            // 143 after a checkpoint, or killed by a signal (128 + n, e.g. 137 for SIGKILL): resumable
            index.record(cell, State.INTERRUPTED, Map.of("attempt", attempt, "exit_code", code, "wall_seconds", wall));
            progress.interrupted(cell);
        } else {
            String error = code == 0 ? "the trainer exited 0 without a completed result.json" : lastLine(log);
            index.record(cell, State.FAILED, Map.of("attempt", attempt, "exit_code", code, "error", error,
                    "wall_seconds", wall));
            progress.failed(cell);
        }
    }

    private JsonNode recordDone(Cell cell, JsonNode lastEvent, double wall) {
        JsonNode r = index.result(cell);
        if (lastEvent != null && lastEvent.path("state").asText().equals("done")) {
            return lastEvent;
        }
        var fields = new LinkedHashMap<String, Object>();
        fields.put("final_val_loss", r.path("final_val_loss").asDouble(Double.NaN));
        fields.put("wall_seconds", wall > 0 ? wall : r.path("wall_seconds").asDouble(0));
        return index.record(cell, State.DONE, fields);
    }

    /** Stops cleanly: no new cells, SIGTERM to running trainers (they checkpoint), wait for them. */
    void stop() {
        stopping = true;
        for (Process p : live) {
            p.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (Process p : live) {
            try {
                p.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            Thread.sleep(200); // lets the workers record the interruptions
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int baseThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && omp.matches("\\d+") && Integer.parseInt(omp) > 0) {
            return Integer.parseInt(omp);
        }
        return Runtime.getRuntime().availableProcessors();
    }

    static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    String l = lines.get(i).strip();
                    return l.length() > 300 ? l.substring(0, 300) + "..." : l;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return "no log (" + e.getMessage() + ")";
        }
        return "no output";
    }
}
