package lab.corpus.clean;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import lab.corpus.source.Document;

/**
 * Removes duplicates in three passes, each comparing {@link TextNormalizer} forms:
 * <ol>
 *   <li>exact documents (64-bit xxh3 of the normalised text; the first copy is kept);</li>
 *   <li>near-duplicate documents ({@link NearDuplicates}: MinHash + LSH, exact Jaccard >= 0.8);</li>
 *   <li>exact paragraphs (blank-line separated) seen earlier in the corpus, when at least
 *       {@code minParagraphChars} long once normalised, so short headings and refrains
 *       ("CHAPTER I", "* * *") stay. A document left with no paragraph is dropped.</li>
 * </ol>
 */
public final class Deduplicator {
    /** @param minParagraphChars paragraphs shorter than this (normalised) are never dropped */
    public record Params(NearDuplicates.Params near, int minParagraphChars, boolean paragraphs) {
        public static final Params DEFAULT = new Params(NearDuplicates.Params.DEFAULT, 40, true);

        public Params {
            if (minParagraphChars < 1) {
                throw new IllegalArgumentException("min paragraph chars must be >= 1, got " + minParagraphChars);
            }
        }
    }

    private static final Hasher64 XXH3 = Hashing.xxh3_64();
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\n[ \t]*\n\\s*");

    private Deduplicator() {}

    public static DedupReport.Result run(List<Document> docs, Params params) {
        int n = docs.size();
        String[] norm = new String[n];
        long[] hash = new long[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            norm[i] = TextNormalizer.normalize(docs.get(i).text());
            hash[i] = XXH3.hashCharsToLong(norm[i]);
        });
        var report = new DedupReport();

        // 1. exact documents
        var firstByHash = new HashMap<Long, Integer>();
        var survivors = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            Integer first = firstByHash.putIfAbsent(hash[i], i);
            if (first == null) {
                survivors.add(i);
            } else {
                report.exactDocument(docs.get(first), docs.get(i));
            }
        }

        // 2. near-duplicate documents
        var survivorNorm = survivors.stream().map(i -> norm[i]).toList();
        NearDuplicates.Result near = NearDuplicates.find(survivorNorm, params.near());
        var afterNear = new ArrayList<Integer>();
        for (int k = 0; k < survivors.size(); k++) {
            int i = survivors.get(k);
            int of = near.duplicateOf()[k];
            if (of < 0) {
                afterNear.add(i);
            } else {
                report.nearDocument(docs.get(survivors.get(of)), docs.get(i), near.jaccard()[k]);
            }
        }

        // 3. exact paragraphs
        var kept = new ArrayList<Document>();
        var seen = new HashSet<Long>();
        for (int i : afterNear) {
            Document d = docs.get(i);
            String text = params.paragraphs() ? dropSeenParagraphs(d, seen, params.minParagraphChars(), report)
                    : d.text();
            if (text.isBlank()) {
                report.emptiedDocument();
            } else {
                kept.add(text.equals(d.text()) ? d : d.withText(text));
            }
        }
        return new DedupReport.Result(kept, report);
    }

    private static String dropSeenParagraphs(Document d, HashSet<Long> seen, int minChars, DedupReport report) {
        String text = d.text();
        Matcher m = PARAGRAPH_BREAK.matcher(text);
        var out = new StringBuilder(text.length());
        int start = 0;
        boolean dropped = false;
        while (true) {
            boolean found = m.find();
            int end = found ? m.start() : text.length();
            int next = found ? m.end() : text.length();
            String paragraph = text.substring(start, end);
            String norm = TextNormalizer.normalize(paragraph);
            if (norm.length() >= minChars && !seen.add(XXH3.hashCharsToLong(norm))) {
                report.paragraph(paragraph);
                dropped = true;
            } else {
                out.append(text, start, next);
            }
            if (!found) {
                break;
            }
            start = next;
        }
        return dropped ? out.toString() : text;
    }
}
