package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.trainer.config.ConfigTree;
import lab.util.AtomicFiles;
import lab.util.Json;

/**
 * A sweep folder: {@code sweep.json} (the resolved spec and grid), {@code runs.jsonl} (one line per
 * cell state change), {@code cells/<id>.yaml} (each cell's trainer config), {@code runs/<id>/}
 * (run folders), {@code logs/}. Both index files are replaced atomically (write, fsync, rename),
 * so a kill or a full disk at any moment leaves the previous state readable. A run's own
 * result.json is the truth about whether it finished; runs.jsonl is the history.
 */
public final class SweepIndex implements AutoCloseable {
    /** Cell states as `lab sweep status` shows them. */
    public enum State { PENDING, SUBMITTED, RUNNING, DONE, FAILED, INTERRUPTED }

    private final Path dir;
    private final ObjectNode sweep;
    private final List<Cell> cells;

    private SweepIndex(Path dir, ObjectNode sweep) {
        this.dir = dir;
        this.sweep = sweep;
        var list = new ArrayList<Cell>();
        sweep.get("cells").forEach(c -> list.add(Cell.fromJson(c)));
        this.cells = List.copyOf(list);
    }

    /** Creates the folder for a plan, or reopens it when it already holds the same grid. */
    public static SweepIndex create(Path dir, SweepPlan plan, ObjectNode resolvedSpec) {
        ObjectNode sweep = plan.toJson();
        sweep.set("spec", resolvedSpec);
        Path file = dir.resolve("sweep.json");
        if (Files.exists(file)) {
            var existing = open(dir);
            var ids = plan.cells().stream().map(Cell::id).toList();
            var old = existing.cells().stream().map(Cell::id).toList();
            if (!ids.equals(old) || !existing.sweep.path("corpus").asText().equals(plan.corpus().data())) {
                throw new IllegalArgumentException(dir + " holds a different sweep (" + old.size() + " cells, "
                        + existing.sweep.path("name").asText() + "); resume it with the same spec or choose another --out");
            }
            // Same grid, but different trainer settings would make resumed runs differ from finished ones.
            if (!trainingPart(existing.sweep.path("spec")).equals(trainingPart(resolvedSpec))) {
                throw new IllegalArgumentException(dir + " was started with different trainer settings, seeds or "
                        + "sizes (see its sweep.json); resume it with the same spec or choose another --out");
            }
            return existing;
        }
        Json.write(file, sweep);
        return new SweepIndex(dir, sweep);
    }

