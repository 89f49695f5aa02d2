package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.util.Json;

/**
 * Reads a sweep spec from YAML: record defaults, then the file; unknown keys are errors. A SPEC
 * argument is a file path or the name of a preset in configs/sweeps/.
 */
public final class SpecReader {
    private SpecReader() {}

    /** The file a SPEC argument names: an existing path, else configs/sweeps/NAME.yaml. */
    public static Path locate(String spec) {
        Path direct = Path.of(spec);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        if (!spec.contains("/") && !spec.endsWith(".yaml")) {
            Path presets = presetDir();
            if (presets != null && Files.isRegularFile(presets.resolve(spec + ".yaml"))) {
                return presets.resolve(spec + ".yaml");
            }
            throw new IllegalArgumentException("sweep spec '" + spec + "': no such file or preset (presets: "
                    + presetNames() + ")");
        }
        throw new IllegalArgumentException("sweep spec file not found: " + spec);
    }

    public static SweepSpec load(String spec) {
        Path file = locate(spec);
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(Json.read(file), base, file.toAbsolutePath().getParent());
    }

    /** configs/sweeps under lab.home, else the first one found walking up from the working folder. */
    public static Path presetDir() {
        String home = System.getProperty("lab.home");
        if (home != null && Files.isDirectory(Path.of(home, "configs", "sweeps"))) {
            return Path.of(home, "configs", "sweeps");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("configs/sweeps"))) {
                return p.resolve("configs/sweeps");
            }
        }
        return null;
    }

    static List<String> presetNames() {
        Path dir = presetDir();
        if (dir == null) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** Builds a spec from a parsed YAML/JSON tree; relative paths resolve against {@code baseDir}. */
    public static SweepSpec parse(JsonNode root, String defaultName, Path baseDir) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("sweep spec: expected a mapping at the top level");
        }
        allow(root, "", "name", "description", "budgets", "sizes", "family", "corpus", "trainer", "seeds",
                "min_steps", "executor", "throughput");
        String name = text(root, "name", defaultName);
        List<Double> budgets = budgets(root.get("budgets"));

        JsonNode s = object(root, "sizes");
        allow(s, "sizes.", "count", "span", "centre", "tokens_per_param", "fit");
        String centre = text(s, "centre", "rule");
        double defaultRatio = centre.equals("rule") ? 20 : Double.NaN;
        double ratio = number(s, "sizes.", "tokens_per_param", defaultRatio);
        if (centre.equals("rule") && ratio != 20) {
            throw new IllegalArgumentException("sweep spec sizes.tokens_per_param: the rule centre is 20 by "
                    + "definition; use centre: tokens_per_param");
        }
        String fit = s.hasNonNull("fit") ? resolve(baseDir, s.get("fit").asText()) : null;
        var sizes = new SweepSpec.SizeGrid((int) integer(s, "sizes.", "count", 5), number(s, "sizes.", "span", 8),
                centre, Double.isNaN(ratio) && !centre.equals("tokens_per_param") ? 20 : ratio, fit);

        JsonNode f = object(root, "family");
        allow(f, "family.", "vocab_size", "context", "tied_head");
        var family = new SweepSpec.Family((int) integer(f, "family.", "vocab_size", 0),
                (int) integer(f, "family.", "context", 128), bool(f, "family.", "tied_head", true));

        String corpus = text(root, "corpus", "synthetic");
        if (!corpus.equals("synthetic") && !corpus.equals("default")) {
            corpus = resolve(baseDir, corpus);
        }

        Map<String, String> trainer = new LinkedHashMap<>();
        JsonNode t = object(root, "trainer");
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().isObject()) { // nested form: train: {lr: 3e-3}
                for (Iterator<Map.Entry<String, JsonNode>> in = e.getValue().fields(); in.hasNext(); ) {
                    var inner = in.next();
                    trainer.put(e.getKey() + "." + inner.getKey(), scalar(inner.getValue(), "trainer." + e.getKey()
                            + "." + inner.getKey()));
                }
            } else {
                trainer.put(e.getKey(), scalar(e.getValue(), "trainer." + e.getKey()));
            }
        }

        List<Long> seeds = new ArrayList<>();
        JsonNode sd = root.get("seeds");
        if (sd != null && !sd.isNull()) {
            if (!sd.isArray()) {
                throw new IllegalArgumentException("sweep spec seeds: must be a list of integers");
            }
            for (int i = 0; i < sd.size(); i++) {
                if (!sd.get(i).canConvertToLong() || !sd.get(i).isIntegralNumber()) {
                    throw new IllegalArgumentException("sweep spec seeds[" + i + "]: must be an integer, got " + sd.get(i));
                }
                seeds.add(sd.get(i).asLong());
            }
        }

        JsonNode ex = object(root, "executor");
        allow(ex, "executor.", "workers", "slurm");
        JsonNode sl = object(ex, "slurm");
        allow(sl, "executor.slurm.", "partition", "time", "cpus", "gpus");
        var executor = new SweepSpec.ExecutorSettings((int) integer(ex, "executor.", "workers", 1),
                sl.hasNonNull("partition") ? sl.get("partition").asText() : null,
                sl.hasNonNull("time") ? sl.get("time").asText() : null,
                (int) integer(sl, "executor.slurm.", "cpus", 2), (int) integer(sl, "executor.slurm.", "gpus", 0));

        JsonNode tp = object(root, "throughput");
        allow(tp, "throughput.", "gflops", "step_overhead_ms", "startup_seconds");
        var throughput = new SweepSpec.Throughput(number(tp, "throughput.", "gflops", 65),
                number(tp, "throughput.", "step_overhead_ms", 7), number(tp, "throughput.", "startup_seconds", 4));

        return new SweepSpec(name, budgets, sizes, family, corpus, trainer, seeds,
                integer(root, "", "min_steps", 10), executor, throughput);
    }

    /** A list of FLOP counts, or a log range {from, to, count} / {from, to, per_decade}. */
    static List<Double> budgets(JsonNode b) {
        if (b == null || b.isNull()) {
            throw new IllegalArgumentException("sweep spec budgets: is required (a list, or {from, to, count})");
        }
        var out = new ArrayList<Double>();
        if (b.isArray()) {
            for (int i = 0; i < b.size(); i++) {
                out.add(toDouble(b.get(i), "budgets[" + i + "]"));
            }
            return out;
        }
        if (!b.isObject()) {
            throw new IllegalArgumentException("sweep spec budgets: must be a list or {from, to, count}");
        }
        allow(b, "budgets.", "from", "to", "count", "per_decade");
        double from = number(b, "budgets.", "from", Double.NaN);
        double to = number(b, "budgets.", "to", Double.NaN);
        if (!(from > 0) || !(to >= from)) {
            throw new IllegalArgumentException("sweep spec budgets.to: needs 0 < from <= to, got from=" + from + " to=" + to);
        }
        double decades = Math.log10(to / from);
        long count;
        if (b.has("count") == b.has("per_decade")) {
            throw new IllegalArgumentException("sweep spec budgets: give exactly one of count or per_decade");
        } else if (b.has("count")) {
            count = integer(b, "budgets.", "count", 0);
        } else {
            count = Math.round(decades * number(b, "budgets.", "per_decade", 0)) + 1;
        }
        if (count < 1 || count > 100 || (count == 1 && from != to)) {
            throw new IllegalArgumentException("sweep spec budgets.count: must be within [2, 100] for a range, got " + count);
        }
        for (long i = 0; i < count; i++) {
            double c = count == 1 ? from : from * Math.pow(10, decades * i / (count - 1));
            out.add(roundSignificant(c, 3));
        }
        return out;
    }

    static double roundSignificant(double x, int digits) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(digits)).doubleValue();
    }

    private static void allow(JsonNode node, String prefix, String... keys) {
        Set<String> known = Set.of(keys);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException("sweep spec " + prefix + k + ": unknown key (known: "
                        + String.join(", ", keys) + ")");
            }
        }
    }

    private static JsonNode object(JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return Json.object();
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("sweep spec " + key + ": must be a mapping");
        }
        return n;
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode n = node.get(key);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    private static double number(JsonNode node, String prefix, String key, double fallback) {
        JsonNode n = node.get(key);
        return n == null || n.isNull() ? fallback : toDouble(n, prefix + key);
    }

    /** YAML 1.1 reads 3e11 (no dot) as a string, so numbers are also accepted as text. */
    static double toDouble(JsonNode n, String field) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText().trim().replace("_", ""));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException("sweep spec " + field + ": must be a number, got " + n);
    }

    private static long integer(JsonNode node, String prefix, String key, long fallback) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        double v = toDouble(n, prefix + key);
        if (v != Math.rint(v) || Math.abs(v) > 1e15) {
            throw new IllegalArgumentException("sweep spec " + prefix + key + ": must be an integer, got " + n);
        }
        return (long) v;
    }

    private static boolean bool(JsonNode node, String prefix, String key, boolean fallback) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException("sweep spec " + prefix + key + ": must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    private static String scalar(JsonNode n, String field) {
        if (!n.isValueNode() || n.isNull()) {
            throw new IllegalArgumentException("sweep spec " + field + ": must be a single value");
        }
        return n.asText();
    }

    private static String resolve(Path baseDir, String path) {
        Path p = Path.of(path);
        if (p.isAbsolute() || baseDir == null) {
            return p.toString();
        }
        // Relative paths in a preset resolve against the repository root (configs/sweeps/../..), else the file.
        Path root = baseDir.getParent() != null && baseDir.getFileName().toString().equals("sweeps")
                && baseDir.getParent().getFileName().toString().equals("configs") ? baseDir.getParent().getParent() : baseDir;
        return root.resolve(p).normalize().toString();
    }
}
