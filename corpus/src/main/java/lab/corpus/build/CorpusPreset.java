package lab.corpus.build;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import lab.util.Json;

/**
 * A corpus preset (configs/corpora/NAME.yaml): sources, vocab, val_fraction, seed. Fields left out
 * keep their defaults; command-line options override the preset; unknown keys are errors.
 *
 * @param sources     null when the preset does not name any
 * @param vocab       null when not set (likewise below)
 */
public record CorpusPreset(List<String> sources, Integer vocab, Double valFraction, Long seed) {
    private static final Set<String> KEYS = Set.of("sources", "vocab", "val_fraction", "seed", "description");

    /** A preset by name (looked up under $lab.home/configs/corpora, then ./configs/corpora) or by path. */
    public static CorpusPreset load(String nameOrFile) {
        Path file = resolve(nameOrFile);
        JsonNode n = Json.read(file);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(file + ": unknown key '" + k + "' (known: " + KEYS + ")");
            }
        }
        List<String> sources = null;
        if (n.has("sources")) {
            sources = new ArrayList<>();
            JsonNode s = n.get("sources");
            if (s.isArray()) {
                for (JsonNode x : s) {
                    sources.add(x.asText());
                }
            } else {
                sources.addAll(List.of(s.asText().split(",")));
            }
        }
        return new CorpusPreset(sources,
                n.has("vocab") ? Integer.valueOf(number(n, "vocab", file).intValue()) : null,
                n.has("val_fraction") ? Double.valueOf(number(n, "val_fraction", file).doubleValue()) : null,
                n.has("seed") ? Long.valueOf(number(n, "seed", file).longValue()) : null);
    }

    private static Number number(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a number, got " + v);
        }
        return v.numberValue();
    }

    static Path resolve(String nameOrFile) {
        Path direct = Path.of(nameOrFile);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        var tried = new ArrayList<Path>();
        String home = System.getProperty("lab.home");
        for (Path base : home == null ? List.of(Path.of("configs/corpora"))
                : List.of(Path.of(home, "configs", "corpora"), Path.of("configs/corpora"))) {
            Path p = base.resolve(nameOrFile + ".yaml");
            if (Files.isRegularFile(p)) {
                return p;
            }
            tried.add(p);
        }
        throw new IllegalArgumentException("--preset " + nameOrFile + ": no such file (tried " + direct + ", " + tried + ")");
    }
}
