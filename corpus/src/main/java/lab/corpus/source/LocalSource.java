package lab.corpus.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import lab.util.Json;

/**
 * Local text: a file, or a folder read recursively in path order. Each .txt, .md or .rst file is
 * one document; each line of a .jsonl file is one document (its "text" field); ".gz" forms of all
 * four are read through gzip. Other files in a folder are skipped with one message per extension.
 */
public final class LocalSource {
    private static final List<String> TEXT_EXTENSIONS = List.of("txt", "md", "rst", "jsonl");

    private LocalSource() {}

    public static List<Document> read(Path path, Consumer<String> log) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("source not found: " + path
                    + " (not a file, a folder or a known corpus name: " + NamedCorpus.names() + ")");
        }
        if (Files.isRegularFile(path)) {
            return readFile(path, path.toString(), log);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read folder " + path + ": " + e.getMessage());
        }
        var skipped = new TreeMap<String, Integer>();
        var docs = new ArrayList<Document>();
        for (Path f : files) {
            String ext = baseExtension(f);
            if (TEXT_EXTENSIONS.contains(ext)) {
                docs.addAll(readFile(f, path.relativize(f).toString(), log));
            } else {
                skipped.merge(ext.isEmpty() ? "(none)" : "." + ext, 1, Integer::sum);
            }
        }
        skipped.forEach((ext, n) -> log.accept("skip " + n + " file(s) with extension " + ext + " in " + path));
        return docs;
    }

    /** The extension that says how to read a file: "txt" for a.txt and a.txt.gz. */
    static String baseExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    private static List<Document> readFile(Path file, String name, Consumer<String> log) {
        byte[] bytes = readBytes(file);
        String source = file.toString();
        if (baseExtension(file).equals("jsonl")) {
            return readJsonl(bytes, source, name, log);
        }
        String text = TextFiles.decode(bytes, name, log);
        if (text == null) {
            return List.of();
        }
        return List.of(new Document(source, name, Boilerplate.stripGutenberg(text), bytes.length));
    }

    static byte[] readBytes(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                return raw;
            }
            try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": not a valid gzip file (" + e.getMessage() + ")");
            }
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + file + ": permission denied");
        } catch (IOException e) { // a folder, a device, a vanished file: bad input all the same
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** One document per line; a line that is not JSON, or has no string "text", is an error. */
    static List<Document> readJsonl(byte[] bytes, String source, String name, Consumer<String> log) {
        String all = TextFiles.decode(bytes, name, log);
        if (all == null) {
            return List.of();
        }
        var docs = new ArrayList<Document>();
        String[] lines = all.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": not valid JSON");
            }
            JsonNode text = node == null ? null : node.get("text");
            if (text == null || !text.isTextual()) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": no string field \"text\"");
            }
            String t = TextFiles.unifyNewlines(text.asText());
            if (t.isBlank()) {
                log.accept("skip " + name + ":" + (i + 1) + ": empty text");
                continue;
            }
            docs.add(new Document(source, name + ":" + (i + 1), t,
                    line.getBytes(StandardCharsets.UTF_8).length + 1L));
        }
        return docs;
    }
}
