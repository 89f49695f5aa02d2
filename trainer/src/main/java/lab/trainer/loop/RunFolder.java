package lab.trainer.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import lab.util.AtomicFiles;
import lab.util.Json;

/** The files of one run: config.json, manifest.json, metrics.jsonl, result.json, ckpt/. */
public record RunFolder(Path dir) {
    public Path config() { return dir.resolve("config.json"); }
    public Path manifest() { return dir.resolve("manifest.json"); }
    public Path metrics() { return dir.resolve("metrics.jsonl"); }
    public Path result() { return dir.resolve("result.json"); }

    /** The status in result.json, or null when the run has not ended. */
    public String status() {
        if (!Files.isRegularFile(result())) {
            return null;
        }
        JsonNode s = Json.read(result()).get("status");
        return s == null ? null : s.asText();
    }

    public void appendMetrics(ObjectNode line) {
        AtomicFiles.appendLine(metrics(), Json.line(line));
    }

    /** On resume from step s: drops metric lines logged after s, so the log reads as one run. */
    public void truncateMetricsAfter(long step) {
        if (!Files.isRegularFile(metrics())) {
            return;
        }
        try {
            var kept = new ArrayList<String>();
            for (String line : Files.readAllLines(metrics(), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = Json.MAPPER.readTree(line);
                    if (node.path("step").asLong(Long.MAX_VALUE) <= step) {
                        kept.add(line);
                    }
                } catch (IOException e) {
                    // a line cut short by a kill: drop it
                }
            }
            AtomicFiles.writeString(metrics(), kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics(), e);
        }
    }
}