    /** The parts of a resolved spec that decide what is trained (not where or how fast). */
    private static JsonNode trainingPart(JsonNode spec) {
        var copy = spec.deepCopy();
        if (copy instanceof ObjectNode o) {
            o.remove(List.of("name", "executor", "throughput"));
        }
        try { // through text, so that numbers compare by value and not by Java type (50 as int or long)
            return Json.MAPPER.readTree(Json.line(copy));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SweepIndex open(Path dir) {
        Path file = dir.resolve("sweep.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a sweep folder (no sweep.json): " + dir);
        }
        JsonNode node = Json.read(file);
        if (!node.isObject() || !node.path("cells").isArray()) {
            throw new IllegalArgumentException(file + ": no cells");
        }
        return new SweepIndex(dir, (ObjectNode) node);
    }

    /**
     * Takes the folder's lock ({@code .lock}, held until the JVM exits): two orchestrators on one
     * sweep would start the same cell twice. The OS drops the lock when its holder dies.
     */
    public void lock() {
        try {
            Files.createDirectories(dir);
            var channel = java.nio.channels.FileChannel.open(dir.resolve(".lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                channel.close();
                throw new IllegalStateException("another `lab sweep run` is using " + dir);
            }
            heldLock = channel; // open and locked until close() or the end of this process
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new IllegalStateException("this process already runs the sweep in " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir, e);
        }
    }

    private java.nio.channels.FileChannel heldLock;

    /** Releases the folder's lock, if this index holds it. */
    @Override
    public void close() {
        if (heldLock != null) {
            try {
                heldLock.close();
            } catch (IOException e) {
                // the OS releases it at exit anyway
            }
            heldLock = null;
        }
    }

    public Path dir() {
        return dir;
    }

    public ObjectNode sweep() {
        return sweep;
    }

    public List<Cell> cells() {
        return cells;
    }

    public Path runDir(Cell c) {
        return dir.resolve("runs").resolve(c.id());
    }

    public Path configFile(Cell c) {
        return dir.resolve("cells").resolve(c.id() + ".yaml");
    }

    public Path logFile(Cell c) {
        return dir.resolve("logs").resolve(c.id() + ".log");
    }

    /** The run's result.json, or null when there is none (or it is unreadable: a run still writing it). */
    public JsonNode result(Cell c) {
        Path f = runDir(c).resolve("result.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Json.read(f);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public boolean completed(Cell c) {
        JsonNode r = result(c);
        return r != null && "completed".equals(r.path("status").asText());
    }

    /** Every event in runs.jsonl, oldest first; a torn last line (a kill mid-write elsewhere) is skipped. */
    public synchronized List<JsonNode> events() {
        Path f = dir.resolve("runs.jsonl");
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        var out = new ArrayList<JsonNode>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.MAPPER.readTree(line));
                } catch (IOException e) {
                    // a torn line: ignore it, the run folder's result.json remains the truth
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        return out;
    }

    /** The last event of every cell that has one. */
    public Map<String, JsonNode> lastEvents() {
        var last = new LinkedHashMap<String, JsonNode>();
        for (JsonNode e : events()) {
            last.put(e.path("cell").asText(), e);
        }
        return last;
    }

    /** Records a state change: runs.jsonl is rewritten whole with the new line and renamed into place. */
    public synchronized ObjectNode record(Cell c, State state, Map<String, ?> fields) {
        var e = Json.object();
        e.put("cell", c.id());
        e.put("index", c.index());
        e.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        e.put("time", Instant.now().toString());
        fields.forEach((k, v) -> e.set(k, Json.MAPPER.valueToTree(v)));
        var sb = new StringBuilder();
        for (JsonNode old : events()) {
            sb.append(Json.line(old)).append('\n');
        }
        sb.append(Json.line(e)).append('\n');
        AtomicFiles.writeString(dir.resolve("runs.jsonl"), sb.toString());
        return e;
    }

    /**
     * A cell's state: DONE when its result.json says completed, FAILED when it says otherwise or
     * the last event failed, else the last recorded event's state (PENDING without one).
     */
    public State state(Cell c, JsonNode lastEvent) {
        JsonNode r = result(c);
        if (r != null) {
            String status = r.path("status").asText();
            if (status.equals("completed")) {
                return State.DONE;
            }
            if (status.equals("diverged") || status.equals("failed")) {
                return State.FAILED;
            }
        }
        if (lastEvent == null) {
            return State.PENDING;
        }
        return State.valueOf(lastEvent.path("state").asText("pending").toUpperCase(java.util.Locale.ROOT));
    }

    /** Moves a failed cell's run folder aside (runs/ID.failed-N) so that it can run again from scratch. */
    public void moveAside(Cell cell) {
        Path run = runDir(cell);
        if (!Files.exists(run)) {
            return;
        }
        for (int n = 1; ; n++) {
            Path aside = run.resolveSibling(cell.id() + ".failed-" + n);
            if (!Files.exists(aside)) {
                try {
                    Files.move(run, aside);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move " + run + " aside", e);
                }
                return;
            }
        }
    }

    /** How many times a cell was started (running events). */
    public int attempts(Cell cell) {
        return (int) events().stream().filter(e -> e.path("cell").asText().equals(cell.id())
                && e.path("state").asText().equals("running")).count();
    }

    /** The trainer config each cell runs with: the sweep's trainer settings plus the cell's own. */
    public void writeCellConfig(Cell c, SweepSpec spec, String data) {
        Map<String, String> flat = new LinkedHashMap<>(spec.trainer());
        flat.put("model.width", String.valueOf(c.shape().width()));
        flat.put("model.layers", String.valueOf(c.shape().layers()));
        flat.put("model.heads", String.valueOf(c.shape().heads()));
        flat.put("model.vocab_size", String.valueOf(c.shape().vocabSize()));
        flat.put("model.context", String.valueOf(c.shape().contextLength()));
        flat.put("model.tied_head", String.valueOf(c.shape().tiedHead()));
        flat.put("train.batch_size", String.valueOf(spec.batchSize()));
        flat.put("train.steps", String.valueOf(c.steps()));
        flat.put("train.seed", String.valueOf(c.seed()));
        flat.put("data", data);
        if (data.equals("synthetic")) {
            flat.putIfAbsent("synthetic.vocab", String.valueOf(c.shape().vocabSize()));
        }
        var root = Json.object();
        flat.forEach((key, value) -> {
            int dot = key.indexOf('.');
            // settings read as `lab train --set` and SweepSpec's check read them; the data path verbatim
            JsonNode v = key.equals("data") ? Json.MAPPER.getNodeFactory().textNode(value) : ConfigTree.parseValue(value);
            if (dot < 0) {
                root.set(key, v);
            } else {
                ObjectNode section = root.has(key.substring(0, dot)) ? (ObjectNode) root.get(key.substring(0, dot))
                        : root.putObject(key.substring(0, dot));
                section.set(key.substring(dot + 1), v);
            }
        });
        try {
            String yaml = "# " + c.id() + ": written by `lab sweep run`; budget " + Cell.formatFlops(c.budget())
                    + ", N=" + c.params() + ", D=" + c.tokens() + "\n" + Json.YAML.writeValueAsString(root);
            AtomicFiles.writeString(configFile(c), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile(c), e);
        }
    }
}
