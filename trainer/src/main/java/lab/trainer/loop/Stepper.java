package lab.trainer.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import lab.trainer.data.TokenSource;
import lab.trainer.model.Gpt;
import lab.trainer.optim.AdamW;

/**
 * One training step and one evaluation, each in its own NDManager so nothing a step creates
 * outlives it (DJL: an op's result belongs to its first operand's manager).
 */
final class Stepper {
    private final Gpt model;
    private final AdamW optimizer;
    private final NDManager base;
    private final int batch;
    private final int context;
    private final long[] inputs;
    private final long[] targets;

    Stepper(Gpt model, AdamW optimizer, NDManager base, int batch) {
        this.model = model;
        this.optimizer = optimizer;
        this.base = base;
        this.batch = batch;
        this.context = model.config().contextLength();
        this.inputs = new long[batch * context];
        this.targets = new long[batch * context];
    }

    /**
     * Forward, backward, global-norm clipping (Pascanu et al. 2013) and an AdamW update.
     * When {@code poison} is set the loss is multiplied by NaN (tests of the divergence guard).
     * A non-finite loss or gradient leaves the parameters untouched.
     */
    StepResult train(TokenSource data, long seed, long dataStep, double lr, double clip, boolean poison) {
        data.trainBatch(seed, dataStep, batch, context, inputs, targets);
        List<Gpt.Param> params = model.params();
        try (NDManager step = base.newSubManager()) {
            NDArray idx = step.create(inputs, new Shape(batch, context));
            NDArray tgt = step.create(targets, new Shape(batch, context));
            NDArray loss;
            NDArray[] grads = new NDArray[params.size()];
            try (var collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                loss = model.loss(idx, tgt);
                if (poison) {
                    loss = loss.mul(step.full(new Shape(), Float.NaN)); // never mul(Number): see Gpt.logits
                }
                collector.backward(loss);
            }
            for (int i = 0; i < grads.length; i++) {
                grads[i] = params.get(i).array().getGradient();
                grads[i].attach(step);
            }
            NDArray sumSquares = optimizer.sumOfSquares(grads, step);
            float[] both = scalars(loss, sumSquares);
            double lossValue = both[0];
            double norm = Math.sqrt(both[1]);
            var result = new StepResult(lossValue, norm);
            if (!result.finite()) {
                String culprit = culprit(lossValue, grads);
                for (Gpt.Param p : params) {
                    zeroGrad(p.array());
                }
                return new StepResult(lossValue, norm, culprit);
            }
            double scale = clip > 0 && norm > clip ? clip / norm : 1.0;
            optimizer.update(grads, lr, scale);
            return result;
        }
    }

    /** Mean loss in nats per token over the fixed validation batches. */
    double evaluate(TokenSource data, int batches, int evalBatch) {
        var in = new long[evalBatch * context];
        var out = new long[evalBatch * context];
        double sum = 0;
        boolean previous = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try {
            for (int k = 0; k < batches; k++) {
                data.valBatch(k, batches, evalBatch, context, in, out);
                try (NDManager step = base.newSubManager()) {
                    NDArray idx = step.create(in, new Shape(evalBatch, context));
                    NDArray tgt = step.create(out, new Shape(evalBatch, context));
                    sum += model.loss(idx, tgt).toType(DataType.FLOAT64, false).getDouble();
                }
            }
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(previous);
        }
        return sum / batches;
    }

    /**
     * Names what went non-finite: the loss, else the first parameter whose gradient holds a NaN or
     * inf, else the first whose finite gradient is so large that its squares overflow float32.
     */
    private String culprit(double lossValue, NDArray[] grads) {
        if (!Double.isFinite(lossValue)) {
            return "loss";
        }
        for (int i = 0; i < grads.length; i++) {
            NDArray g = grads[i];
            if (g.isNaN().any().getBoolean() || g.isInfinite().any().getBoolean()) {
                return "gradient of " + model.params().get(i).name();
            }
        }
        for (int i = 0; i < grads.length; i++) {
            if (!Float.isFinite(grads[i].square().sum().getFloat())) {
                return "gradient norm (the squares of " + model.params().get(i).name() + " overflow)";
            }
        }
        return "gradient norm";
    }

    private static void zeroGrad(NDArray param) {
        ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) param);
    }

    /** Reads several scalars with one device synchronisation. */
    private static float[] scalars(NDArray... values) {
        var list = new ai.djl.ndarray.NDList(values.length);
        for (NDArray v : values) {
            list.add(v.reshape(1));
        }
        return ai.djl.ndarray.NDArrays.concat(list).toFloatArray();
    }
}
