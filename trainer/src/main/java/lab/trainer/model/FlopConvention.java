package lab.trainer.model;

import java.util.Locale;

/**
 * Training FLOPs per token (forward + backward) under three conventions. N is
 * {@link ParamCount#total()}: every parameter, the tied embedding once.
 */
public enum FlopConvention {
    /** C = 6·N per token (Kaplan et al. 2020, Sec. 2.1; Hoffmann et al. 2022, Sec. 3). */
    SIX_N,
    /** 6·N' + 12·L·T·d: N' leaves out the position embedding (a lookup, no multiply-adds), and
     *  12·L·T·d adds the attention logits and the weighted sum of values over the whole context
     *  (Chowdhery et al. 2022, PaLM, App. B; nanoGPT's estimate_mfu). The MFU numerator. */
    SIX_N_ATTENTION,
    /** Hoffmann et al. 2022, App. F: the forward pass counted operation by operation, times 3
     *  (backward = 2 x forward). */
    CHINCHILLA;

    public double perToken(GptConfig c) {
        double n = c.params().total();
        double l = c.layers();
        double t = c.contextLength();
        double d = c.width();
        return switch (this) {
            case SIX_N -> 6 * n;
            case SIX_N_ATTENTION -> 6 * (n - c.params().positionEmbedding()) + 12 * l * t * d;
            case CHINCHILLA -> 3 * chinchillaForwardPerToken(c);
        };
    }

    /**
     * Hoffmann et al. 2022, Appendix F, forward FLOPs per sequence of S tokens divided by S:
     * embeddings 2·S·V·d; per layer QKV 2·S·d·3kH, logits 2·S²·kH, softmax 3·H·S², attention
     * over values 2·S²·kH, output 2·S·kH·d, dense 2·S·(2·d·f); final logits 2·S·d·V.
     */
    static double chinchillaForwardPerToken(GptConfig c) {
        double s = c.contextLength();
        double v = c.vocabSize();
        double d = c.width();
        double h = c.heads();
        double k = c.headSize();
        double f = c.mlpWidth();
        double embeddings = 2 * s * v * d;
        double perLayer = 2 * s * d * 3 * k * h
                + 2 * s * s * k * h
                + 3 * h * s * s
                + 2 * s * s * k * h
                + 2 * s * k * h * d
                + 2 * s * 2 * d * f;
        double logits = 2 * s * d * v;
        return (embeddings + c.layers() * perLayer + logits) / s;
    }

    public static FlopConvention parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "6n" -> SIX_N;
            case "6n-attention", "6n+attention", "palm" -> SIX_N_ATTENTION;
            case "chinchilla", "appendix-f" -> CHINCHILLA;
            default -> throw new IllegalArgumentException(
                    "flops convention: expected 6n, 6n-attention or chinchilla, got '" + text + "'");
        };
    }

    public String label() {
        return switch (this) {
            case SIX_N -> "6n";
            case SIX_N_ATTENTION -> "6n-attention";
            case CHINCHILLA -> "chinchilla";
        };
    }
}
