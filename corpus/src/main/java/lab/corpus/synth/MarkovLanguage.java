package lab.corpus.synth;

import java.util.SplittableRandom;

/**
 * A synthetic language with a known entropy rate: a first-order Markov chain over {@code vocab}
 * tokens in which each token may be followed by {@code branching} successors, drawn at random,
 * with Zipf-like probabilities p_j ∝ 1 / j^s (ranks j = 1..branching, exponent s).
 *
 * <p>Entropy rate (Cover and Thomas, Elements of Information Theory, Theorem 4.2.4):
 * H = Σ_i π_i · H(P_i·), with π the stationary distribution. Every row here uses the same
 * probabilities (over different successors), so H(P_i·) is one number and H equals it for any π.
 * A model that learns the chain exactly reaches a cross-entropy of H nats per token; that is the
 * irreducible loss E a scaling-law fit should recover.
 */
public final class MarkovLanguage {
    private final int vocab;
    private final int[][] successors; // [token][rank] -> next token
    private final double[][] cumulative; // [token][rank] -> P(next rank <= r)
    private final double entropyRate;

    public MarkovLanguage(int vocab, int branching, double zipfExponent, long seed) {
        if (vocab < 2) {
            throw new IllegalArgumentException("synthetic vocab must be at least 2, got " + vocab);
        }
        if (branching < 1 || branching > vocab) {
            throw new IllegalArgumentException("synthetic branching must be within [1, vocab=" + vocab + "], got " + branching);
        }
        if (!(zipfExponent >= 0)) {
            throw new IllegalArgumentException("synthetic zipf exponent must be >= 0, got " + zipfExponent);
        }
        this.vocab = vocab;
        double[] p = new double[branching];
        double sum = 0;
        for (int j = 0; j < branching; j++) {
            p[j] = 1.0 / Math.pow(j + 1, zipfExponent);
            sum += p[j];
        }
        double rowEntropy = 0;
        for (int j = 0; j < branching; j++) {
            p[j] /= sum;
            rowEntropy -= p[j] * Math.log(p[j]);
        }
        var rng = new SplittableRandom(seed);
        successors = new int[vocab][branching];
        cumulative = new double[vocab][branching];
        var sampler = new PrefixSampler(vocab, branching);
        for (int i = 0; i < vocab; i++) {
            sampler.sample(rng, successors[i]);
            double c = 0;
            for (int j = 0; j < branching; j++) {
                c += p[j];
                cumulative[i][j] = c;
            }
            cumulative[i][branching - 1] = 1.0;
        }
        // Every row has the same entropy, so H = Σ π_i H_row = H_row whatever π is.
        entropyRate = rowEntropy;
    }

    /**
     * The first k entries of a uniformly random permutation of 0..n-1, in O(k) per draw: a partial
     * Fisher-Yates shuffle (Knuth, TAOCP vol. 2, 3.4.2, Algorithm P) on one scratch array that is
     * swapped back afterwards, so building all rows costs O(n·k) and not O(n²).
     */
    private static final class PrefixSampler {
        private final int[] all; // the identity permutation between draws
        private final int[] swappedWith;

        PrefixSampler(int n, int k) {
            all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            swappedWith = new int[k];
        }

        void sample(SplittableRandom rng, int[] out) {
            int n = all.length;
            int k = out.length;
            for (int i = 0; i < k; i++) {
                int j = i + rng.nextInt(n - i);
                swap(i, j);
                swappedWith[i] = j;
                out[i] = all[i];
            }
            for (int i = k - 1; i >= 0; i--) { // undo in reverse order: back to the identity
                swap(i, swappedWith[i]);
            }
        }

        private void swap(int i, int j) {
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
    }

    public int vocab() {
        return vocab;
    }

    /** The entropy rate in nats per token. */
    public double entropyRate() {
        return entropyRate;
    }

    /** Writes {@code out.length} tokens of the chain, started from a random token, from {@code seed}. */
    public void generate(int[] out, long seed) {
        var rng = new SplittableRandom(seed);
        int state = rng.nextInt(vocab);
        for (int i = 0; i < out.length; i++) {
            out[i] = state;
            state = next(state, rng.nextDouble());
        }
    }

    /**
     * Continues the chain: writes {@code out.length} tokens starting at {@code state}, and returns
     * the state that follows the last one, so long streams can be written in pieces.
     */
    public int generate(int[] out, int state, SplittableRandom rng) {
        if (state < 0 || state >= vocab) {
            throw new IllegalArgumentException("state must be within [0, " + vocab + "), got " + state);
        }
        int s = state;
        for (int i = 0; i < out.length; i++) {
            out[i] = s;
            s = next(s, rng.nextDouble());
        }
        return s;
    }

    private int next(int state, double u) {
        double[] c = cumulative[state];
        int lo = 0;
        int hi = c.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (c[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return successors[state][lo];
    }
}
