package lab.trainer.model;

/**
 * The shape of a decoder-only transformer (GPT-2 style, pre-LayerNorm), validated on construction.
 *
 * @param vocabSize     tokens in the vocabulary (the corpus manifest's vocab_size)
 * @param contextLength tokens per window T; also the learned position embedding's rows
 * @param width         residual width d (d_model)
 * @param layers        transformer blocks L
 * @param heads         attention heads H; head size d / H
 * @param tiedHead      the output head reuses the token embedding (GPT-2, nanoGPT); false adds a V x d matrix
 */
public record GptConfig(int vocabSize, int contextLength, int width, int layers, int heads, boolean tiedHead) {
    /** MLP hidden width as a multiple of d (GPT-2: 4). */
    public static final int MLP_RATIO = 4;

    public GptConfig {
        require(vocabSize >= 2 && vocabSize <= (1 << 24), "model.vocab_size", vocabSize, "must be within [2, 16777216]");
        require(contextLength >= 1 && contextLength <= 65_536, "model.context", contextLength, "must be within [1, 65536]");
        require(width >= 1, "model.width", width, "must be positive");
        require(layers >= 1, "model.layers", layers, "must be positive");
        require(heads >= 1, "model.heads", heads, "must be positive");
        require(width % heads == 0, "model.heads", heads, "must divide model.width=" + width);
    }

    public int headSize() {
        return width / heads;
    }

    public int mlpWidth() {
        return MLP_RATIO * width;
    }

    public ParamCount params() {
        return ParamCount.of(this);
    }

    public String describe() {
        return "d" + width + "-L" + layers + "-H" + heads + "-V" + vocabSize + "-T" + contextLength
                + (tiedHead ? "" : "-untied");
    }

    public static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(key + "=" + value + ": " + rule);
        }
    }
}
