package lab.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lab.trainer.model.Gpt;

/**
 * AdamW (Loshchilov and Hutter 2019, Algorithm 2) with decoupled weight decay on matrices only,
 * in PyTorch's fused multi-tensor kernel (one call per parameter group, through {@link FusedOps}).
 * It keeps the first and second moments and the step count itself, so they can be saved and
 * restored exactly.
 *
 * <p>Per tensor, as torch.optim.AdamW: g' = g / divisor; w = w - lr·λ·w; m = β1·m + (1-β1)·g';
 * v = β2·v + (1-β2)·g'²; w = w - lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + ε).
 */
public final class AdamW implements AutoCloseable {
    public record Settings(double beta1, double beta2, double eps, double weightDecay) {
        public Settings {
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("train.beta1=" + beta1 + ": must be within [0, 1)");
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("train.beta2=" + beta2 + ": must be within [0, 1)");
            }
            if (!(eps > 0)) {
                throw new IllegalArgumentException("train.eps=" + eps + ": must be positive");
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("train.weight_decay=" + weightDecay + ": must be >= 0");
            }
        }
    }

    private static final NDIndex EVERYTHING = new NDIndex("...");

    private final Settings settings;
    private final NDManager manager;
    private final FusedOps ops;
    private final NDArray[] m;
    private final NDArray[] v;
    private final NDArray[] steps; // the step count per tensor, as the fused kernel reads it
    private final List<Group> groups = new ArrayList<>();
    private long step;

    /** Tensors sharing a weight decay, listed once for the fused kernel; {@code index} picks their gradients. */
    private record Group(double weightDecay, int[] index, List<NDArray> weights, List<NDArray> m, List<NDArray> v,
                         List<NDArray> steps) {}

    public AdamW(List<Gpt.Param> params, NDManager parent, Settings settings) {
        this.settings = settings;
        this.manager = parent.newSubManager();
        this.ops = new FusedOps(manager);
        var seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<NDArray, Boolean>());
        for (Gpt.Param p : params) {
            if (!seen.add(p.array())) {
                throw new IllegalArgumentException("parameter " + p.name() + " is listed twice (a tied tensor is registered once)");
            }
        }
        this.m = new NDArray[params.size()];
        this.v = new NDArray[params.size()];
        this.steps = new NDArray[params.size()];
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).array();
            m[i] = manager.zeros(w.getShape(), w.getDataType());
            v[i] = manager.zeros(w.getShape(), w.getDataType());
            steps[i] = manager.zeros(new Shape());
        }
        NDArray[] weights = params.stream().map(Gpt.Param::array).toArray(NDArray[]::new);
        for (boolean decay : new boolean[] {true, false}) {
            int[] index = java.util.stream.IntStream.range(0, params.size())
                    .filter(i -> params.get(i).decay() == decay).toArray();
            if (index.length > 0) {
                groups.add(new Group(decay ? settings.weightDecay() : 0.0, index, pick(weights, index), pick(m, index),
                        pick(v, index), pick(steps, index)));
            }
        }
    }

    private static List<NDArray> pick(NDArray[] all, int[] index) {
        var out = new ArrayList<NDArray>(index.length);
        for (int i : index) {
            out.add(all[i]);
        }
        return out;
    }

    /** Updates completed so far (t in the bias corrections). */
    public long step() {
        return step;
    }

    /** Σ over the gradients of their squared entries (the squared global norm), as a scalar in {@code into}. */
    public NDArray sumOfSquares(NDArray[] grads, NDManager into) {
        return ops.sumOfSquares(grads, into);
    }

    /**
     * Applies one update from the gradients, then zeroes them.
     *
     * @param grads     the parameters' gradients, in the order the constructor got the parameters
     * @param lr        this step's learning rate
     * @param gradScale the global-norm clipping factor min(1, clip / ||g||)
     */
    public void update(NDArray[] grads, double lr, double gradScale) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray divisor = scratch.full(new Shape(), (float) (1.0 / gradScale));
            for (Group g : groups) {
                ops.adamw(g.weights(), pick(grads, g.index()), g.m(), g.v(), g.steps(), lr, settings,
                        g.weightDecay(), divisor);
            }
        }
        step++;
    }

    /** Writes the step count and both moments of every tensor, float32 in parameter order. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(step);
        for (int i = 0; i < m.length; i++) {
            writeArray(out, m[i]);
            writeArray(out, v[i]);
        }
    }

    public void load(DataInputStream in) throws IOException {
        step = in.readLong();
        for (NDArray t : steps) {
            copyInto(t, new float[] {step});
        }
        for (int i = 0; i < m.length; i++) {
            readArray(in, m[i]);
            readArray(in, v[i]);
        }
    }

    static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        float[] values = a.toFloatArray();
        out.writeInt(values.length);
        var buf = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        out.write(buf.array());
    }

    static void readArray(DataInputStream in, NDArray target) throws IOException {
        int n = in.readInt();
        if (n != target.size()) {
            throw new IllegalStateException("checkpoint holds " + n + " values for a tensor of " + target.size());
        }
        byte[] bytes = new byte[n * 4];
        in.readFully(bytes);
        float[] values = new float[n];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        copyInto(target, values);
    }

    /**
     * Overwrites {@code target} in place, through an indexed assignment (x[...] = values). DJL's
     * {@code set(float[])} does the same but makes PyTorch print a deprecation warning
     * (AutoNonVariableTypeMode) on every resume.
     */
    private static void copyInto(NDArray target, float[] values) {
        try (NDManager scratch = target.getManager().newSubManager()) {
            target.set(EVERYTHING, scratch.create(values, target.getShape()));
        }
    }

    /** Same float32 encoding for model parameters, used by checkpoints. */
    public static void saveTensor(DataOutputStream out, NDArray a) throws IOException {
        writeArray(out, a);
    }

    public static void loadTensor(DataInputStream in, NDArray target) throws IOException {
        readArray(in, target);
    }

    @Override
    public void close() {
        ops.close();
        manager.close();
    }
}
