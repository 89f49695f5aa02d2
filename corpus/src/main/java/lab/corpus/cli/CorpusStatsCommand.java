package lab.corpus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import lab.corpus.shard.CorpusDir;
import lab.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `lab corpus stats DIR`: the manifest as a table. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Show a corpus folder's manifest.")
public final class CorpusStatsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Corpus folder.")
    Path dir;

    @Option(names = "--json", description = "Print the manifest as JSON.")
    boolean json;

    @Override
    public void run() {
        CorpusDir c = CorpusDir.open(dir);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.pretty(c.manifest()).stripTrailing() : table(c));
        out.flush();
    }

    static String table(CorpusDir c) {
        var sb = new StringBuilder();
        JsonNode m = c.manifest();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (v.isValueNode() || v.isNull()) {
                sb.append(String.format(Locale.ROOT, "%-38s %s%n", e.getKey(), v.isTextual() ? v.asText() : v.toString()));
            }
        }
        sb.append(String.format(Locale.ROOT, "%-38s %s%n", "train.bin tokens (on disk)", c.train().size()));
        sb.append(String.format(Locale.ROOT, "%-38s %s%n", "val.bin tokens (on disk)", c.val().size()));
        for (JsonNode s : m.path("sources")) {
            sb.append(String.format(Locale.ROOT, "source %-31s %s %s, %s docs, licence: %s%n", s.path("name").asText(),
                    s.path("version").isNull() ? "-" : s.path("version").asText(),
                    s.path("sha256").isNull() ? "" : s.path("sha256").asText().substring(0, 12),
                    s.path("documents").asText("-"), s.path("licence").asText()));
        }
        return sb.toString().stripTrailing();
    }
}
