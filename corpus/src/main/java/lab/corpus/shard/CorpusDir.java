package lab.corpus.shard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.util.Json;
import lab.util.Sha256;

/**
 * A built corpus folder as the trainer reads it: manifest.json, train.bin, val.bin (and the
 * tokenizer files, which only the corpus tools need). The contract is in README's architecture
 * section: vocab_size, bytes_per_token, token_dtype, train_tokens, val_tokens at least.
 */
public record CorpusDir(Path dir, JsonNode manifest, int vocabSize, double bytesPerToken, TokenDtype dtype,
                        TokenFile train, TokenFile val, String manifestSha256) {

    public static CorpusDir open(Path dir) {
        CorpusFolders.recover(dir); // a build killed mid-swap left the last good corpus aside
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException("not a corpus folder (no manifest.json): " + dir);
        }
        JsonNode m = Json.read(manifestFile);
        int vocab = required(m, "vocab_size", manifestFile).asInt();
        double bpt = required(m, "bytes_per_token", manifestFile).asDouble();
        if (vocab < 2 || !(bpt > 0)) {
            throw new IllegalArgumentException(manifestFile + ": vocab_size and bytes_per_token must be positive");
        }
        TokenDtype dtype = m.hasNonNull("token_dtype") ? TokenDtype.parse(m.get("token_dtype").asText())
                : TokenDtype.forVocab(vocab);
        TokenFile train = TokenFile.open(dir.resolve("train.bin"), dtype);
        TokenFile val = TokenFile.open(dir.resolve("val.bin"), dtype);
        return new CorpusDir(dir, m, vocab, bpt, dtype, train, val, sha256(manifestFile));
    }

    /** Unique training tokens, the D that Chinchilla's rule speaks of. */
    public long trainTokens() {
        return train.size();
    }

    /** The true entropy rate in nats per token, for synthetic corpora; NaN otherwise. */
    public double entropyNatsPerToken() {
        JsonNode e = manifest.get("entropy_nats_per_token");
        return e == null || !e.isNumber() ? Double.NaN : e.asDouble();
    }

    /** The end-of-document token id of a text corpus; -1 when there is none (synthetic corpora). */
    public int endOfDocumentId() {
        JsonNode e = manifest.get("end_of_document_id");
        return e == null || !e.canConvertToInt() ? -1 : e.asInt();
    }

    private static JsonNode required(JsonNode m, String key, Path file) {
        JsonNode v = m.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(file + ": missing '" + key + "'");
        }
        return v;
    }

    public static String sha256(Path file) {
        try {
            return Sha256.hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
