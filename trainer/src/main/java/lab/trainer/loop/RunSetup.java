package lab.trainer.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.trainer.config.ConfigTree;
import lab.trainer.config.RunConfig;
import lab.trainer.data.CorpusTokens;
import lab.trainer.data.SyntheticTokens;
import lab.trainer.data.TokenSource;

/**
 * From the command line's pieces to a resolved configuration, its data and its run folder; the one
 * way `lab train`, the sweeps and the tests set a run up.
 */
public record RunSetup(RunConfig config, ObjectNode resolvedTree, TokenSource data) {

    /** The four ways of giving a run's length; a CLI flag replaces whichever one the file set. */
    public static final List<String> LENGTH_KEYS = List.of("steps", "tokens", "flops", "tokens_per_param");

    public static RunSetup resolve(List<Path> files, List<String> sets, String lengthKey, Double lengthValue,
                                   String dataOverride, String deviceOverride) {
        ObjectNode tree = ConfigTree.defaults();
        for (Path f : files) {
            ConfigTree.mergeFile(tree, f);
        }
        for (String s : sets) {
            ConfigTree.set(tree, s);
        }
        if (dataOverride != null) {
            tree.put("data", dataOverride);
        }
        if (deviceOverride != null) {
            tree.put("device", deviceOverride);
        }
        if (lengthKey != null) {
            ObjectNode train = (ObjectNode) tree.get("train");
            LENGTH_KEYS.forEach(train::putNull);
            train.put(lengthKey, lengthValue);
        }
        TokenSource data = openData(tree);
        RunConfig cfg = RunConfig.resolve(tree, data.vocabSize());
        lab.trainer.engine.EngineSetup.device(cfg.device()); // a bad device is a usage error, before anything is written
        int window = cfg.model().contextLength() + 1;
        if (data.trainTokens() < window || data.valTokens() < window) {
            throw new IllegalArgumentException("model.context=" + cfg.model().contextLength() + ": the data has "
                    + data.trainTokens() + " training and " + data.valTokens() + " validation tokens, fewer than one window");
        }
        ObjectNode resolved = tree.deepCopy();
        ObjectNode model = (ObjectNode) resolved.get("model");
        model.put("width", cfg.model().width());
        model.put("layers", cfg.model().layers());
        model.put("heads", cfg.model().heads());
        model.put("vocab_size", cfg.model().vocabSize());
        ((ObjectNode) resolved.get("train")).put("lr", cfg.lr());
        return new RunSetup(cfg, resolved, data);
    }

    /** The synthetic.* settings, each checked for type (their ranges are SyntheticTokens'). */
    public record Synthetic(int vocab, int branching, long tokens, long seed) {
        public static Synthetic of(JsonNode section) {
            return new Synthetic(RunConfig.integer(section, "synthetic.vocab"),
                    RunConfig.integer(section, "synthetic.branching"), RunConfig.whole(section, "synthetic.tokens"),
                    RunConfig.whole(section, "synthetic.seed"));
        }
    }

    static TokenSource openData(JsonNode tree) {
        String data = tree.get("data").asText();
        if (data.equals("synthetic")) {
            var s = Synthetic.of(tree.get("synthetic"));
            return new SyntheticTokens(s.vocab(), s.branching(), s.tokens(), s.seed());
        }
        Path dir = Path.of(data);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("data=" + data + ": not a corpus folder (build one with `lab corpus build`)"
                    + " and not 'synthetic'");
        }
        return new CorpusTokens(dir);
    }

    /**
     * Checks the run folder against this configuration. Returns the state to act on: "new",
     * "resume", or the finished status ("completed", "diverged"). A folder holding a different
     * configuration is an error: a finished or half-done run is never overwritten silently.
     */
    public String checkFolder(RunFolder folder) {
        String status = folder.status();
        if (Files.isRegularFile(folder.config())) {
            JsonNode existing = lab.util.Json.read(folder.config());
            if (!existing.equals(resolvedTree)) {
                throw new IllegalArgumentException(folder.dir() + " holds a run with a different configuration"
                        + firstDifference(existing, resolvedTree, "") + "; use another --run-dir");
            }
            if ("completed".equals(status) || "diverged".equals(status)) {
                return status;
            }
            return "resume";
        }
        if (Files.isDirectory(folder.dir())) {
            try (var entries = Files.list(folder.dir())) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(folder.dir() + " is not empty and holds no lab run; use another --run-dir");
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return "new";
    }

    private static String firstDifference(JsonNode a, JsonNode b, String prefix) {
        var names = new java.util.TreeSet<String>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            JsonNode x = a.get(n);
            JsonNode y = b.get(n);
            if (x != null && y != null && x.isObject() && y.isObject()) {
                String inner = firstDifference(x, y, prefix + n + ".");
                if (!inner.isEmpty()) {
                    return inner;
                }
            } else if (x == null || !x.equals(y)) {
                return " (" + prefix + n + ": " + x + " there, " + y + " now)";
            }
        }
        return "";
    }
}
