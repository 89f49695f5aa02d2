package lab.trainer.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Keeps glibc's malloc from handing PyTorch's large CPU tensors back to the kernel after every op.
 *
 * <p>By default glibc serves a block above its mmap threshold (128 KiB, adapting upwards) with a
 * fresh mmap and returns it with munmap, and trims the heap's top beyond 128 KiB: every step then
 * page-faults its activations in again (the kernel zeroes each 4 KiB page). At the 10M bench shape
 * that cost 3.8-4.0 s of system time in 30 steps; with the settings below 0.7-1.9 s, and the steps
 * ran 2-8% faster (three paired runs, README "Speed"). Memory freed by a step stays in the process
 * for the next one, so the resident size stays at the peak of a step instead of falling between
 * steps.
 *
 * <p>The trim threshold does not cover a whole heap of a thread's own arena (the JVM's main thread
 * allocates from one): glibc unmaps a 64 MiB heap as soon as it is empty, and the next step faults
 * it in again. A top pad of one heap keeps it. At the 10M bench shape that was 13,000-29,000 page
 * faults per step, 200-300 with the pad, and the step 4% faster (two paired runs, 938 -> 903 ms);
 * at 1M 650-3,300 faults per step fell to 50-75, time unchanged. The pad is address space, not
 * memory: each new heap or growth of the main heap reserves 64 MiB more, which counts only where
 * the kernel refuses to overcommit (vm.overcommit_memory=2).
 *
 * <p>Linux with glibc only; elsewhere, or with the environment variable {@code LAB_MALLOC_TUNE=0}
 * (inherited by a sweep's trainers) or {@code -Dlab.malloc.tune=false}, nothing changes.
 */
final class NativeMemory {
    /** mallopt parameters, from glibc's malloc.h. */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's ceiling for M_MMAP_THRESHOLD on 64-bit (HEAP_MAX_SIZE / 2). */
    private static final int MMAP_THRESHOLD = 32 << 20;
    private static final int TRIM_THRESHOLD = Integer.MAX_VALUE;
    /** One arena heap's size (HEAP_MAX_SIZE on 64-bit): enough slack that no heap is ever let go. */
    private static final int TOP_PAD = 64 << 20;

    private interface CLibrary extends Library {
        int mallopt(int param, int value);
    }

    private NativeMemory() {}

    /** True when all three settings were accepted. */
    static boolean tune() {
        if ("0".equals(System.getenv("LAB_MALLOC_TUNE"))
                || !"true".equals(System.getProperty("lab.malloc.tune", "true"))
                || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            return c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    & c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                    & c.mallopt(M_TOP_PAD, TOP_PAD) == 1;
        } catch (LinkageError | RuntimeException e) {
            return false; // not glibc (musl has no mallopt), or no JNA: keep the defaults
        }
    }
}
