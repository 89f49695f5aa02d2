package lab.trainer.data;

import java.util.SplittableRandom;

/**
 * Tokens for training and evaluation: a training stream sampled as random contiguous windows,
 * reproducible from (seed, step) alone, and a fixed validation set.
 */
public interface TokenSource {
    int vocabSize();

    long trainTokens();

    long valTokens();

    int trainToken(long index);

    int valToken(long index);

    /** Average UTF-8 bytes per token, to turn nats per token into bits per byte. */
    double bytesPerToken();

    /** A description for manifests ("synthetic markov ...", or the corpus path). */
    String describe();

    /** SHA-256 of the corpus manifest, or of the synthetic generator's settings. */
    String manifestSha256();

    /** True entropy rate in nats per token when the source is synthetic; NaN otherwise. */
    double entropyNatsPerToken();

    /**
     * Fills inputs and targets (row-major (batch, context)) with random windows of the training
     * tokens. The window starts depend only on (seed, step), so a resumed run sees the same data.
     */
    default void trainBatch(long seed, long step, int batch, int context, long[] inputs, long[] targets) {
        long span = trainTokens() - context - 1;
        if (span < 0) {
            throw new IllegalArgumentException("training split has " + trainTokens()
                    + " tokens, fewer than one window of model.context + 1 = " + (context + 1));
        }
        var rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        for (int row = 0; row < batch; row++) {
            long start = span == 0 ? 0 : rng.nextLong(span + 1);
            for (int j = 0; j < context; j++) {
                inputs[row * context + j] = trainToken(start + j);
                targets[row * context + j] = trainToken(start + j + 1);
            }
        }
    }

    /**
     * The k-th fixed validation batch: windows evenly spaced over the validation split, so every
     * run on the same corpus with the same eval settings is scored on exactly the same tokens.
     */
    default void valBatch(int k, int batches, int batch, int context, long[] inputs, long[] targets) {
        long span = valTokens() - context - 1;
        if (span < 0) {
            throw new IllegalArgumentException("validation split has " + valTokens()
                    + " tokens, fewer than one window of model.context + 1 = " + (context + 1));
        }
        long windows = (long) batches * batch;
        for (int row = 0; row < batch; row++) {
            long w = (long) k * batch + row;
            long start = windows <= 1 ? 0 : Math.round((double) w * span / (windows - 1));
            for (int j = 0; j < context; j++) {
                inputs[row * context + j] = valToken(start + j);
                targets[row * context + j] = valToken(start + j + 1);
            }
        }
    }
}
