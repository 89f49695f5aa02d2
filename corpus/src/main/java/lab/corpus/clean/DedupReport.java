package lab.corpus.clean;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.corpus.source.Document;
import lab.corpus.source.TextFiles;
import lab.util.Json;

/** What deduplication removed: counts and UTF-8 bytes by kind, and a few example clusters. */
public final class DedupReport {
    /** Example clusters kept per kind in dedup_report.json. */
    private static final int MAX_EXAMPLES = 8;

    /** The kept documents (paragraph-deduplicated) and the report. */
    public record Result(List<Document> kept, DedupReport report) {}

    private long exactDocuments;
    private long exactDocumentBytes;
    private long nearDocuments;
    private long nearDocumentBytes;
    private long paragraphs;
    private long paragraphBytes;
    private long emptied;
    private final Map<String, List<String>> exactExamples = new LinkedHashMap<>();
    private final Map<String, List<String>> nearExamples = new LinkedHashMap<>();
    private final Map<String, Double> nearJaccard = new LinkedHashMap<>();

    void exactDocument(Document kept, Document removed) {
        exactDocuments++;
        exactDocumentBytes += removed.utf8Bytes();
        example(exactExamples, kept, removed);
    }

    void nearDocument(Document kept, Document removed, double jaccard) {
        nearDocuments++;
        nearDocumentBytes += removed.utf8Bytes();
        if (example(nearExamples, kept, removed)) {
            nearJaccard.merge(label(kept), jaccard, Math::min);
        }
    }

    void paragraph(String text) {
        paragraphs++;
        paragraphBytes += TextFiles.utf8Length(text);
    }

    void emptiedDocument() {
        emptied++;
    }

    private static boolean example(Map<String, List<String>> examples, Document kept, Document removed) {
        String key = label(kept);
        if (!examples.containsKey(key) && examples.size() >= MAX_EXAMPLES) {
            return false;
        }
        List<String> list = examples.computeIfAbsent(key, k -> new ArrayList<>());
        if (list.size() < MAX_EXAMPLES) {
            list.add(label(removed));
        }
        return true;
    }

    private static String label(Document d) {
        return d.source().equals(d.name()) ? d.name() : d.source() + ":" + d.name();
    }

    public long exactDocuments() {
        return exactDocuments;
    }

    public long nearDocuments() {
        return nearDocuments;
    }

    public long paragraphs() {
        return paragraphs;
    }

    public long emptiedDocuments() {
        return emptied;
    }

    public ObjectNode toJson(Deduplicator.Params params) {
        ObjectNode o = Json.object();
        ObjectNode p = o.putObject("params");
        p.put("shingle_words", params.near().shingleWords());
        p.put("minhash_components", params.near().bands() * params.near().rows());
        p.put("lsh_bands", params.near().bands());
        p.put("lsh_rows", params.near().rows());
        p.put("near_jaccard_threshold", params.near().threshold());
        p.put("candidate_probability_at_threshold", params.near().candidateProbability(params.near().threshold()));
        p.put("min_paragraph_chars", params.minParagraphChars());
        p.put("normalisation", "NFKC, folded quotes and dashes, collapsed whitespace, lower case; xxh3-64");
        kind(o, "exact_documents", exactDocuments, exactDocumentBytes);
        kind(o, "near_documents", nearDocuments, nearDocumentBytes);
        kind(o, "exact_paragraphs", paragraphs, paragraphBytes);
        o.put("documents_emptied_by_paragraph_dedup", emptied);
        var ex = o.putArray("example_clusters");
        exactExamples.forEach((kept, removed) -> {
            ObjectNode c = ex.addObject();
            c.put("kind", "exact");
            c.put("kept", kept);
            removed.forEach(c.putArray("removed")::add);
        });
        nearExamples.forEach((kept, removed) -> {
            ObjectNode c = ex.addObject();
            c.put("kind", "near");
            c.put("kept", kept);
            c.put("min_jaccard", nearJaccard.get(kept));
            removed.forEach(c.putArray("removed")::add);
        });
        return o;
    }

    private static void kind(ObjectNode o, String name, long count, long bytes) {
        ObjectNode k = o.putObject(name);
        k.put("count", count);
        k.put("bytes_removed", bytes);
    }
}
