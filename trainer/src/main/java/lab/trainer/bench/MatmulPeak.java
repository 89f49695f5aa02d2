package lab.trainer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's practical float32 peak: square matrix products measured in this process, the
 * denominator of MFU (model FLOP/s over achievable FLOP/s; Chowdhery et al. 2022, PaLM, App. B,
 * define MFU against the hardware peak; on a CPU the measured GEMM rate is the honest peak).
 */
public final class MatmulPeak {
    /** The square size `lab bench` and `lab train` both measure, so their MFU figures compare. */
    public static final int SIZE = 1024;

    private MatmulPeak() {}

    /** GFLOP/s of an n x n product, best of several timed repetitions within about {@code seconds}. */
    public static double measure(NDManager parent, int n, double seconds) {
        try (NDManager m = parent.newSubManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
            a.matMul(b).toFloatArray(); // warm-up, and forces the engine's threads up
            double best = 0;
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            int reps = 0;
            while (reps < 3 || System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // forces completion on asynchronous devices
                }
                double s = (System.nanoTime() - t0) / 1e9;
                best = Math.max(best, 2.0 * n * n * n / s / 1e9);
                reps++;
                if (reps > 200) {
                    break;
                }
            }
            return best;
        }
    }
}
