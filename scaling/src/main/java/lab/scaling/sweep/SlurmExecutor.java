package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import lab.scaling.sweep.SweepIndex.State;
import lab.util.AtomicFiles;
import lab.util.ExitCodes;
import lab.util.Json;

/**
 * Runs a sweep as a Slurm job array: one task per unfinished cell, {@code SLURM_ARRAY_TASK_ID} is
 * the cell's index in sweep.json. Follows the tasks with {@code squeue --json} (and
 * {@code scontrol -o show job} once a task has aged out of squeue), records every state change in
 * runs.jsonl, resubmits tasks that were interrupted (time limit, preemption, exit 143: the trainer
 * resumes from its checkpoint) up to {@link #MAX_ROUNDS} times, and reports failed ones. Killed
 * and started again, it re-attaches to tasks still queued or running instead of submitting twice.
 */
public final class SlurmExecutor {
    public static final int MAX_ROUNDS = 3;
    private static final Set<String> ACTIVE = Set.of("PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED",
            "REQUEUED", "RESIZING", "SIGNALING", "STAGE_OUT");
    private static final Set<String> RETRYABLE = Set.of("TIMEOUT", "PREEMPTED", "NODE_FAIL", "BOOT_FAIL", "DEADLINE");

    /** A cell's task in a job array. */
    record Task(Cell cell, String job) {}

    private final SweepIndex index;
    private final SweepSpec spec;
    private final String data;
    private final TrainerCommand trainer;
    private final boolean retryFailed;
    private final double pollSeconds;
    private final PrintStream out;
    private final Map<String, String> env;

    public SlurmExecutor(SweepIndex index, SweepSpec spec, String data, TrainerCommand trainer, boolean retryFailed,
                         double pollSeconds, PrintStream out) {
        this(index, spec, data, trainer, retryFailed, pollSeconds, out, Map.of());
    }

    /** @param env extra environment for the Slurm clients (e.g. SLURM_CONF of a test cluster) */
    public SlurmExecutor(SweepIndex index, SweepSpec spec, String data, TrainerCommand trainer, boolean retryFailed,
                         double pollSeconds, PrintStream out, Map<String, String> env) {
        if (!(pollSeconds > 0)) {
            throw new IllegalArgumentException("--poll-seconds: must be positive, got " + pollSeconds);
        }
        this.index = index;
        this.spec = spec;
        this.data = data;
        this.trainer = trainer;
        this.retryFailed = retryFailed;
        this.pollSeconds = pollSeconds;
        this.out = out;
        this.env = Map.copyOf(env);
    }

    public LocalExecutor.Summary run() {
        var failedBefore = new ArrayList<Cell>();
        var inFlight = new LinkedHashMap<String, Task>();
        Map<String, JsonNode> last = index.lastEvents();
        Map<String, JsonNode> queue = squeue();
        var todo = new ArrayList<Cell>();
        for (Cell cell : index.cells()) {
            JsonNode ev = last.get(cell.id());
            State state = index.state(cell, ev);
            if (state == State.DONE) {
                if (ev == null || !ev.path("state").asText().equals("done")) {
                    index.record(cell, State.DONE, doneFields(cell));
                }
            } else if (state == State.FAILED && !retryFailed) {
                failedBefore.add(cell);
            } else if ((state == State.SUBMITTED || state == State.RUNNING) && ev.has("job")) {
                inFlight.put(cell.id(), new Task(cell, ev.get("job").asText())); // re-attach; resolved below
            } else {
                if (state == State.FAILED) {
                    index.moveAside(cell);
                }
                todo.add(cell);
            }
        }
        failedBefore.forEach(c -> out.println("skipping " + c.id() + ": it failed before; --retry-failed resubmits it"));
        if (!inFlight.isEmpty()) {
            out.println("re-attaching to " + inFlight.size() + " task(s) submitted earlier");
        }
        var failed = new ArrayList<Cell>(failedBefore);
        int interrupted = 0;
        for (int round = 1; ; round++) {
            if (!todo.isEmpty()) {
                queue = null; // taken before this submission
                String job = submit(todo, round);
                for (Cell c : todo) {
                    inFlight.put(c.id(), new Task(c, job));
                }
                todo.clear();
            }
            var retry = follow(inFlight, queue, failed);
            queue = null;
            if (retry.isEmpty()) {
                break;
            }
            if (round >= MAX_ROUNDS) {
                interrupted = retry.size();
                out.println(retry.size() + " task(s) still interrupted after " + MAX_ROUNDS
                        + " rounds; run `lab sweep run` again to resume them");
                break;
            }
            out.println("resubmitting " + retry.size() + " interrupted task(s); they resume from their checkpoints");
            todo.addAll(retry);
        }
        if (!failed.isEmpty()) {
            out.println("failed tasks (rerun with --retry-failed to resubmit):");
            var lastNow = index.lastEvents();
            for (Cell c : failed) {
                JsonNode ev = lastNow.get(c.id());
                out.println("  " + c.id() + ": " + (ev == null ? "failed" : ev.path("error").asText("failed")));
            }
        }
        long done = index.cells().stream().filter(index::completed).count();
        return new LocalExecutor.Summary((int) done, failed.size(), interrupted);
    }

