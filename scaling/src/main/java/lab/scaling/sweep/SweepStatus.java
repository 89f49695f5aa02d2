package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import lab.util.Json;

/**
 * A sweep folder's cells and their states, as `lab sweep status` shows them. A local cell whose
 * recorded trainer process is gone without a result shows as interrupted (its orchestrator was
 * killed); `lab sweep run` resumes it.
 *
 * @param cell     the cell
 * @param state    pending, submitted, running, done, failed or interrupted
 * @param attempts how many times it was started
 * @param valLoss  final validation loss (nats per token), NaN until done
 * @param bpb      final validation bits per byte, NaN until done
 * @param wallSeconds the run's wall time, NaN until done
 * @param note     the error of a failed cell, the job of a Slurm one
 */
public record SweepStatus(Cell cell, String state, int attempts, double valLoss, double bpb, double wallSeconds,
                          String note) {

    public static List<SweepStatus> of(SweepIndex index) {
        Map<String, JsonNode> last = index.lastEvents();
        var out = new ArrayList<SweepStatus>();
        for (Cell c : index.cells()) {
            JsonNode ev = last.get(c.id());
            var state = index.state(c, ev);
            String note = "";
            if (state == SweepIndex.State.RUNNING && ev.has("pid") && !ev.has("job")
                    && ProcessHandle.of(ev.get("pid").asLong()).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                state = SweepIndex.State.INTERRUPTED;
                note = "trainer gone; `lab sweep run` resumes it";
            }
            if (state == SweepIndex.State.FAILED) {
                note = ev != null && ev.has("error") ? ev.get("error").asText() : "result: " + statusOf(index.result(c));
            } else if (ev != null && ev.has("job") && state != SweepIndex.State.DONE) {
                note = "slurm job " + ev.get("job").asText() + "_" + c.index();
            }
            JsonNode r = index.result(c);
            boolean done = state == SweepIndex.State.DONE;
            out.add(new SweepStatus(c, state.name().toLowerCase(Locale.ROOT), index.attempts(c),
                    done ? r.path("final_val_loss").asDouble(Double.NaN) : Double.NaN,
                    done ? r.path("final_val_bpb").asDouble(Double.NaN) : Double.NaN,
                    done ? r.path("wall_seconds").asDouble(Double.NaN) : Double.NaN, note));
        }
        return out;
    }

    private static String statusOf(JsonNode result) {
        return result == null ? "none" : result.path("status").asText("?");
    }

    /** Cells per state, in a fixed order. */
    public static Map<String, Integer> counts(List<SweepStatus> rows) {
        var counts = new TreeMap<String, Integer>();
        rows.forEach(r -> counts.merge(r.state(), 1, Integer::sum));
        return counts;
    }

    public ObjectNode toJson() {
        ObjectNode o = cell.toJson();
        o.put("state", state);
        o.put("attempts", attempts);
        putNumber(o, "final_val_loss", valLoss);
        putNumber(o, "final_val_bpb", bpb);
        putNumber(o, "wall_seconds", wallSeconds);
        o.put("note", note);
        return o;
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    public static JsonNode toJson(List<SweepStatus> rows) {
        var o = Json.object();
        var counts = o.putObject("counts");
        counts(rows).forEach(counts::put);
        var arr = o.putArray("cells");
        rows.forEach(r -> arr.add(r.toJson()));
        return o;
    }
}
