package lab.corpus.shard;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

/**
 * A token file as a DJL {@link RandomAccessDataset} of next-token prediction pairs: record i is
 * the window tokens[i*stride, i*stride + T) as input (int32, shape (T)) and the same window
 * shifted by one, tokens[i*stride + 1, i*stride + T + 1), as label (int32, shape (T)).
 * With the default stride T the windows do not overlap and one pass reads every token once.
 *
 * <pre>{@code
 * var data = TokenWindowDataset.builder().setTokens(CorpusDir.open(dir).train())
 *         .setContextLength(256).setSampling(32, true).build();
 * }</pre>
 */
public final class TokenWindowDataset extends RandomAccessDataset {
    private final TokenFile tokens;
    private final int contextLength;
    private final int stride;

    private TokenWindowDataset(Builder b) {
        super(b);
        this.tokens = b.tokens;
        this.contextLength = b.contextLength;
        this.stride = b.stride > 0 ? b.stride : b.contextLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of whole (input, label) windows: (N - 1 - T) / stride + 1 when N > T. */
    @Override
    protected long availableSize() {
        long n = tokens.size();
        return n <= contextLength ? 0 : (n - 1 - contextLength) / stride + 1;
    }

    /** The window's input and label ids, {inputs, labels}, without any NDArray. */
    public int[][] window(long index) {
        if (index < 0 || index >= availableSize()) {
            throw new IndexOutOfBoundsException("window " + index + " outside [0, " + availableSize() + ")");
        }
        int[] both = new int[contextLength + 1];
        tokens.read(index * stride, both, 0, contextLength + 1);
        int[] input = java.util.Arrays.copyOfRange(both, 0, contextLength);
        int[] label = java.util.Arrays.copyOfRange(both, 1, contextLength + 1);
        return new int[][] {input, label};
    }

    @Override
    public Record get(NDManager manager, long index) {
        int[][] w = window(index);
        return new Record(new NDList(manager.create(w[0])), new NDList(manager.create(w[1])));
    }

    @Override
    public void prepare(Progress progress) {
        // memory-mapped: nothing to download or load
    }

    /** setTokens and setContextLength are required; optStride defaults to the context length. */
    public static final class Builder extends BaseBuilder<Builder> {
        private TokenFile tokens;
        private int contextLength;
        private int stride;

        public Builder setTokens(TokenFile file) {
            this.tokens = file;
            return this;
        }

        public Builder setContextLength(int t) {
            this.contextLength = t;
            return this;
        }

        public Builder optStride(int s) {
            this.stride = s;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public TokenWindowDataset build() {
            if (tokens == null) {
                throw new IllegalArgumentException("TokenWindowDataset: setTokens is required");
            }
            if (contextLength < 1) {
                throw new IllegalArgumentException("TokenWindowDataset: context length must be >= 1, got " + contextLength);
            }
            if (stride < 0) {
                throw new IllegalArgumentException("TokenWindowDataset: stride must be >= 1, got " + stride);
            }
            return new TokenWindowDataset(this);
        }
    }
}