    /** Waits until no task is in flight; returns the cells to resubmit (interrupted). */
    private List<Cell> follow(Map<String, Task> inFlight, Map<String, JsonNode> firstQueue, List<Cell> failed) {
        var retry = new ArrayList<Cell>();
        var seenRunning = new HashMap<String, Boolean>();
        Map<String, JsonNode> queue = firstQueue;
        int squeueFailures = 0;
        while (!inFlight.isEmpty()) {
            if (queue == null) {
                sleep();
                try {
                    queue = squeue();
                    squeueFailures = 0;
                } catch (IllegalStateException e) {
                    if (++squeueFailures >= 12) {
                        throw new IllegalStateException(e.getMessage() + "; the sweep can be resumed with `lab sweep run`");
                    }
                    out.println("warning: " + e.getMessage());
                    continue;
                }
            }
            for (var it = inFlight.values().iterator(); it.hasNext(); ) {
                Task t = it.next();
                JsonNode j = queue.get(t.job() + "_" + t.cell().index());
                String state = j == null ? null : j.path("job_state").asText();
                Map<String, String> scontrol = Map.of();
                if (j == null) { // not (or no longer) listed by squeue: ask scontrol
                    scontrol = scontrol(t.job() + "_" + t.cell().index());
                    state = scontrol.get("JobState");
                }
                if (state != null && ACTIVE.contains(state)) {
                    if (state.equals("RUNNING") && seenRunning.put(t.cell().id(), true) == null
                            && !lastState(t.cell()).equals("running")) {
                        long jobId = j != null ? j.path("job_id").asLong() : leadingNumber(scontrol.get("JobId"));
                        index.record(t.cell(), State.RUNNING, Map.of("job", t.job(),
                                "slurm_job_id", jobId, "attempt", index.attempts(t.cell()) + 1));
                    }
                    continue;
                }
                it.remove();
                resolve(t, state, j, scontrol, retry, failed);
            }
            queue = null;
        }
        return retry;
    }

    private void resolve(Task t, String state, JsonNode squeueEntry, Map<String, String> scontrol, List<Cell> retry,
                         List<Cell> failed) {
        Cell cell = t.cell();
        if (index.completed(cell)) {
            index.record(cell, State.DONE, doneFields(cell));
            out.printf("%s done (%d/%d)%n", cell.id(), index.cells().stream().filter(index::completed).count(),
                    index.cells().size());
            return;
        }
        int exit = -1;
        if (squeueEntry != null) {
            exit = exitStatus(squeueEntry.get("exit_code"));
        } else {
            String ec = scontrol.get("ExitCode");
            if (ec != null && ec.contains(":")) {
                exit = Integer.parseInt(ec.substring(0, ec.indexOf(':')));
            }
        }
        if ("CANCELLED".equals(state) || (squeueEntry != null && signalOf(squeueEntry.get("exit_code")) != 0)) {
            // scancel or a signal: resumable from the checkpoint, but not resubmitted behind the user's back
            index.record(cell, State.INTERRUPTED, Map.of("job", t.job(), "slurm_state", String.valueOf(state),
                    "exit_code", exit));
            out.println(cell.id() + " was cancelled or killed; `lab sweep run` resumes it");
            return;
        }
        if (state == null || RETRYABLE.contains(state) || exit == ExitCodes.INTERRUPTED) {
            index.record(cell, State.INTERRUPTED, Map.of("job", t.job(), "slurm_state", String.valueOf(state),
                    "exit_code", exit));
            retry.add(cell);
            return;
        }
        String error = state.equals("COMPLETED") ? "the task exited 0 without a completed result.json"
                : "slurm " + state + ", exit " + exit + ": " + LocalExecutor.lastLine(index.logFile(cell));
        index.record(cell, State.FAILED, Map.of("job", t.job(), "slurm_state", state, "exit_code", exit, "error", error));
        out.println(cell.id() + " failed: " + error);
        failed.add(cell);
    }

