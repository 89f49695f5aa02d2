package lab.corpus.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.GptBytePairEncodingParams;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import lab.util.AtomicFiles;
import lab.util.Json;
import lab.util.LabVersion;

/**
 * A trained byte-level BPE tokenizer: mergeable tokens by rank plus one special token, the end of
 * document, whose id is the last one (vocabSize - 1). Encoding runs through JTokkit with our ranks.
 * JTokkit refuses special tokens inside text, so text is encoded as ordinary text (a literal
 * "<|endoftext|>" in a document stays text) and the end-of-document id is appended by us.
 *
 * <p>Files: {@code tokenizer.tiktoken} (one "base64(bytes) rank" line per mergeable token, the
 * format tiktoken's load_tiktoken_bpe reads) and {@code tokenizer.json} (pattern, special tokens).
 */
public final class Tokenizer {
    public static final String TIKTOKEN_FILE = "tokenizer.tiktoken";
    public static final String JSON_FILE = "tokenizer.json";
    public static final String END_OF_DOCUMENT = "<|endoftext|>";
    public static final int MIN_VOCAB = 257;
    public static final int MAX_VOCAB = 65_536;

    /** Distinct pre-tokens remembered per thread before the cache is cleared. */
    private static final int CACHE_ENTRIES = 1 << 18;

    private final List<byte[]> ranks;
    private final String pattern;
    private final java.util.regex.Pattern compiled;
    private final Encoding encoding;
    private final ThreadLocal<HashMap<String, int[]>> cache = ThreadLocal.withInitial(HashMap::new);

    public Tokenizer(List<byte[]> ranks, String pattern) {
        if (ranks.size() < 256) {
            throw new IllegalArgumentException("a byte-level tokenizer needs the 256 byte tokens, got " + ranks.size());
        }
        this.ranks = List.copyOf(ranks);
        this.pattern = pattern;
        Map<byte[], Integer> encoder = new HashMap<>(ranks.size() * 2);
        for (int i = 0; i < ranks.size(); i++) {
            encoder.put(ranks.get(i), i);
        }
        this.compiled = PreTokenizer.compile(pattern);
        var params = new GptBytePairEncodingParams("lab-bpe", compiled, encoder,
                Map.of(END_OF_DOCUMENT, ranks.size()));
        this.encoding = Encodings.newLazyEncodingRegistry().registerGptBytePairEncoding(params)
                .getEncoding("lab-bpe").orElseThrow();
    }

    /**
     * Trains on texts: GPT-4 pre-tokenisation, then {@link BpeTrainer} up to {@code vocabSize - 1}
     * mergeable tokens (the last id is the end-of-document token).
     */
    public static Tokenizer train(List<String> texts, int vocabSize, Consumer<String> progress) {
        if (vocabSize < MIN_VOCAB || vocabSize > MAX_VOCAB) {
            throw new IllegalArgumentException("--vocab must be within [" + MIN_VOCAB + ", " + MAX_VOCAB
                    + "] (256 byte tokens + merges + 1 end-of-document token), got " + vocabSize);
        }
        var counts = PreTokenizer.countWords(texts, PreTokenizer.compile(PreTokenizer.PATTERN));
        return new Tokenizer(BpeTrainer.train(counts, vocabSize - 1, progress), PreTokenizer.PATTERN);
    }

    /** Mergeable tokens plus the end-of-document token. */
    public int vocabSize() {
        return ranks.size() + 1;
    }

    public int endOfDocument() {
        return ranks.size();
    }

    public String pattern() {
        return pattern;
    }

    public byte[] tokenBytes(int id) {
        return id == endOfDocument() ? END_OF_DOCUMENT.getBytes(StandardCharsets.UTF_8) : ranks.get(id).clone();
    }

    /**
     * The text's token ids, without the end-of-document token. Text is cut into pre-tokens here
     * and each distinct pre-token is encoded once by JTokkit and remembered (natural text repeats
     * most of its words), which is what tiktoken does too: BPE never crosses a pre-token boundary.
     */
    public int[] encode(String text) {
        var memo = cache.get();
        if (memo.size() > CACHE_ENTRIES) {
            memo.clear();
        }
        var m = compiled.matcher(text);
        int[] out = new int[Math.max(16, text.length() / 3)];
        int n = 0;
        while (m.find()) {
            String piece = m.group();
            int[] ids = memo.get(piece);
            if (ids == null) {
                ids = encoding.encodeOrdinary(piece).toArray();
                memo.put(piece, ids);
            }
            if (n + ids.length > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
            }
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** JTokkit's own encoding of the whole text, without the per-pre-token cache (tests compare the two). */
    public int[] encodeDirect(String text) {
        return encoding.encodeOrdinary(text).toArray();
    }

    public String decode(int[] ids) {
        var list = new IntArrayList(ids.length);
        for (int id : ids) {
            list.add(id);
        }
        return encoding.decode(list);
    }

    public void save(Path dir) {
        var sb = new StringBuilder(ranks.size() * 16);
        var b64 = Base64.getEncoder();
        for (int i = 0; i < ranks.size(); i++) {
            sb.append(b64.encodeToString(ranks.get(i))).append(' ').append(i).append('\n');
        }
        AtomicFiles.writeString(dir.resolve(TIKTOKEN_FILE), sb.toString());
        ObjectNode json = Json.object();
        json.put("type", "byte-level BPE (tiktoken format)");
        json.put("mergeable_ranks", TIKTOKEN_FILE);
        json.put("pattern", pattern);
        json.put("pattern_note", "Java compiles it with UNICODE_CHARACTER_CLASS; Python's regex module matches the same");
        json.putObject("special_tokens").put(END_OF_DOCUMENT, endOfDocument());
        json.put("end_of_document", END_OF_DOCUMENT);
        json.put("n_vocab", vocabSize());
        json.put("lab_version", LabVersion.VERSION);
        Json.write(dir.resolve(JSON_FILE), json);
    }

    public static Tokenizer load(Path dir) {
        Path tiktoken = dir.resolve(TIKTOKEN_FILE);
        Path jsonFile = dir.resolve(JSON_FILE);
        if (!Files.isRegularFile(tiktoken) || !Files.isRegularFile(jsonFile)) {
            throw new IllegalArgumentException("no tokenizer in " + dir + " (need " + TIKTOKEN_FILE + " and "
                    + JSON_FILE + "; synthetic corpora have none)");
        }
        JsonNode json = Json.read(jsonFile);
        List<String> lines;
        try {
            lines = Files.readAllLines(tiktoken, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tiktoken + ": " + e.getMessage(), e);
        }
        var ranks = new ArrayList<byte[]>(lines.size());
        var b64 = Base64.getDecoder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            int rank;
            try {
                rank = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
            } catch (NumberFormatException e) {
                rank = -1;
            }
            if (rank != ranks.size()) {
                throw new IllegalArgumentException(tiktoken + ":" + (i + 1) + ": expected 'base64 rank' with rank "
                        + ranks.size());
            }
            ranks.add(b64.decode(parts[0]));
        }
        JsonNode special = json.path("special_tokens").path(END_OF_DOCUMENT);
        if (!special.isInt() || special.asInt() != ranks.size()) {
            throw new IllegalArgumentException(jsonFile + ": special token " + END_OF_DOCUMENT + " must have id "
                    + ranks.size());
        }
        return new Tokenizer(ranks, json.path("pattern").asText(PreTokenizer.PATTERN));
    }
}
