package lab.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import lab.trainer.engine.EngineSetup;
import lab.trainer.optim.AdamW;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GptTest {
    @BeforeAll
    static void engine() {
        EngineSetup.configure();
    }

    @Test
    void builtParametersMatchTheAccounting() {
        var c = new GptConfig(97, 16, 32, 2, 2, false);
        try (NDManager m = NDManager.newBaseManager(); Gpt g = new Gpt(c, m, 1)) {
            assertEquals(c.params().total(), g.parameterCount());
        }
    }

    @Test
    void changingLaterTokensNeverChangesEarlierLogits() {
        var c = new GptConfig(50, 12, 32, 2, 4, true);
        try (NDManager m = NDManager.newBaseManager(); Gpt g = new Gpt(c, m, 3)) {
            long[] a = new long[12];
            long[] b = new long[12];
            for (int i = 0; i < 12; i++) {
                a[i] = (i * 7) % 50;
                b[i] = i < 6 ? a[i] : (a[i] + 13) % 50; // differs from position 6 on
            }
            float[] la = g.logits(m.create(a, new Shape(1, 12))).toFloatArray();
            float[] lb = g.logits(m.create(b, new Shape(1, 12))).toFloatArray();
            int prefix = 6 * 50;
            assertArrayEquals(java.util.Arrays.copyOf(la, prefix), java.util.Arrays.copyOf(lb, prefix), 1e-6f);
            boolean later = false;
            for (int i = prefix; i < la.length; i++) {
                later |= Math.abs(la[i] - lb[i]) > 1e-4;
            }
            assertTrue(later, "later positions should see the changed tokens");
        }
    }

    @Test
    void forwardReleasesWhatBackwardDoesNotRead() {
        var c = new GptConfig(50, 16, 32, 2, 4, true);
        try (NDManager m = NDManager.newBaseManager(); Gpt g = new Gpt(c, m, 3); NDManager step = m.newSubManager()) {
            long[] x = new long[3 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i * 11) % 50;
            }
            NDArray idx = step.create(x, new Shape(3, 16));
            try (var collector = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = g.loss(idx, idx);
                var live = step.getManagedArrays();
                // one (B, H, T, T) map per layer, the softmax output; raw and masked scores are gone
                assertEquals(2, live.stream().filter(a -> a.getShape().equals(new Shape(3, 4, 16, 16))).count());
                // log-probabilities only; the logits are gone
                assertEquals(1, live.stream().filter(a -> a.getShape().equals(new Shape(3, 16, 50))).count());
                collector.backward(loss);
            }
            float[] grad = g.params().get(0).array().getGradient().toFloatArray();
            double norm = 0;
            for (float v : grad) {
                norm += v * v;
            }
            assertTrue(norm > 0 && Double.isFinite(norm), "backward still runs after the releases: " + norm);
        }
    }

    @Test
    void releasesKeepBackwardExactOnShortWindowsWithOneHeadAndAnUntiedHead() {
        var c = new GptConfig(40, 16, 16, 2, 1, false); // one head: the heads' reshape is a view
        long[] x = new long[2 * 10]; // windows shorter than the context
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7) % 40;
        }
        try (NDManager m = NDManager.newBaseManager(); Gpt g = new Gpt(c, m, 4); NDManager step = m.newSubManager()) {
            NDArray idx = step.create(x, new Shape(2, 10));
            float loss;
            try (var collector = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray l = g.loss(idx, idx);
                loss = l.getFloat();
                collector.backward(l);
            }
            float[] analytic = g.params().get(0).array().getGradient().toFloatArray(); // wte
            // central difference on one embedding entry the batch uses (token 0, coordinate 3)
            float[] wte = g.params().get(0).array().toFloatArray();
            double h = 1e-2;
            double[] side = new double[2];
            for (int s = 0; s < 2; s++) {
                float[] moved = wte.clone();
                moved[3] += (float) (s == 0 ? h : -h);
                g.params().get(0).array().set(moved);
                try (NDManager probe = m.newSubManager()) {
                    side[s] = g.loss(probe.create(x, new Shape(2, 10)), probe.create(x, new Shape(2, 10))).getFloat();
                }
            }
            g.params().get(0).array().set(wte);
            assertTrue(Float.isFinite(loss));
            assertEquals((side[0] - side[1]) / (2 * h), analytic[3], 2e-4); // measured 0.015962 vs 0.015982
        }
    }

    @Test
    void overfitsOneSmallBatch() {
        var c = new GptConfig(32, 16, 32, 2, 2, true);
        try (NDManager m = NDManager.newBaseManager(); Gpt g = new Gpt(c, m, 5);
             AdamW opt = new AdamW(g.params(), m, new AdamW.Settings(0.9, 0.95, 1e-8, 0.0))) {
            var rng = new java.util.Random(9);
            long[] x = new long[4 * 16];
            long[] y = new long[4 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextInt(32);
                y[i] = rng.nextInt(32);
            }
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 150; step++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray loss;
                    try (var gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                        loss = g.loss(s.create(x, new Shape(4, 16)), s.create(y, new Shape(4, 16)));
                        gc.backward(loss);
                    }
                    NDArray[] grads = new NDArray[g.params().size()];
                    for (int i = 0; i < grads.length; i++) {
                        grads[i] = g.params().get(i).array().getGradient();
                        grads[i].attach(s);
                    }
                    opt.update(grads, 1e-2, 1.0);
                    last = loss.getFloat();
                    if (step == 0) {
                        first = last;
                    }
                }
            }
            assertEquals(Math.log(32), first, 0.3, "an untrained model is near uniform");
            assertTrue(last < 0.1, "memorised the batch: loss " + last);
        }
    }

    /**
     * DJL's {@code NDArray.mul(Number)} wraps the number in a tensor over a Java buffer and frees
     * it after the forward op, while autograd keeps it for the backward pass; a garbage collection
     * in between turned the attention-scale gradient into garbage (1e17..1e31) in about one step
     * in a thousand. The backward pass must read the same gradients with or without a collection
     * between forward and backward.
     */
    @Test
    void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward() throws InterruptedException {
        var c = new GptConfig(40, 16, 32, 2, 2, true);
        try (NDManager m = NDManager.newBaseManager(); Gpt g = new Gpt(c, m, 11)) {
            long[] x = new long[2 * 16];
            long[] y = new long[2 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i * 7) % 40;
                y[i] = (i * 3 + 1) % 40;
            }
            float[][] clean = gradients(g, m, x, y, false);
            for (int round = 0; round < 3; round++) {
                float[][] collected = gradients(g, m, x, y, true);
                for (int i = 0; i < clean.length; i++) {
                    assertArrayEquals(clean[i], collected[i], 1e-6f, g.params().get(i).name() + " after a GC");
                }
            }
        }
    }

    private static float[][] gradients(Gpt g, NDManager m, long[] x, long[] y, boolean collect)
            throws InterruptedException {
        try (NDManager s = m.newSubManager()) {
            try (var gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = g.loss(s.create(x, new Shape(2, 16)), s.create(y, new Shape(2, 16)));
                if (collect) {
                    scribbleOverFreedDirectMemory();
                }
                gc.backward(loss);
            }
            float[][] out = new float[g.params().size()][];
            for (int i = 0; i < out.length; i++) {
                NDArray grad = g.params().get(i).array().getGradient();
                grad.attach(s);
                out[i] = grad.toFloatArray();
                ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) g.params().get(i).array());
            }
            return out;
        }
    }

    /** Frees unreachable direct buffers, then reuses small blocks of native memory with huge floats. */
    private static void scribbleOverFreedDirectMemory() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50); // the Cleaner thread frees the native memory after the collection
            var keep = new java.util.ArrayList<java.nio.ByteBuffer>();
            for (int i = 0; i < 2000; i++) {
                var b = java.nio.ByteBuffer.allocateDirect(4 + (i % 4) * 4);
                while (b.hasRemaining()) {
                    b.put((byte) 0x7e);
                }
                keep.add(b);
            }
        }
    }
}
