package lab.corpus.build;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import lab.corpus.source.Document;

/**
 * Holds out whole documents for validation, after deduplication (so no near-duplicate pair can
 * straddle train and validation). Documents are visited in an order shuffled from the seed and
 * taken until the held-out bytes reach the target share: first only documents of at most a quarter
 * of the target (so the validation text mixes several documents), then any that keeps the total
 * within 1.5x the target. At least one document stays on each side.
 */
public final class ValidationSplit {
    /** Documents in their corpus order on each side. */
    public record Split(List<Document> train, List<Document> val) {}

    private ValidationSplit() {}

    public static Split split(List<Document> docs, double valFraction, long seed) {
        if (valFraction == 0) {
            return new Split(List.copyOf(docs), List.of());
        }
        if (docs.size() < 2) {
            throw new IllegalArgumentException("a validation split needs at least 2 documents after dedup, got "
                    + docs.size() + "; add text or pass --val-fraction 0");
        }
        long total = docs.stream().mapToLong(Document::utf8Bytes).sum();
        double target = valFraction * total;
        int[] order = shuffled(docs.size(), seed);
        boolean[] isVal = new boolean[docs.size()];
        long valBytes = 0;
        int valCount = 0;
        // first pass: documents up to a quarter of the target each, so validation mixes several
        // documents; second pass: anything that still fits within 1.5x the target
        for (double cap : new double[] {target / 4, 1.5 * target}) {
            for (int i : order) {
                if (valBytes >= target || valCount == docs.size() - 1) {
                    break;
                }
                long b = docs.get(i).utf8Bytes();
                if (!isVal[i] && b <= cap && valBytes + b <= 1.5 * target) {
                    isVal[i] = true;
                    valBytes += b;
                    valCount++;
                }
            }
        }
        if (valCount == 0) { // every document is larger than 1.5x the target: hold out the smallest
            int smallest = 0;
            for (int i = 1; i < docs.size(); i++) {
                if (docs.get(i).utf8Bytes() < docs.get(smallest).utf8Bytes()) {
                    smallest = i;
                }
            }
            isVal[smallest] = true;
        }
        var train = new ArrayList<Document>();
        var val = new ArrayList<Document>();
        for (int i = 0; i < docs.size(); i++) {
            (isVal[i] ? val : train).add(docs.get(i));
        }
        return new Split(train, val);
    }

    /** Fisher-Yates over 0..n-1 from the seed. */
    static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        var rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
