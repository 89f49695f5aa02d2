package lab.trainer.model;

/**
 * Exact parameter counts per group for {@link GptConfig}, matching the layers the model builds:
 * Linear layers carry biases, LayerNorm has a gain and a bias, the head has no bias.
 * Chinchilla (Hoffmann et al. 2022, Sec. 2) counts every parameter including embeddings;
 * Kaplan et al. 2020 (Sec. 2.1) count non-embedding parameters. Both are offered.
 */
public record ParamCount(long tokenEmbedding, long positionEmbedding, long attention, long mlp,
                         long norms, long head) {

    public static ParamCount of(GptConfig c) {
        long d = c.width();
        long f = c.mlpWidth();
        long layers = c.layers();
        long attention = layers * ((3 * d * d + 3 * d) + (d * d + d)); // qkv and output projections
        long mlp = layers * ((d * f + f) + (f * d + d)); // up and down projections
        long norms = (2 * layers + 1) * 2 * d; // two per block and the final one, gain + bias
        long head = c.tiedHead() ? 0 : (long) c.vocabSize() * d;
        var counts = new ParamCount((long) c.vocabSize() * d, (long) c.contextLength() * d,
                attention, mlp, norms, head);
        // The groups must add up to the closed form 12·L·d² + 13·L·d + 2d + (V + T)·d (+ V·d untied).
        long closed = 12 * layers * d * d + 13 * layers * d + 2 * d
                + (long) (c.vocabSize() + c.contextLength()) * d + head;
        if (counts.total() != closed) {
            throw new IllegalStateException("parameter groups do not add up: " + counts.total() + " != " + closed);
        }
        return counts;
    }

    /** Every parameter, the tied embedding counted once (Chinchilla's convention). */
    public long total() {
        return tokenEmbedding + positionEmbedding + attention + mlp + norms + head;
    }

    /** Without token and position embeddings (Kaplan's N); an untied head still counts. */
    public long nonEmbedding() {
        return attention + mlp + norms + head;
    }
}
