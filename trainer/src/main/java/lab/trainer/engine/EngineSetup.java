package lab.trainer.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Settings that must be in force before anything touches DJL's {@link Engine}: no telemetry, no
 * cloud-metadata probe, no runtime download (the CPU libtorch comes from the bundled native jar).
 * Every entry point calls {@link #configure()} first; launchers and Surefire set the same values
 * as environment variables.
 */
public final class EngineSetup {
    private static volatile boolean configured;
    private static volatile boolean mallocTuned;
    private static volatile MklDispatch.Outcome mklDispatch;
    private static volatile String mklBranch;

    private EngineSetup() {}

    public static synchronized void configure() {
        if (configured) {
            return;
        }
        System.setProperty("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.offline", "true");
        if (!"1".equals(System.getenv("LAB_GPU"))) {
            setIfAbsent("PYTORCH_FLAVOR", "cpu"); // the bundled CPU libtorch; LAB_GPU=1 runs the cuda build's
        }
        setIfAbsent("ai.djl.pytorch.num_threads", String.valueOf(defaultThreads()));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        mallocTuned = NativeMemory.tune();
        mklDispatch = MklDispatch.apply(); // before the engine loads libtorch
        configured = true;
    }

    /** Threads for intra-op parallelism: OMP_NUM_THREADS when set, else every core. */
    public static int defaultThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && omp.matches("\\d+") && Integer.parseInt(omp) > 0) {
            return Integer.parseInt(omp);
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Whether glibc's malloc was told to keep large blocks ({@link NativeMemory}). */
    public static boolean mallocTuned() {
        configure();
        return mallocTuned;
    }

    /** Whether the shim that sends MKL down its Intel code path on AMD is loaded ({@link MklDispatch}). */
    public static boolean mklShim() {
        configure();
        return mklDispatch.applied();
    }

    /** The instruction set MKL's kernels target, as MKL itself reports it ({@link MklBranch}); loads the engine. */
    public static synchronized String mklBranch() {
        if (mklBranch == null) {
            engine();
            mklBranch = MklBranch.observe();
        }
        return mklBranch;
    }

    /** MKL's branch and why, in a phrase: "AVX2 (shim libmkl_dispatch-....so loaded on an AMD processor)". */
    public static String mklKernels() {
        return mklBranch() + " (" + mklDispatch.detail() + ")";
    }

    public static int threads() {
        configure();
        return Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads"));
    }

    /** The PyTorch engine, configured. */
    public static Engine engine() {
        configure();
        return Engine.getEngine("PyTorch");
    }

    /** "cpu", "gpu" or "gpu:N" to a device; "auto" picks CUDA when DJL sees a GPU. */
    public static Device device(String spec) {
        Engine engine = engine();
        String s = spec == null ? "auto" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("auto")) {
            return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.matches("gpu(:\\d+)?")) {
            int id = s.contains(":") ? Integer.parseInt(s.substring(4)) : 0;
            if (id >= engine.getGpuCount()) {
                throw new IllegalArgumentException("device: " + spec + " requested but DJL sees "
                        + engine.getGpuCount() + " GPU(s)");
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("device: expected auto, cpu, gpu or gpu:N, got '" + spec + "'");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            String env = System.getenv(key);
            System.setProperty(key, env != null ? env : value);
        }
    }
}