    /** squeue's exit_code: the raw wait status in 22.05 (7 << 8 = 1792), an object in later versions. */
    static int exitStatus(JsonNode code) {
        if (code == null || code.isNull()) {
            return -1;
        }
        if (code.isObject()) {
            JsonNode rc = code.path("return_code");
            return rc.isObject() ? rc.path("number").asInt(-1) : rc.asInt(-1);
        }
        return (code.asInt() >> 8) & 0xff;
    }

    /** The job id at the start of scontrol's JobId ("1234" of "1234_5"); 0 when there is none. */
    static long leadingNumber(String jobId) {
        String digits = jobId == null ? "" : jobId.replaceAll("\\D.*", "");
        return digits.isEmpty() || digits.length() > 18 ? 0 : Long.parseLong(digits);
    }

    /** The signal that ended a task, from squeue's raw wait status (0: none). */
    static int signalOf(JsonNode code) {
        return code == null || !code.isNumber() ? 0 : code.asInt() & 0x7f;
    }

    private String submit(List<Cell> cells, int round) {
        for (Cell c : cells) {
            index.writeCellConfig(c, spec, data);
        }
        try { // Slurm opens --output before the script runs: the folder must exist
            Files.createDirectories(index.dir().resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + index.dir().resolve("logs"), e);
        }
        Path script = index.dir().resolve("slurm").resolve("array-" + System.currentTimeMillis() + ".sh");
        AtomicFiles.writeString(script, script(cells));
        script.toFile().setExecutable(true);
        String jobId = exec(List.of("sbatch", "--parsable", script.toAbsolutePath().toString())).strip();
        if (jobId.contains(";")) {
            jobId = jobId.substring(0, jobId.indexOf(';')); // "id;cluster"
        }
        if (!jobId.matches("\\d+")) {
            throw new IllegalStateException("sbatch did not return a job id: " + jobId);
        }
        for (Cell c : cells) {
            index.record(c, State.SUBMITTED, Map.of("job", jobId, "task", c.index(), "round", round));
        }
        out.printf("submitted job array %s: %d task(s), script %s%n", jobId, cells.size(), script);
        return jobId;
    }

