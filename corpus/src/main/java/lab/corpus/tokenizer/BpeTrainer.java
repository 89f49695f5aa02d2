package lab.corpus.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Byte-level BPE training (Sennrich, Haddow and Birch 2016, "Neural Machine Translation of Rare
 * Words with Subword Units", Algorithm 1; byte-level as in GPT-2, Radford et al. 2019, section
 * 2.2). Tokens 0..255 are the bytes; each merge of the most frequent adjacent pair adds one token,
 * whose rank is its id, so tiktoken-style encoding (merge the lowest-ranked pair present) applies
 * the merges in the order they were learnt.
 *
 * <p>Counting is incremental: the corpus is held as its distinct pre-token words with counts; each
 * pair keeps its total count and the words it occurs in, so a merge touches only those words and
 * updates the counts of the pairs they lose and gain. A lazy max-heap finds the next pair (counts
 * of existing pairs only fall; pairs with the new token are pushed once per merge). Ties go to the
 * smaller (left id, right id). A merge whose bytes already exist as a token (possible when two
 * different pairs spell the same string) is skipped, so every token's bytes are unique.
 */
public final class BpeTrainer {
    private static final class PairStat {
        long count;
        int[] words = new int[2];
        int size;

        void addWord(int w) {
            if (size > 0 && words[size - 1] == w) {
                return;
            }
            if (size == words.length) {
                words = Arrays.copyOf(words, size * 2);
            }
            words[size++] = w;
        }
    }

    private final int[][] syms;
    private final int[] lens;
    private final long[] freq;
    private final HashMap<Long, PairStat> pairs = new HashMap<>();
    private final HashSet<Long> blocked = new HashSet<>();
    private final PriorityQueue<long[]> heap = new PriorityQueue<>((x, y) ->
            x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));
    private final List<byte[]> tokens = new ArrayList<>();
    private final HashSet<String> tokenStrings = new HashSet<>();

    private BpeTrainer(Map<String, Long> wordCounts) {
        int n = wordCounts.size();
        syms = new int[n][];
        lens = new int[n];
        freq = new long[n];
        int w = 0;
        for (var e : wordCounts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] s = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                s[i] = bytes[i] & 0xff;
            }
            syms[w] = s;
            lens[w] = s.length;
            freq[w] = e.getValue();
            w++;
        }
        for (int b = 0; b < 256; b++) {
            byte[] t = {(byte) b};
            tokens.add(t);
            tokenStrings.add(latin1(t));
        }
    }

    /**
     * Learns {@code mergeableTokens - 256} merges from pre-token word counts.
     *
     * @return token bytes by rank (the first 256 are the single bytes)
     * @throws IllegalArgumentException when the text has too few distinct pairs for that many tokens
     */
    public static List<byte[]> train(Map<String, Long> wordCounts, int mergeableTokens, Consumer<String> progress) {
        if (mergeableTokens < 256) {
            throw new IllegalArgumentException("mergeable tokens must be >= 256, got " + mergeableTokens);
        }
        var t = new BpeTrainer(wordCounts);
        t.countPairs();
        t.mergeUntil(mergeableTokens, progress);
        return t.tokens;
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private void countPairs() {
        for (int w = 0; w < syms.length; w++) {
            int[] s = syms[w];
            for (int i = 0; i + 1 < lens[w]; i++) {
                PairStat st = pairs.computeIfAbsent(key(s[i], s[i + 1]), k -> new PairStat());
                st.count += freq[w];
                st.addWord(w);
            }
        }
        pairs.forEach((k, st) -> heap.add(new long[] {st.count, k}));
    }

    private void mergeUntil(int target, Consumer<String> progress) {
        int[] stamp = new int[syms.length];
        Arrays.fill(stamp, -1);
        var newPairs = new ArrayList<Long>();
        while (tokens.size() < target) {
            long[] top = heap.poll();
            if (top == null) {
                throw new IllegalArgumentException("vocabulary too large for this text: only " + tokens.size()
                        + " tokens can be learnt from it (asked for " + target + "); use a smaller --vocab or more text");
            }
            long k = top[1];
            PairStat st = pairs.get(k);
            if (st == null || st.count <= 0) {
                continue;
            }
            if (st.count != top[0]) {
                heap.add(new long[] {st.count, k});
                continue;
            }
            int a = (int) (k >>> 32);
            int b = (int) k;
            byte[] merged = concat(tokens.get(a), tokens.get(b));
            pairs.remove(k);
            if (!tokenStrings.add(latin1(merged))) {
                blocked.add(k);
                continue;
            }
            int id = tokens.size();
            tokens.add(merged);
            newPairs.clear();
            for (int x = 0; x < st.size; x++) {
                int w = st.words[x];
                if (stamp[w] != id) {
                    stamp[w] = id;
                    mergeWord(w, a, b, k, id, newPairs);
                }
            }
            for (long p : newPairs) {
                PairStat ns = pairs.get(p);
                if (ns != null && ns.count > 0) {
                    heap.add(new long[] {ns.count, p});
                }
            }
            if (progress != null && (id + 1) % 1024 == 0) {
                progress.accept("bpe: " + (id + 1) + " / " + target + " tokens");
            }
        }
    }

    private void mergeWord(int w, int a, int b, long k, int id, List<Long> newPairs) {
        int[] s = syms[w];
        int len = lens[w];
        boolean found = false;
        for (int i = 0; i + 1 < len; i++) {
            if (s[i] == a && s[i + 1] == b) {
                found = true;
                break;
            }
        }
        if (!found) {
            return;
        }
        long f = freq[w];
        for (int i = 0; i + 1 < len; i++) {
            long p = key(s[i], s[i + 1]);
            if (p != k && !blocked.contains(p)) {
                PairStat ps = pairs.get(p);
                if (ps != null) {
                    ps.count -= f;
                }
            }
        }
        int j = 0;
        for (int i = 0; i < len; ) {
            if (i + 1 < len && s[i] == a && s[i + 1] == b) {
                s[j++] = id;
                i += 2;
            } else {
                s[j++] = s[i++];
            }
        }
        lens[w] = j;
        for (int i = 0; i + 1 < j; i++) {
            long p = key(s[i], s[i + 1]);
            if (blocked.contains(p)) {
                continue;
            }
            boolean isNew = s[i] == id || s[i + 1] == id;
            PairStat ps = isNew ? pairs.computeIfAbsent(p, x -> new PairStat()) : pairs.get(p);
            if (ps == null) {
                continue;
            }
            if (isNew) {
                if (ps.count == 0) {
                    newPairs.add(p);
                }
                ps.addWord(w);
            }
            ps.count += f;
        }
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
