package lab.corpus.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import lab.corpus.shard.CorpusDir;
import lab.corpus.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CorpusBuilderTest {
    /** Writes 40 distinct documents, 3 exact copies, 2 near copies, one empty and one binary file. */
    public static Path writeSources(Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("texts"));
        var rng = new SplittableRandom(5);
        var originals = new ArrayList<String>();
        for (int i = 0; i < 40; i++) {
            var sb = new StringBuilder();
            for (int w = 0; w < 300; w++) {
                sb.append("w").append(rng.nextInt(5000)).append(w % 40 == 39 ? ".\n\n" : " ");
            }
            originals.add(sb.toString());
            Files.writeString(src.resolve(String.format("doc%02d.txt", i)), sb);
        }
        for (int k = 0; k < 3; k++) {
            Files.writeString(src.resolve("exact" + k + ".txt"), originals.get(k).toUpperCase());
        }
        for (int k = 0; k < 2; k++) {
            Files.writeString(src.resolve("near" + k + ".txt"), originals.get(10 + k).replaceFirst("w\\d+", "changed"));
        }
        Files.write(src.resolve("empty.txt"), new byte[0]);
        Files.write(src.resolve("binary.txt"), new byte[] {0, 1, 2, 3});
        return src;
    }

    @Test
    void buildsACorpusFromLocalFilesAndCountsWhatItDid(@TempDir Path tmp) throws Exception {
        Path src = writeSources(tmp);
        Path out = tmp.resolve("corpus");
        var log = new ArrayList<String>();
        var o = new BuildOptions(List.of(src.toString()), out, 400, 0.1, 7, tmp.resolve("cache"), null, log::add);
        var m = CorpusBuilder.build(o);

        assertEquals(45, m.get("documents_in").asInt(), "empty and binary files are skipped");
        assertEquals(3, m.get("exact_duplicates_removed").asInt());
        assertEquals(2, m.get("near_duplicates_removed").asInt());
        assertEquals(40, m.get("documents_kept").asInt());
        assertEquals(400, m.get("vocab_size").asInt());
        assertEquals("uint16", m.get("token_dtype").asText());
        assertTrue(log.stream().anyMatch(s -> s.contains("empty.txt")) && log.stream().anyMatch(s -> s.contains("binary.txt")));

        CorpusDir c = CorpusDir.open(out);
        assertEquals(m.get("train_tokens").asLong(), c.train().size());
        assertEquals(m.get("val_tokens").asLong(), c.val().size());
        assertTrue(c.val().size() > 0);
        long bytesKept = m.get("bytes_kept").asLong();
        assertEquals(bytesKept, m.get("train_bytes").asLong() + m.get("val_bytes").asLong());
        double bpt = m.get("train_bytes").asDouble() / m.get("train_tokens").asDouble();
        assertEquals(bpt, c.bytesPerToken(), 1e-12);

        // documents are separated by the end-of-document id, and decode back to the kept text
        Tokenizer tok = Tokenizer.load(out);
        int eod = tok.endOfDocument();
        int docs = 0;
        var current = new ArrayList<Integer>();
        var decoded = new StringBuilder();
        for (long i = 0; i < c.train().size(); i++) {
            int id = c.train().get(i);
            if (id == eod) {
                docs++;
                decoded.append(tok.decode(current.stream().mapToInt(Integer::intValue).toArray()));
                current.clear();
            } else {
                current.add(id);
            }
        }
        assertEquals(m.get("train_documents").asInt(), docs);
        assertEquals(eod, c.endOfDocumentId());
        assertEquals(m.get("train_bytes").asLong(), decoded.toString().getBytes(StandardCharsets.UTF_8).length);
        assertEquals(CorpusDir.sha256(out.resolve("tokenizer.tiktoken")), m.get("tokenizer_sha256").asText());
        assertTrue(Files.isRegularFile(out.resolve("dedup_report.json")));
        assertNoLeftovers(tmp);

        // same seed, same split and tokens; rebuild replaces the old corpus in place
        var again = CorpusBuilder.build(o);
        assertEquals(m.get("train_tokens"), again.get("train_tokens"));
        assertEquals(m.get("tokenizer_sha256"), again.get("tokenizer_sha256"));
        assertNoLeftovers(tmp);
    }

    @Test
    void reusesACorpusBuiltWithTheSameOptions(@TempDir Path tmp) throws Exception {
        Path src = writeSources(tmp);
        var log = new ArrayList<String>();
        var o = new BuildOptions(List.of(src.toString()), tmp.resolve("c"), 300, 0.1, 1, tmp, null, log::add);
        CorpusBuilder.buildOrReuse(o);
        long modified = Files.getLastModifiedTime(tmp.resolve("c/train.bin")).toMillis();
        CorpusBuilder.buildOrReuse(o);
        assertTrue(log.stream().anyMatch(s -> s.startsWith("reuse")), log.toString());
        assertEquals(modified, Files.getLastModifiedTime(tmp.resolve("c/train.bin")).toMillis());
        var other = new BuildOptions(List.of(src.toString()), tmp.resolve("c"), 300, 0.1, 2, tmp, null, log::add);
        assertEquals(2, CorpusBuilder.buildOrReuse(other).manifest().get("seed").asInt(), "a new seed rebuilds");
    }

    @Test
    void failedBuildLeavesNoHalfCorpus(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("tiny"));
        Files.writeString(src.resolve("a.txt"), "ab ab");
        Files.writeString(src.resolve("b.txt"), "cd cd cd");
        var o = new BuildOptions(List.of(src.toString()), tmp.resolve("out"), 4096, 0.1, 1, tmp, null, null);
        var e = assertThrows(IllegalArgumentException.class, () -> CorpusBuilder.build(o));
        assertTrue(e.getMessage().contains("vocabulary too large"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
        assertNoLeftovers(tmp);
    }

    @Test
    void leftoversOfAKilledBuildAreCleanedUp(@TempDir Path tmp) throws Exception {
        Path src = writeSources(tmp);
        Path stale = Files.createDirectories(tmp.resolve(".c.building-999999999"));
        Files.writeString(stale.resolve("train.bin"), "half");
        var o = new BuildOptions(List.of(src.toString()), tmp.resolve("c"), 300, 0.1, 1, tmp, null, null);
        CorpusBuilder.build(o);
        assertFalse(Files.exists(stale), "a dead process's half-built folder is removed");
        assertNoLeftovers(tmp);
    }

    @Test
    void refusesToOverwriteAFolderThatIsNotACorpus(@TempDir Path tmp) throws Exception {
        Path src = writeSources(tmp);
        Files.writeString(Files.createDirectories(tmp.resolve("precious")).resolve("notes.txt"), "keep me");
        var o = new BuildOptions(List.of(src.toString()), tmp.resolve("precious"), 300, 0.1, 1, tmp, null, null);
        assertThrows(IllegalArgumentException.class, () -> CorpusBuilder.build(o));
        assertEquals("keep me", Files.readString(tmp.resolve("precious/notes.txt")));
    }

    @Test
    void validationSplitIsDeterministicAndNearTheFraction() {
        var docs = new ArrayList<lab.corpus.source.Document>();
        for (int i = 0; i < 200; i++) {
            docs.add(new lab.corpus.source.Document("s", "d" + i, "x".repeat(100 + i * 7), 1));
        }
        var a = ValidationSplit.split(docs, 0.1, 3);
        var b = ValidationSplit.split(docs, 0.1, 3);
        var c = ValidationSplit.split(docs, 0.1, 4);
        assertEquals(a.val(), b.val());
        assertFalse(a.val().equals(c.val()), "another seed, another split");
        long total = docs.stream().mapToLong(lab.corpus.source.Document::utf8Bytes).sum();
        long val = a.val().stream().mapToLong(lab.corpus.source.Document::utf8Bytes).sum();
        assertTrue(val >= 0.1 * total && val <= 0.15 * total, "val share " + (double) val / total);
        assertEquals(docs.size(), a.train().size() + a.val().size());
    }

    private static void assertNoLeftovers(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            var hidden = s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".building-") || n.contains(".old-"))
                    .toList();
            assertTrue(hidden.isEmpty(), "temporary folders left: " + hidden);
        }
    }
}
