package lab.trainer.data;

import lab.corpus.synth.MarkovLanguage;

/**
 * The built-in synthetic source: a seeded Markov language held in memory (no corpus needed), so
 * the trainer can be tested alone. Each token counts as one byte for bits per byte.
 */
public final class SyntheticTokens implements TokenSource {
    private final int[] train;
    private final int[] val;
    private final MarkovLanguage language;
    private final String settings;

    public SyntheticTokens(int vocab, int branching, long tokens, long seed) {
        if (tokens < 1000 || tokens > 500_000_000) {
            throw new IllegalArgumentException("synthetic.tokens=" + tokens + ": must be within [1000, 500000000]");
        }
        this.language = new MarkovLanguage(vocab, branching, 1.0, seed);
        this.train = new int[(int) (tokens * 9 / 10)];
        this.val = new int[(int) (tokens - train.length)];
        language.generate(train, seed + 1);
        language.generate(val, seed + 2);
        this.settings = "synthetic markov vocab=" + vocab + " branching=" + branching + " tokens=" + tokens
                + " seed=" + seed;
    }

    @Override public int vocabSize() { return language.vocab(); }
    @Override public long trainTokens() { return train.length; }
    @Override public long valTokens() { return val.length; }
    @Override public int trainToken(long index) { return train[(int) index]; }
    @Override public int valToken(long index) { return val[(int) index]; }
    @Override public double bytesPerToken() { return 1.0; }
    @Override public String describe() { return settings; }
    @Override public double entropyNatsPerToken() { return language.entropyRate(); }

    @Override
    public String manifestSha256() {
        return lab.util.Sha256.hex(settings.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
