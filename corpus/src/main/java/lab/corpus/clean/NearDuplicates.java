package lab.corpus.clean;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import com.dynatrace.hash4j.similarity.ElementHashProvider;
import com.dynatrace.hash4j.similarity.SimilarityHashPolicy;
import com.dynatrace.hash4j.similarity.SimilarityHashing;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Near-duplicate documents by MinHash with LSH banding (Broder 1997, "On the resemblance and
 * containment of documents"; Leskovec, Rajaraman and Ullman, Mining of Massive Datasets, ch. 3.4).
 *
 * <p>A document is the set of its word {@code shingle}-grams (of the normalised text). Its
 * signature is {@code bands * rows} SuperMinHash components (hash4j, Ertl 2017); two documents
 * whose signatures agree on every row of at least one band become candidates. The probability
 * that a pair with Jaccard similarity s becomes a candidate is 1 - (1 - s^rows)^bands; with the
 * defaults (32 bands x 4 rows) that is 0.99999995 at s = 0.8, 0.87 at s = 0.5 and 0.016 at s = 0.15.
 * Candidates are then confirmed with their exact Jaccard similarity over the shingle sets, so the
 * threshold (default 0.8) is applied exactly and LSH only decides what gets compared.
 *
 * <p>Documents are visited in order; a document that matches an earlier kept document is a
 * near-duplicate of it, so the first document of each cluster is the one kept.
 */
public final class NearDuplicates {
    /** Defaults: 5-word shingles, 32 bands x 4 rows = 128 components of 16 bits, Jaccard >= 0.8. */
    public record Params(int shingleWords, int bands, int rows, double threshold) {
        public static final Params DEFAULT = new Params(5, 32, 4, 0.8);

        public Params {
            if (shingleWords < 1) {
                throw new IllegalArgumentException("shingle words must be >= 1, got " + shingleWords);
            }
            if (bands < 1 || rows < 1) {
                throw new IllegalArgumentException("LSH bands and rows must be >= 1, got " + bands + " x " + rows);
            }
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("near-duplicate threshold must be within (0, 1], got " + threshold);
            }
        }

        /** Probability that a pair of Jaccard similarity s is compared at all. */
        public double candidateProbability(double s) {
            return 1 - Math.pow(1 - Math.pow(s, rows), bands);
        }
    }

    /** For each document: -1 when kept, else the index of the earlier document it duplicates, and their Jaccard. */
    public record Result(int[] duplicateOf, double[] jaccard) {}

    private static final Hasher64 XXH3 = Hashing.xxh3_64();

    private NearDuplicates() {}

    /** @param normalised documents in {@link TextNormalizer} form */
    public static Result find(List<String> normalised, Params params) {
        int n = normalised.size();
        SimilarityHashPolicy policy = SimilarityHashing.superMinHash(params.bands() * params.rows(), 16);
        long[][] shingles = new long[n][];
        byte[][] signatures = new byte[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            shingles[i] = shingleSet(normalised.get(i), params.shingleWords());
            signatures[i] = policy.createHasher().compute(ElementHashProvider.ofValues(shingles[i]));
        });
        int[] duplicateOf = new int[n];
        double[] jaccard = new double[n];
        Arrays.fill(duplicateOf, -1);
        var buckets = new HashMap<Long, int[]>();
        long[] keys = new long[params.bands()];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < params.bands(); b++) {
                long h = b;
                for (int r = 0; r < params.rows(); r++) {
                    h = h * 0x9E3779B97F4A7C15L + policy.getComponent(signatures[i], b * params.rows() + r);
                }
                keys[b] = XXH3.hashLongToLong(h);
            }
            int best = -1;
            double bestJ = 0;
            var tried = new java.util.HashSet<Integer>();
            for (long key : keys) {
                int[] bucket = buckets.get(key);
                if (bucket == null) {
                    continue;
                }
                for (int k = 1; k <= bucket[0]; k++) {
                    int j = bucket[k];
                    if ((best < 0 || j < best) && tried.add(j)) {
                        double s = jaccard(shingles[i], shingles[j]);
                        if (s >= params.threshold()) {
                            best = j;
                            bestJ = s;
                        }
                    }
                }
            }
            if (best >= 0) {
                duplicateOf[i] = best;
                jaccard[i] = bestJ;
                shingles[i] = null;
                continue;
            }
            for (long key : keys) {
                buckets.merge(key, new int[] {1, i}, NearDuplicates::append);
            }
        }
        return new Result(duplicateOf, jaccard);
    }

    private static int[] append(int[] bucket, int[] one) {
        int size = bucket[0];
        int[] b = size + 1 < bucket.length ? bucket : Arrays.copyOf(bucket, bucket.length * 2);
        b[size + 1] = one[1];
        b[0] = size + 1;
        return b;
    }

    /** Sorted distinct hashes of the document's word shingles (the whole text when it is shorter). */
    public static long[] shingleSet(String normalised, int k) {
        String[] words = normalised.isEmpty() ? new String[0] : normalised.split(" ");
        long[] wh = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            wh[i] = XXH3.hashCharsToLong(words[i]);
        }
        int count = Math.max(1, words.length - k + 1);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long h = 0;
            for (int j = i; j < Math.min(i + k, words.length); j++) {
                h = h * 0x9E3779B97F4A7C15L + wh[j];
            }
            out[i] = XXH3.hashLongToLong(h);
        }
        Arrays.sort(out);
        int m = 0;
        for (int i = 0; i < out.length; i++) {
            if (i == 0 || out[i] != out[i - 1]) {
                out[m++] = out[i];
            }
        }
        return Arrays.copyOf(out, m);
    }

    /** |A ∩ B| / |A ∪ B| of two sorted distinct arrays. */
    public static double jaccard(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        long common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        long union = a.length + b.length - common;
        return union == 0 ? 1.0 : (double) common / union;
    }
}