    /** The job-array script: the task id picks the cell; the trainer runs in its run folder. */
    String script(List<Cell> cells) {
        var s = new StringBuilder("#!/bin/bash\n");
        var ex = spec.executor();
        s.append("#SBATCH --job-name=lab-").append(spec.name()).append('\n');
        s.append("#SBATCH --array=").append(cells.stream().map(c -> String.valueOf(c.index()))
                .collect(Collectors.joining(","))).append('\n');
        s.append("#SBATCH --cpus-per-task=").append(ex.cpus()).append('\n');
        s.append("#SBATCH --output=").append(index.dir().toAbsolutePath().resolve("logs")).append("/slurm-%A_%a.log\n");
        if (ex.partition() != null) {
            s.append("#SBATCH --partition=").append(ex.partition()).append('\n');
        }
        if (ex.time() != null) {
            s.append("#SBATCH --time=").append(ex.time()).append('\n');
        }
        if (ex.gpus() > 0) {
            s.append("#SBATCH --gres=gpu:").append(ex.gpus()).append('\n');
        }
        s.append("# Written by `lab sweep run --executor slurm`: SLURM_ARRAY_TASK_ID is the cell's index in sweep.json.\n");
        s.append("set -euo pipefail\ncase \"$SLURM_ARRAY_TASK_ID\" in\n");
        for (Cell c : cells) {
            s.append("  ").append(c.index()).append(") cell=").append(c.id()).append(" ;;\n");
        }
        s.append("  *) echo \"no cell for task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;\nesac\n");
        String dir = quote(index.dir().toAbsolutePath().toString());
        s.append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\" OPT_OUT_TRACKING=true DJL_OFFLINE=true\n");
        s.append("mkdir -p ").append(dir).append("/logs ").append(dir).append("/runs\n");
        s.append("exec >> ").append(dir).append("/logs/\"$cell\".log 2>&1\n");
        s.append("exec");
        for (String a : trainer.prefix()) {
            s.append(' ').append(quote(a));
        }
        s.append(" train --config ").append(dir).append("/cells/\"$cell\".yaml --run-dir ").append(dir)
                .append("/runs/\"$cell\" --quiet\n");
        return s.toString();
    }

    /** Every array task squeue knows, keyed "ARRAYJOB_TASK"; pending ranges ("3,5-7%2") are expanded. */
    Map<String, JsonNode> squeue() {
        var map = new HashMap<String, JsonNode>();
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(exec(List.of("squeue", "--json", "--states=all")));
        } catch (IOException e) {
            throw new IllegalStateException("squeue --json printed invalid JSON: " + e.getMessage());
        }
        for (JsonNode j : root.path("jobs")) {
            String arrayJob = j.path("array_job_id").asText();
            if (arrayJob.isEmpty() || arrayJob.equals("0")) {
                continue;
            }
            String range = j.path("array_task_string").asText("");
            if (!range.isEmpty()) {
                for (int task : expand(range)) {
                    map.put(arrayJob + "_" + task, j);
                }
            } else if (j.path("array_task_id").canConvertToInt()) {
                map.put(arrayJob + "_" + j.path("array_task_id").asInt(), j);
            }
        }
        return map;
    }

    static List<Integer> expand(String range) {
        var out = new ArrayList<Integer>();
        String body = range.contains("%") ? range.substring(0, range.indexOf('%')) : range;
        for (String part : body.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] ab = part.split("-");
            String hi = ab[ab.length - 1].contains(":") ? ab[ab.length - 1].substring(0, ab[ab.length - 1].indexOf(':'))
                    : ab[ab.length - 1];
            int step = ab[ab.length - 1].contains(":") ? Integer.parseInt(ab[ab.length - 1].substring(ab[ab.length - 1].indexOf(':') + 1)) : 1;
            for (int i = Integer.parseInt(ab[0].trim()); i <= Integer.parseInt(hi.trim()); i += step) {
                out.add(i);
            }
        }
        return out;
    }

    private Map<String, String> scontrol(String jobTask) {
        var fields = new HashMap<String, String>();
        String text;
        try {
            text = exec(List.of("scontrol", "-o", "show", "job", jobTask));
        } catch (IllegalStateException e) {
            return fields; // unknown to Slurm by now
        }
        for (String kv : text.strip().split("\\s+")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return fields;
    }

    private String exec(List<String> cmd) {
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException(cmd.get(0) + " failed (exit " + code + "): " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + " (is Slurm installed and on PATH?): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0));
        }
    }

    private String lastState(Cell c) {
        JsonNode ev = index.lastEvents().get(c.id());
        return ev == null ? "" : ev.path("state").asText();
    }

    private Map<String, Object> doneFields(Cell cell) {
        JsonNode r = index.result(cell);
        var f = new LinkedHashMap<String, Object>();
        f.put("final_val_loss", r.path("final_val_loss").asDouble(Double.NaN));
        f.put("wall_seconds", r.path("wall_seconds").asDouble(0));
        return f;
    }

    private void sleep() {
        try {
            Thread.sleep((long) (pollSeconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted; the sweep can be resumed with `lab sweep run`");
        }
    }

    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=+,@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
