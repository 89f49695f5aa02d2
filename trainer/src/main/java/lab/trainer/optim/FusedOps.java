package lab.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.List;

/** PyTorch's multi-tensor kernels through the TorchScript module in fused_ops.py. */
final class FusedOps implements AutoCloseable {
    private final PtSymbolBlock module;

    FusedOps(NDManager manager) {
        this.module = TorchScript.load((PtNDManager) manager, "FusedOps", "fused_ops.py");
    }

    /** Σ over tensors of Σ x², as a scalar in {@code into}. */
    NDArray sumOfSquares(NDArray[] tensors, NDManager into) {
        try (IValue list = list(List.of(tensors)); IValue out = IValueUtils.runMethod(module, "sum_of_squares", list)) {
            return out.toTensor((PtNDManager) into);
        }
    }

    /** One AdamW step over a parameter group; divides the gradients by {@code divisor}, then zeroes them. */
    void adamw(List<NDArray> params, List<NDArray> grads, List<NDArray> expAvgs, List<NDArray> expAvgSqs,
               List<NDArray> steps, double lr, AdamW.Settings s, double weightDecay, NDArray divisor) {
        try (IValue p = list(params); IValue g = list(grads); IValue m = list(expAvgs); IValue v = list(expAvgSqs);
             IValue t = list(steps); IValue lrValue = IValue.from(lr); IValue b1 = IValue.from(s.beta1());
             IValue b2 = IValue.from(s.beta2()); IValue wd = IValue.from(weightDecay); IValue eps = IValue.from(s.eps());
             IValue scale = IValue.from((PtNDArray) divisor);
             IValue out = IValueUtils.runMethod(module, "adamw", p, g, m, v, t, lrValue, b1, b2, wd, eps, scale)) {
            // the kernels update their arguments in place; the returned divisor is not needed
        }
    }

    private static IValue list(List<NDArray> arrays) {
        return IValue.listFrom(arrays.stream().map(a -> (PtNDArray) a).toArray(PtNDArray[]::new));
    }

    @Override
    public void close() {
        module.close();
    }
}
