package lab.corpus.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lab.corpus.source.CorpusCache;
import lab.corpus.source.Document;
import lab.corpus.source.LocalSource;
import lab.corpus.source.NamedCorpus;
import lab.corpus.source.NamedCorpusReader;
import lab.util.Json;
import lab.util.Sha256;

/** Resolves --source SPECs to documents, and describes each source for the manifest. */
public final class SourceLoader {
    /** The documents of one source and its manifest entry. */
    public record Loaded(List<Document> documents, ObjectNode entry) {}

    private SourceLoader() {}

    public static Loaded load(String spec, CorpusCache cache, Consumer<String> log) {
        var named = NamedCorpus.find(spec);
        ObjectNode e = Json.object();
        List<Document> docs;
        if (named.isPresent()) {
            NamedCorpus c = named.get();
            Path archive = cache.fetch(c, log);
            docs = NamedCorpusReader.read(c, archive, log);
            e.put("name", c.name());
            e.put("version", c.version());
            e.put("sha256", c.sha256());
            e.put("licence", c.licence());
            e.put("origin", c.origin());
            e.put("registry", c.registry() + " " + c.coordinates());
        } else {
            Path path = Path.of(spec);
            docs = LocalSource.read(path, log);
            e.put("name", spec);
            e.putNull("version");
            e.put("sha256", contentSha256(docs));
            e.put("sha256_of", "the documents read (name and text, in order)");
            e.put("licence", "unknown (local files)");
            e.put("origin", "local path " + path.toAbsolutePath().normalize());
        }
        e.put("documents", docs.size());
        e.put("bytes", docs.stream().mapToLong(Document::bytesIn).sum());
        log.accept("source " + spec + ": " + docs.size() + " documents");
        return new Loaded(docs, e);
    }

    static String contentSha256(List<Document> docs) {
        var md = Sha256.digest();
        for (Document d : docs) {
            md.update(d.name().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(d.text().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return Sha256.hex(md);
    }

    static List<String> distinct(List<String> specs) {
        var out = new ArrayList<String>();
        for (String s : specs) {
            String t = s.strip();
            if (out.contains(t)) {
                throw new IllegalArgumentException("--source lists " + t + " twice");
            }
            out.add(t);
        }
        return out;
    }
}
