package lab.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A decoder-only transformer in the GPT-2 layout (Radford et al. 2019; nanoGPT's model.py):
 * token + learned position embedding, L pre-LayerNorm blocks of causal multi-head self-attention
 * and a GELU MLP of 4x width, a final LayerNorm and an output head tied to the token embedding
 * (or untied). Written directly on DJL NDArrays (PyTorch engine); the parameters live in the
 * model's manager, everything a forward pass creates lives in the caller's per-step manager.
 */
public final class Gpt implements AutoCloseable {
    /** One trainable tensor, with whether AdamW's weight decay applies (matrices only). */
    public record Param(String name, NDArray array, boolean decay) {}

    private final GptConfig config;
    private final NDManager manager;
    private final List<Param> params = new ArrayList<>();
    private final NDArray wte; // (V, d)
    private final NDArray wpe; // (T, d)
    private final Block[] blocks;
    private final NDArray lnfGain;
    private final NDArray lnfBias;
    private final NDArray head; // (V, d), the token embedding itself when tied
    private final NDArray causalMask; // (T, T): 0 on and below the diagonal, -inf above
    private final NDArray attentionScale; // 1 / sqrt(head size), a scalar the model owns

    private record Block(NDArray ln1g, NDArray ln1b, NDArray wqkv, NDArray bqkv, NDArray wo, NDArray bo,
                         NDArray ln2g, NDArray ln2b, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {}

    /**
     * Initialises as GPT-2 does: weights N(0, 0.02), the two residual output projections of each
     * block N(0, 0.02 / sqrt(2L)) (Radford et al. 2019, Sec. 2.3), biases 0, LayerNorm gains 1.
     * Drawn in Java from {@code seed}, so the same seed gives the same model on every device.
     */
    public Gpt(GptConfig config, NDManager parent, long seed) {
        this.config = config;
        this.manager = parent.newSubManager();
        var rng = new SplittableRandom(seed);
        int v = config.vocabSize();
        int t = config.contextLength();
        int d = config.width();
        int f = config.mlpWidth();
        double std = 0.02;
        double residualStd = 0.02 / Math.sqrt(2.0 * config.layers());
        wte = normal("wte", rng, std, true, v, d);
        wpe = normal("wpe", rng, std, false, t, d);
        blocks = new Block[config.layers()];
        for (int i = 0; i < blocks.length; i++) {
            String p = "h" + i + ".";
            blocks[i] = new Block(
                    constant(p + "ln1.gain", 1f, d), constant(p + "ln1.bias", 0f, d),
                    normal(p + "attn.qkv.weight", rng, std, true, 3 * d, d), constant(p + "attn.qkv.bias", 0f, 3 * d),
                    normal(p + "attn.proj.weight", rng, residualStd, true, d, d), constant(p + "attn.proj.bias", 0f, d),
                    constant(p + "ln2.gain", 1f, d), constant(p + "ln2.bias", 0f, d),
                    normal(p + "mlp.up.weight", rng, std, true, f, d), constant(p + "mlp.up.bias", 0f, f),
                    normal(p + "mlp.down.weight", rng, residualStd, true, d, f), constant(p + "mlp.down.bias", 0f, d));
        }
        lnfGain = constant("lnf.gain", 1f, d);
        lnfBias = constant("lnf.bias", 0f, d);
        head = config.tiedHead() ? wte : normal("head.weight", rng, std, true, v, d);
        float[] mask = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                mask[i * t + j] = Float.NEGATIVE_INFINITY;
            }
        }
        causalMask = manager.create(mask, new Shape(t, t));
        attentionScale = manager.full(new Shape(), (float) (1.0 / Math.sqrt(config.headSize())));
        long counted = 0;
        for (Param p : params) {
            counted += p.array().size();
        }
        if (counted != config.params().total()) {
            throw new IllegalStateException("built " + counted + " parameters, accounting says " + config.params().total());
        }
    }

    public GptConfig config() {
        return config;
    }

    public List<Param> params() {
        return Collections.unmodifiableList(params);
    }

    /**
     * Logits for a batch of token windows.
     *
     * @param idx (B, T') int64 token ids with T' <= context length, in the step's manager
     * @return (B, T', V) logits, in idx's manager
     */
    public NDArray logits(NDArray idx) {
        long b = idx.getShape().get(0);
        long t = idx.getShape().get(1);
        int d = config.width();
        int h = config.heads();
        int hs = config.headSize();
        var ex = idx.getNDArrayInternal();
        NDArray tokens = ex.embedding(idx, wte, ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow(); // (B, T, d)
        var step = idx.getManager();
        NDArray x = tokens.add(t == config.contextLength() ? wpe : local(wpe.get("0:" + t), step)); // (B, T, d)
        release(tokens);
        NDArray mask = t == config.contextLength() ? causalMask : local(causalMask.get("0:" + t + ", 0:" + t), step);
        var normShape = new Shape(d);
        for (Block k : blocks) {
            NDArray a = ex.layerNorm(x, normShape, k.ln1g, k.ln1b, 1e-5f).singletonOrThrow(); // (B, T, d)
            // split, not get(i): select's backward zero-fills a full (3, B, H, T, hs) tensor per
            // part, split's backward is one concatenation (measured 26 -> 19 ms per block at 10M)
            var qkv = ex.linear(a, k.wqkv, k.bqkv).singletonOrThrow() // (B, T, 3d)
                    .reshape(b, t, 3, h, hs).transpose(2, 0, 3, 1, 4).split(3, 0); // 3 x (1, B, H, T, hs)
            // Scaled dot-product attention (Vaswani et al. 2017, Eq. 1). The scale is a tensor the
            // model keeps alive: DJL's mul(Number) wraps the number in a Java buffer that it frees
            // after the forward op while autograd still reads it in backward (garbage gradients
            // after a GC; GptTest.gradientsSurviveAGarbageCollectionBetweenForwardAndBackward).
            NDArray q = qkv.get(0).squeeze(0).mul(attentionScale); // (B, H, T, hs)
            NDArray kT = qkv.get(1).squeeze(0).transpose(0, 1, 3, 2); // (B, H, hs, T)
            NDArray scores = q.matMul(kT); // (B, H, T, T)
            NDArray masked = scores.add(mask); // (B, H, T, T), -inf above the diagonal
            NDArray att = masked.softmax(-1); // (B, H, T, T), causal
            NDArray heads = att.matMul(qkv.get(2).squeeze(0)); // (B, H, T, hs)
            NDArray headsT = heads.transpose(0, 2, 1, 3); // (B, T, H, hs), a view
            NDArray y = headsT.reshape(b, t, d); // (B, T, d), a copy (a view when H = 1 or T = 1)
            NDArray proj = ex.linear(y, k.wo, k.bo).singletonOrThrow(); // (B, T, d)
            x = x.add(proj); // residual (B, T, d)
            release(scores, masked, heads, headsT, proj);
            NDArray m = ex.layerNorm(x, normShape, k.ln2g, k.ln2b, 1e-5f).singletonOrThrow();
            m = ex.linear(m, k.w1, k.b1).singletonOrThrow().getNDArrayInternal().gelu(); // (B, T, 4d)
            NDArray down = ex.linear(m, k.w2, k.b2).singletonOrThrow(); // (B, T, d)
            x = x.add(down); // residual (B, T, d)
            release(down);
        }
        x = ex.layerNorm(x, normShape, lnfGain, lnfBias, 1e-5f).singletonOrThrow();
        return x.matMul(local(head.transpose(), step)); // (B, T, V)
    }

    /**
     * Mean cross-entropy in nats per token of predicting {@code targets} from {@code idx}.
     *
     * @param idx     (B, T) int64 inputs
     * @param targets (B, T) int64 next tokens
     * @return a scalar in idx's manager
     */
    public NDArray loss(NDArray idx, NDArray targets) {
        NDArray logits = logits(idx); // (B, T, V)
        NDArray logProbs = logits.logSoftmax(-1); // (B, T, V)
        release(logits);
        return logProbs.gather(targets.expandDims(-1), -1).mean().neg(); // picks log p(target)
    }

    /** Total count of parameters built (equals {@link ParamCount#total()}). */
    public long parameterCount() {
        return params.stream().mapToLong(p -> p.array().size()).sum();
    }

    private NDArray normal(String name, SplittableRandom rng, double std, boolean decay, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (gaussian(rng) * std);
        }
        return register(name, manager.create(values, new Shape(rows, cols)), decay);
    }

    private NDArray constant(String name, float value, int size) {
        float[] values = new float[size];
        java.util.Arrays.fill(values, value);
        return register(name, manager.create(values, new Shape(size)), false);
    }

    private NDArray register(String name, NDArray array, boolean decay) {
        array.setName(name);
        array.setRequiresGradient(true);
        params.add(new Param(name, array, decay));
        return array;
    }

    /** A standard normal draw (Box-Muller), reproducible from the generator's state alone. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Closes results that no later op reads, as Python frees a tensor with its last reference:
     * DJL would keep them until the step's manager closes. Autograd holds its own reference to
     * what backward needs, so only dead memory goes (a view must go too, it shares its base's
     * storage; memory a live view still shares stays). The two score tensors are (B, H, T, T)
     * each: at T = 1024, B = 16, H = 12 they would hold 1.6 GB per layer until the end of the step.
     */
    private static void release(NDArray... dead) {
        for (NDArray a : dead) {
            a.close();
        }
    }

    /** A view created from a parameter belongs to the model's manager: hand it to the step's. */
    private static NDArray local(NDArray view, NDManager step) {
        view.attach(step);
        return view;
    }

    @Override
    public void close() {
        manager.close();
    }
}
