package lab.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import lab.trainer.engine.EngineSetup;
import lab.trainer.model.Gpt;
import org.junit.jupiter.api.Test;

/** The fused kernels against AdamW and the gradient norm written out in plain Java (Loshchilov and Hutter 2019, Alg. 2). */
class AdamWTest {
    @Test
    void nativeUpdateMatchesTheReferenceAlgorithm() {
        EngineSetup.configure();
        float[] w0 = {0.5f, -1.0f, 2.0f, 0.0f};
        float[][] gradients = {{0.1f, -0.2f, 0.3f, 0.0f}, {-0.4f, 0.1f, 0.2f, 1.0f}, {0.05f, 0.05f, -0.5f, 0.2f}};
        double lr = 0.01;
        double wd = 0.1;
        double b1 = 0.9;
        double b2 = 0.95;
        double eps = 1e-8;
        double scale = 0.5;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(w0.clone());
            w.setRequiresGradient(true);
            var params = List.of(new Gpt.Param("w", w, true));
            try (var opt = new AdamW(params, m, new AdamW.Settings(b1, b2, eps, wd))) {
                double[] ref = {0.5, -1.0, 2.0, 0.0};
                double[] mom = new double[4];
                double[] vel = new double[4];
                for (int t = 1; t <= gradients.length; t++) {
                    NDArray g = m.create(gradients[t - 1]);
                    opt.update(new NDArray[] {g}, lr, scale);
                    assertEquals(0f, g.abs().sum().getFloat(), "the update zeroes the gradients");
                    for (int i = 0; i < 4; i++) {
                        double gi = scale * gradients[t - 1][i];
                        mom[i] = b1 * mom[i] + (1 - b1) * gi;
                        vel[i] = b2 * vel[i] + (1 - b2) * gi * gi;
                        double mHat = mom[i] / (1 - Math.pow(b1, t));
                        double vHat = vel[i] / (1 - Math.pow(b2, t));
                        ref[i] = ref[i] - lr * wd * ref[i] - lr * mHat / (Math.sqrt(vHat) + eps);
                    }
                }
                float[] got = w.toFloatArray();
                for (int i = 0; i < 4; i++) {
                    assertEquals(ref[i], got[i], 1e-6, "element " + i);
                }
                assertEquals(3, opt.step());
            }
        }
    }

    @Test
    void sumOfSquaresCoversEveryTensor() {
        EngineSetup.configure();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f});
            var params = List.of(new Gpt.Param("w", w, true));
            try (var opt = new AdamW(params, m, new AdamW.Settings(0.9, 0.95, 1e-8, 0.1))) {
                NDArray[] grads = {m.create(new float[] {3f, -4f}), m.create(new float[][] {{1f, 2f}, {0.5f, -2f}})};
                assertEquals(25 + 1 + 4 + 0.25 + 4, opt.sumOfSquares(grads, m).getFloat(), 1e-5);
            }
        }
    }

    @Test
    void weightDecayOnlyTouchesMatricesAndATensorListedTwiceIsRefused() {
        EngineSetup.configure();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray matrix = m.create(new float[] {1f, -2f});
            NDArray bias = m.create(new float[] {1f, -2f});
            var params = List.of(new Gpt.Param("w", matrix, true), new Gpt.Param("b", bias, false));
            try (var opt = new AdamW(params, m, new AdamW.Settings(0.9, 0.95, 1e-8, 0.5))) {
                opt.update(new NDArray[] {m.zeros(matrix.getShape()), m.zeros(bias.getShape())}, 0.1, 1.0);
                assertArrayEquals(new float[] {0.95f, -1.9f}, matrix.toFloatArray(), 1e-6f, "decayed by lr x wd");
                assertArrayEquals(new float[] {1f, -2f}, bias.toFloatArray(), 0f, "no decay, zero gradient");
            }
            var twice = List.of(new Gpt.Param("w", matrix, true), new Gpt.Param("w again", matrix, true));
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new AdamW(twice, m, new AdamW.Settings(0.9, 0.95, 1e-8, 0.1)));
            assertTrue(e.getMessage().contains("w again"), e.getMessage());
        }
    }
}
