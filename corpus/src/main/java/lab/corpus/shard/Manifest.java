package lab.corpus.shard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.util.Json;
import lab.util.LabVersion;

/**
 * The keys every corpus manifest.json carries (issue 3's list), written in one place for text and
 * synthetic corpora; each builder adds its own keys after these. {@link CorpusDir} reads them.
 */
public final class Manifest {
    private Manifest() {}

    /** What cleaning did to the input: documents and bytes in and kept, duplicates removed. */
    public record Documents(long in, long kept, long exactRemoved, long nearRemoved, long bytesIn, long bytesKept) {
        /** A synthetic corpus has no documents. */
        public static final Documents NONE = new Documents(0, 0, 0, 0, 0, 0);
    }

    /** The token files: counts, vocabulary, id width, and text bytes per token with what that means. */
    public record Tokens(long train, long val, int vocabSize, TokenDtype dtype, double bytesPerToken,
                         String bytesPerTokenNote) {}

    /**
     * @param kind            "text" or "synthetic"
     * @param tokenizerSha256 sha256 of the .tiktoken file, or null when there is no tokenizer
     */
    public static ObjectNode of(String kind, ArrayNode sources, Documents d, Tokens t, String tokenizerSha256,
                                long seed) {
        ObjectNode m = Json.object();
        m.put("kind", kind);
        m.set("sources", sources);
        m.put("documents_in", d.in());
        m.put("documents_kept", d.kept());
        m.put("exact_duplicates_removed", d.exactRemoved());
        m.put("near_duplicates_removed", d.nearRemoved());
        m.put("bytes_in", d.bytesIn());
        m.put("bytes_kept", d.bytesKept());
        m.put("train_tokens", t.train());
        m.put("val_tokens", t.val());
        m.put("vocab_size", t.vocabSize());
        m.put("bytes_per_token", t.bytesPerToken());
        m.put("bytes_per_token_note", t.bytesPerTokenNote());
        m.put("token_dtype", t.dtype().label());
        if (tokenizerSha256 == null) {
            m.putNull("tokenizer_sha256");
        } else {
            m.put("tokenizer_sha256", tokenizerSha256);
        }
        m.put("seed", seed);
        m.put("lab_version", LabVersion.VERSION);
        return m;
    }
}
