package lab.corpus.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import lab.corpus.source.Document;
import org.junit.jupiter.api.Test;

/** Planted duplicates: the targets of issue 3 (>= 95% near, 100% exact, <= 1% of distinct documents lost). */
class DeduplicatorTest {
    private static final int DISTINCT = 1500;

    /** Zipf-ish random English-like words so documents share vocabulary but not long phrases. */
    private static String randomDoc(SplittableRandom rng, String[] vocab) {
        int words = 150 + rng.nextInt(350);
        var sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            int r = (int) Math.floor(Math.pow(vocab.length, rng.nextDouble())) - 1; // log-uniform ranks
            String w = i % 23 == 5 ? "\"" + vocab[r] + "\"" : i % 29 == 7 ? vocab[r] + " -" : vocab[r];
            sb.append(w).append(i % 17 == 16 ? ".\n\n" : " ");
        }
        return sb.toString();
    }

    private static String[] vocabulary(SplittableRandom rng) {
        String[] v = new String[3000];
        for (int i = 0; i < v.length; i++) {
            var w = new StringBuilder();
            int len = 2 + rng.nextInt(7);
            for (int j = 0; j < len; j++) {
                w.append((char) ('a' + rng.nextInt(26)));
            }
            v[i] = w.toString();
        }
        return v;
    }

    /** Replaces a few words at random positions. */
    private static String mutate(String doc, SplittableRandom rng, int edits, String[] vocab) {
        String[] words = doc.split(" ");
        for (int e = 0; e < edits; e++) {
            words[rng.nextInt(words.length)] = vocab[rng.nextInt(vocab.length)];
        }
        return String.join(" ", words);
    }

    /** Same text, different surface: case, curly quotes, dashes, spacing (all folded by normalisation). */
    private static String restyle(String doc) {
        var sb = new StringBuilder("  ");
        boolean open = true;
        for (char c : doc.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '"') {
                sb.append(open ? '\u201C' : '\u201D');
                open = !open;
            } else if (c == '-') {
                sb.append('\u2014');
            } else if (c == ' ') {
                sb.append(" \t ");
            } else {
                sb.append(c);
            }
        }
        return sb.append("\n").toString();
    }

    private static double jaccard(String a, String b) {
        return NearDuplicates.jaccard(NearDuplicates.shingleSet(TextNormalizer.normalize(a), 5),
                NearDuplicates.shingleSet(TextNormalizer.normalize(b), 5));
    }

    @Test
    void removesPlantedDuplicatesAndKeepsDistinctDocuments() {
        var rng = new SplittableRandom(42);
        String[] vocab = vocabulary(rng);
        var docs = new ArrayList<Document>();
        var originals = new ArrayList<String>();
        for (int i = 0; i < DISTINCT; i++) {
            String text = randomDoc(rng, vocab);
            originals.add(text);
            docs.add(new Document("test", "d" + i, text, text.length()));
        }
        var exactNames = new HashSet<String>();
        var nearNames = new HashSet<String>();
        for (int k = 0; k < 200; k++) { // exact copies, also restyled ones
            int of = rng.nextInt(DISTINCT);
            String text = k % 2 == 0 ? originals.get(of) : restyle(originals.get(of));
            docs.add(new Document("test", "exact" + k, text, text.length()));
            exactNames.add("exact" + k);
        }
        int planted = 0;
        for (int k = 0; k < 300; k++) { // near copies with Jaccard >= 0.85 to their original
            int of = rng.nextInt(DISTINCT);
            String text = mutate(originals.get(of), rng, 1 + rng.nextInt(3), vocab);
            if (jaccard(text, originals.get(of)) >= 0.85 && !text.equals(originals.get(of))) {
                docs.add(new Document("test", "near" + k, text, text.length()));
                nearNames.add("near" + k);
                planted++;
            }
        }
        assertTrue(planted >= 200, "the generator should plant enough near-duplicates, planted " + planted);
        java.util.Collections.shuffle(docs.subList(DISTINCT, docs.size()), new java.util.Random(7));

        var result = Deduplicator.run(docs, Deduplicator.Params.DEFAULT);
        var keptNames = new HashSet<String>();
        result.kept().forEach(d -> keptNames.add(d.name()));

        long exactLeft = exactNames.stream().filter(keptNames::contains).count();
        long nearLeft = nearNames.stream().filter(keptNames::contains).count();
        long distinctLost = 0;
        for (int i = 0; i < DISTINCT; i++) {
            if (!keptNames.contains("d" + i)) {
                distinctLost++;
            }
        }
        System.out.printf("planted: %d exact, %d near; left: %d exact, %d near; distinct lost: %d of %d%n",
                exactNames.size(), planted, exactLeft, nearLeft, distinctLost, DISTINCT);
        assertEquals(0, exactLeft, "every exact duplicate is removed");
        assertTrue(nearLeft <= 0.05 * planted, nearLeft + " of " + planted + " near-duplicates left (> 5%)");
        assertTrue(distinctLost <= 0.01 * DISTINCT, distinctLost + " distinct documents removed (> 1%)");
        assertEquals(exactNames.size(), result.report().exactDocuments());
        assertEquals(docs.size() - result.kept().size(),
                result.report().exactDocuments() + result.report().nearDocuments() + result.report().emptiedDocuments());
    }

    @Test
    void keepsTheFirstDocumentOfACluster() {
        var words = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            words.append("word").append(i).append(' ');
        }
        String a = words.toString();
        String b = a.replace("word100 ", "changed ");
        assertTrue(jaccard(a, b) >= 0.8, "fixture similarity " + jaccard(a, b));
        var docs = List.of(new Document("t", "first", a, 1), new Document("t", "second", b, 1));
        var kept = Deduplicator.run(docs, Deduplicator.Params.DEFAULT).kept();
        assertEquals(List.of("first"), kept.stream().map(Document::name).toList());
    }

    @Test
    void dropsRepeatedLongParagraphsButKeepsShortOnes() {
        String para = "This paragraph is long enough to count as a repeated paragraph for deduplication.";
        String restyled = para.toUpperCase(java.util.Locale.ROOT).replace(" ", "  ");
        var docs = List.of(new Document("t", "a", "CHAPTER I\n\n" + para + "\n\nOwn words of document a.", 1),
                new Document("t", "b", "CHAPTER I\n\n" + restyled + "\n\nOther words in b.", 1));
        var r = Deduplicator.run(docs, Deduplicator.Params.DEFAULT);
        assertEquals(2, r.kept().size());
        assertEquals(1, r.report().paragraphs());
        assertEquals("CHAPTER I\n\nOther words in b.", r.kept().get(1).text(), "short paragraphs stay, the repeat goes");
        assertEquals(docs.get(0).text(), r.kept().get(0).text(), "the first occurrence stays");
    }

    @Test
    void normalisationFoldsQuotesDashesCaseAndSpace() {
        assertEquals("\"it's\" - a test", TextNormalizer.normalize("  \u201CIt\u2019s\u201D \u2014  A\tTEST \n"));
        assertEquals(TextNormalizer.normalize("ﬁne"), "fine"); // NFKC ligature
    }

    @Test
    void candidateProbabilityMatchesTheDocumentedValues() {
        var p = NearDuplicates.Params.DEFAULT; // 32 bands x 4 rows: 1 - (1 - s^4)^32
        assertEquals(0.99999995, p.candidateProbability(0.8), 1e-8);
        assertEquals(0.873, p.candidateProbability(0.5), 1e-3);
        assertEquals(0.016, p.candidateProbability(0.15), 1e-3);
    }
}
