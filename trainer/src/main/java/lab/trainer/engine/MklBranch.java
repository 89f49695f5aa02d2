package lab.trainer.engine;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which code path oneMKL chose, asked of the MKL inside the loaded libtorch: its conditional
 * numerical reproducibility "auto branch", the instruction set its kernels target. The codes are
 * MKL's MKL_CBWR_* constants (mkl_cbwr.h); 2 (MKL_CBWR_AUTO) is what it reports on a processor it
 * does not dispatch by instruction set, such as an AMD one without the shim.
 */
final class MklBranch {
    private MklBranch() {}

    /** "AVX2", "AVX-512", ... , "non-Intel path", or "unknown (why)". Call after the engine has loaded. */
    static String observe() {
        Path libtorch = mappedLibrary("libtorch_cpu.so");
        if (libtorch == null) {
            return "unknown (libtorch_cpu.so is not loaded)";
        }
        try {
            var lib = NativeLibrary.getInstance(libtorch.toString());
            return name(lib.getFunction("mkl_serv_cbwr_get_auto_branch").invokeInt(new Object[0]));
        } catch (UnsatisfiedLinkError e) {
            return "unknown (this libtorch's MKL does not export mkl_serv_cbwr_get_auto_branch)";
        }
    }

    static String name(int branch) {
        return switch (branch) {
            case 2 -> "non-Intel path";
            case 3 -> "compatible";
            case 4 -> "SSE2";
            case 6 -> "SSSE3";
            case 7 -> "SSE4.1";
            case 8 -> "SSE4.2";
            case 9 -> "AVX";
            case 10 -> "AVX2";
            case 12 -> "AVX-512";
            case 14 -> "AVX-512 E1";
            default -> "branch " + branch;
        };
    }

    /** The path of a shared library this process has mapped, from /proc/self/maps, or null. */
    private static Path mappedLibrary(String fileName) {
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(f -> f.endsWith("/" + fileName)).findFirst().map(Path::of).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
