package lab.corpus.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {
    private static Tokenizer tokenizer;

    /** Code points from many scripts, whitespace kinds, combining marks and astral-plane symbols. */
    private static final int[][] RANGES = {
        {0x20, 0x7e}, {0x09, 0x0d}, {0xa0, 0x24f}, {0x300, 0x36f}, {0x391, 0x3c9}, {0x400, 0x4ff},
        {0x5d0, 0x5ea}, {0x600, 0x6ff}, {0x900, 0x97f}, {0x2000, 0x206f}, {0x3000, 0x30ff}, {0x4e00, 0x4fff},
        {0xac00, 0xad00}, {0x1f300, 0x1f64f}, {0x1d400, 0x1d7ff}, {0x10000, 0x100ff}, {0xfe00, 0xfe0f},
    };

    static String randomUnicode(SplittableRandom rng, int maxLength) {
        int n = rng.nextInt(maxLength + 1);
        var sb = new StringBuilder();
        while (sb.length() < n) {
            int[] r = RANGES[rng.nextInt(RANGES.length)];
            int runs = 1 + rng.nextInt(6);
            for (int i = 0; i < runs; i++) {
                int cp = r[0] + rng.nextInt(r[1] - r[0] + 1);
                if (Character.isDefined(cp) || rng.nextInt(4) == 0) { // unassigned code points too, now and then
                    sb.appendCodePoint(cp);
                }
            }
        }
        return sb.toString();
    }

    private static List<String> trainingTexts() {
        var rng = new SplittableRandom(3);
        var texts = new ArrayList<String>();
        for (int i = 0; i < 200; i++) {
            texts.add("The quick brown fox jumps over the lazy dog. Numbers 12345 and 3.14159! "
                    + "Überraschung, naïve café — “quoted” text; 日本語のテキスト、中文文本。 " + randomUnicode(rng, 200));
        }
        return texts;
    }

    @BeforeAll
    static void train() {
        tokenizer = Tokenizer.train(trainingTexts(), 600, null);
    }

    @Test
    void decodeOfEncodeIsIdentityForRandomUnicode() {
        var rng = new SplittableRandom(2024);
        for (int i = 0; i < 2000; i++) {
            String s = randomUnicode(rng, 300);
            int[] ids = tokenizer.encode(s);
            for (int id : ids) {
                assertTrue(id >= 0 && id < tokenizer.endOfDocument(), "ordinary ids only, got " + id);
            }
            assertEquals(s, tokenizer.decode(ids), "round trip of case " + i);
            assertArrayEquals(tokenizer.encodeDirect(s), ids, "cached pre-token encoding = JTokkit's, case " + i);
        }
    }

    @Test
    void specialTokenTextStaysOrdinaryText() {
        String s = "before <|endoftext|> after";
        int[] ids = tokenizer.encode(s);
        assertEquals(s, tokenizer.decode(ids));
        for (int id : ids) {
            assertTrue(id != tokenizer.endOfDocument());
        }
    }

    @Test
    void mergesFollowCountsThenSmallerPair() {
        // pre-tokens: "ab" x1, " ab" x3, " cd" x1; pair counts (a,b)=4, (' ',a)=3, (' ',c)=1, (c,d)=1
        var t = Tokenizer.train(List.of("ab ab ab ab cd"), 261, null);
        assertEquals("ab", new String(t.tokenBytes(256), StandardCharsets.UTF_8));
        assertEquals(" ab", new String(t.tokenBytes(257), StandardCharsets.UTF_8));
        assertEquals(" c", new String(t.tokenBytes(258), StandardCharsets.UTF_8), "tie broken by smaller pair");
        assertEquals(" cd", new String(t.tokenBytes(259), StandardCharsets.UTF_8));
        assertEquals(260, t.endOfDocument());
        assertArrayEquals(new int[] {256, 257, 257, 257, 259}, t.encode("ab ab ab ab cd"));
        var e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.train(List.of("ab ab ab ab cd"), 262, null));
        assertTrue(e.getMessage().contains("vocabulary too large"), e.getMessage());
    }

    @Test
    void everyTokenHasDistinctBytes() {
        var seen = new java.util.HashSet<String>();
        for (int id = 0; id < tokenizer.endOfDocument(); id++) {
            assertTrue(seen.add(new String(tokenizer.tokenBytes(id), StandardCharsets.ISO_8859_1)), "token " + id);
        }
    }

    @Test
    void savedAndLoadedTokenizerEncodesIdentically(@TempDir Path dir) throws Exception {
        tokenizer.save(dir);
        var loaded = Tokenizer.load(dir);
        assertEquals(tokenizer.vocabSize(), loaded.vocabSize());
        var rng = new SplittableRandom(9);
        for (String s : trainingTexts().subList(0, 50)) {
            assertArrayEquals(tokenizer.encode(s), loaded.encode(s));
            String r = randomUnicode(rng, 200);
            assertArrayEquals(tokenizer.encode(r), loaded.encode(r));
        }
        List<String> lines = Files.readAllLines(dir.resolve(Tokenizer.TIKTOKEN_FILE));
        assertEquals(tokenizer.vocabSize() - 1, lines.size());
        assertTrue(lines.get(65).equals("QQ== 65"), "tiktoken line 'base64 rank': " + lines.get(65));
        var json = lab.util.Json.read(dir.resolve(Tokenizer.JSON_FILE));
        assertEquals(tokenizer.endOfDocument(), json.path("special_tokens").path("<|endoftext|>").asInt());
    }

    @Test
    void rejectsVocabularyOutsideRange() {
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.train(List.of("x"), 256, null));
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.train(List.of("x"), 65_537, null));
    }
}
