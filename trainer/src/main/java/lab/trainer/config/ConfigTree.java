package lab.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import lab.util.Json;

/**
 * Resolves a configuration the one way the lab allows: the defaults (defaults.yaml), then a
 * YAML/JSON file, then `key=value` overrides. Every key must exist in the defaults.
 */
public final class ConfigTree {
    private ConfigTree() {}

    public static ObjectNode defaults() {
        try (InputStream in = ConfigTree.class.getResourceAsStream("/lab/trainer/defaults.yaml")) {
            return (ObjectNode) Json.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overlays a file's values onto the tree; unknown keys are errors naming the key and file. */
    public static void mergeFile(ObjectNode tree, Path file) {
        JsonNode node = Json.read(file);
        if (!node.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping of sections");
        }
        merge(tree, (ObjectNode) node, "", file.toString());
    }

    private static void merge(ObjectNode target, ObjectNode source, String prefix, String origin) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = prefix + e.getKey();
            JsonNode existing = target.get(e.getKey());
            if (existing == null) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + origin + suggest(key));
            }
            if (existing.isObject()) {
                if (!e.getValue().isObject()) {
                    throw new IllegalArgumentException(key + " in " + origin + ": expected a section, got '" + e.getValue() + "'");
                }
                merge((ObjectNode) existing, (ObjectNode) e.getValue(), key + ".", origin);
            } else {
                if (e.getValue().isObject()) {
                    throw new IllegalArgumentException(key + " in " + origin + ": expected a value, got a section");
                }
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    /** Applies `section.key=value`; the value is parsed as YAML (numbers, booleans, null, text). */
    public static void set(ObjectNode tree, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set expects key=value, got '" + assignment + "'");
        }
        String key = assignment.substring(0, eq).trim();
        String text = assignment.substring(eq + 1).trim();
        String[] path = key.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (child == null || !child.isObject()) {
                throw new IllegalArgumentException("unknown key '" + key + "'" + suggest(key));
            }
            node = (ObjectNode) child;
        }
        String leaf = path[path.length - 1];
        if (!node.has(leaf) || node.get(leaf).isObject()) {
            throw new IllegalArgumentException("unknown key '" + key + "'" + suggest(key));
        }
        node.set(leaf, parseValue(text));
    }

    /** A `--set` value as the lab reads it: YAML scalars (numbers, booleans, null), else text. */
    public static JsonNode parseValue(String text) {
        if (text.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            JsonNode v = Json.YAML.readTree(text);
            return v == null || v.isMissingNode() || v.isContainerNode() ? JsonNodeFactory.instance.textNode(text) : v;
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    /** Every leaf key of the defaults, "section.key", for help and suggestions. */
    public static List<String> keys() {
        var out = new ArrayList<String>();
        collect(defaults(), "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, List<String> out) {
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                collect(e.getValue(), prefix + e.getKey() + ".", out);
            } else {
                out.add(prefix + e.getKey());
            }
        });
    }

    /** The known key with the same last part, else the nearest within two edits, else a pointer to the list. */
    private static String suggest(String key) {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        String best = null;
        int bestDistance = 3;
        for (String k : keys()) {
            if (k.endsWith("." + leaf) || k.equals(leaf)) {
                return " (did you mean '" + k + "'?)";
            }
            int d = editDistance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null ? " (did you mean '" + best + "'?)" : " (known keys: lab train --help-keys)";
    }

    /** Levenshtein distance: single-character insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
