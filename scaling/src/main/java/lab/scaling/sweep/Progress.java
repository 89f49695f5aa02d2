package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lab.util.Durations;

/**
 * The sweep's progress line, printed on every state change:
 * {@code sweep: 4/12 done, 1 failed, 2 running | 1m32s elapsed | ETA 3m10s}. A finished cell
 * prints no line of its own while cells wait to start (the next one starts at once and its line
 * shows the new count), so a log gets one line per cell. The ETA is the
 * remaining cells' estimated seconds divided by the workers, scaled by how the finished cells'
 * measured times compared with their estimates.
 */
final class Progress {
    private final SweepIndex index;
    private final int workers;
    private final PrintStream out;
    private final Set<String> done = new HashSet<>();
    private final Set<String> failed = new HashSet<>();
    private final Set<String> running = new HashSet<>();
    private int interrupted;
    private double remainingEstimate;
    private double measuredSeconds;
    private double estimatedOfMeasured;
    private long startNanos;

    Progress(SweepIndex index, int workers, PrintStream out) {
        this.index = index;
        this.workers = workers;
        this.out = out;
    }

    synchronized void start(List<Cell> cells, Map<String, JsonNode> last) {
        startNanos = System.nanoTime();
        remainingEstimate = cells.stream().filter(c -> !index.completed(c)).mapToDouble(Cell::estimatedSeconds).sum();
        long finished = cells.stream().filter(index::completed).count();
        say(String.format(Locale.ROOT, "sweep %s: %d cells, %d already done, estimated %s with %d worker(s)",
                index.dir(), cells.size(), finished, Durations.format(remainingEstimate / workers), workers));
    }

    synchronized void started(Cell c) {
        running.add(c.id());
        line();
    }

    synchronized void finished(Cell c, JsonNode event, boolean measured) {
        running.remove(c.id());
        if (done.add(c.id()) && measured) {
            remainingEstimate -= c.estimatedSeconds();
            measuredSeconds += event.path("wall_seconds").asDouble();
            estimatedOfMeasured += c.estimatedSeconds();
        }
        if (measured && waiting() <= 0) {
            line();
        }
    }

    synchronized void failed(Cell c) {
        running.remove(c.id());
        failed.add(c.id());
        remainingEstimate -= c.estimatedSeconds();
        line();
    }

    synchronized void failedBefore(Cell c) {
        failed.add(c.id());
        remainingEstimate -= c.estimatedSeconds();
        say("skipping " + c.id() + ": it failed before (" + lastError(c) + "); --retry-failed runs it again");
        if (waiting() <= 0) {
            line();
        }
    }

    synchronized void interrupted(Cell c) {
        running.remove(c.id());
        interrupted++;
        line();
    }

    synchronized void say(String message) {
        out.println(message);
        out.flush();
    }

    synchronized LocalExecutor.Summary summary() {
        return new LocalExecutor.Summary(done.size(), failed.size(), interrupted);
    }

    /** Cells not yet started, finished, failed or interrupted. */
    private int waiting() {
        return index.cells().size() - done.size() - failed.size() - running.size() - interrupted;
    }

    private void line() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double scale = estimatedOfMeasured > 0 ? measuredSeconds / estimatedOfMeasured : 1;
        double eta = Math.max(0, remainingEstimate) * scale / workers;
        say(String.format(Locale.ROOT, "sweep: %d/%d done, %d failed, %d running | %s elapsed | ETA %s",
                done.size(), index.cells().size(), failed.size(), running.size(), Durations.format(elapsed),
                Durations.format(eta)));
    }

    private String lastError(Cell c) {
        JsonNode last = index.lastEvents().get(c.id());
        if (last != null && last.has("error")) {
            return last.get("error").asText();
        }
        JsonNode r = index.result(c);
        return r == null ? "unknown error" : "status " + r.path("status").asText();
    }
}
