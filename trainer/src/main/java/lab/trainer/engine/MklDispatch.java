package lab.trainer.engine;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lets oneMKL run its AVX2 matrix kernels on AMD processors.
 *
 * <p>The MKL inside libtorch picks its kernels by vendor: on an AMD processor it runs a "zen"
 * sgemm path that zeroes and packs its operands in separate passes. perf on this machine (AMD EPYC,
 * AVX2 and FMA, 2 cores) put 55% of a 1M-parameter step in {@code sgemm_kernel_0_zen}, 11.5% in
 * packing copies and 4.5% in zeroing. Answering MKL's vendor question with "Intel" (the shim in
 * mkl_dispatch.c) selects {@code mkl_blas_avx2_sgemm_kernel_0_b0} instead. {@code lab bench} with
 * LAB_MKL_DISPATCH=0 and without, alternately, two of each: 1M MFU 0.595 and 0.592 before, 0.623
 * and 0.623 after; 10M 0.839 and 0.834 before, 0.858 and 0.855 after; the 1024 x 1024 peak the MFU
 * divides by unchanged (181-182 GFLOP/s).
 *
 * <p>Applies on Linux x86-64 with an AMD processor that has AVX2 and FMA, when a C compiler
 * ({@code $CC}, else {@code cc}) is on the PATH: the shim is compiled once into ~/.cache/lab/native (or the folder
 * {@code -Dlab.native.dir} names; the tests use target/native) and loaded with
 * RTLD_GLOBAL before the engine loads libtorch, whose calls then find it first. Anywhere else, or
 * with {@code LAB_MKL_DISPATCH=0} or {@code -Dlab.mkl.dispatch=false}, nothing changes, and
 * {@link #apply()} says why.
 */
final class MklDispatch {
    /** dlopen flags from glibc's dlfcn.h: resolve now, and make the symbols visible to later libraries. */
    private static final int RTLD_NOW_GLOBAL = 0x2 | 0x100;
    private static final String SOURCE = "mkl_dispatch.c";

    /** Whether the shim is loaded, and what that means, for manifests and `lab bench`. */
    record Outcome(boolean applied, String detail) {}

    private static NativeLibrary loaded; // held for the life of the process

    private MklDispatch() {}

    static Outcome apply() {
        if ("0".equals(System.getenv("LAB_MKL_DISPATCH"))
                || !"true".equals(System.getProperty("lab.mkl.dispatch", "true"))) {
            return new Outcome(false, "MKL's default kernels (turned off by LAB_MKL_DISPATCH=0 or lab.mkl.dispatch)");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Outcome(false, "MKL's default kernels (not Linux x86-64)");
        }
        String cpuinfo;
        try {
            cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return new Outcome(false, "MKL's default kernels (cannot read /proc/cpuinfo)");
        }
        String unsuitable = unsuitable(cpuinfo);
        if (unsuitable != null) {
            return new Outcome(false, "MKL's default kernels (" + unsuitable + ")");
        }
        Path dir = Path.of(System.getProperty("lab.native.dir",
                Path.of(System.getProperty("user.home"), ".cache", "lab", "native").toString()));
        try {
            String cc = System.getenv("CC");
            Path library = compile(dir, cc == null || cc.isBlank() ? "cc" : cc.trim());
            loaded = NativeLibrary.getInstance(library.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW_GLOBAL));
            return new Outcome(true, "MKL's AVX2 kernels on an AMD processor (" + library.getFileName() + ")");
        } catch (IOException | RuntimeException | LinkageError e) {
            return new Outcome(false, "MKL's default kernels on an AMD processor, slower: " + e.getMessage());
        }
    }

    /** Why the shim must not load on the processor /proc/cpuinfo describes, or null when it may. */
    static String unsuitable(String cpuinfo) {
        String vendor = field(cpuinfo, "vendor_id");
        if (!"AuthenticAMD".equals(vendor)) {
            return vendor == null ? "processor vendor unknown" : vendor + " processor";
        }
        var flags = Arrays.asList(String.valueOf(field(cpuinfo, "flags")).split("\\s+"));
        if (!flags.contains("avx2") || !flags.contains("fma")) {
            return "AMD processor without AVX2 and FMA";
        }
        return null;
    }

    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /**
     * The shim compiled into {@code dir} by {@code compiler} (a C compiler's command, no arguments),
     * named after its source's content so an edited source builds anew; built beside and renamed
     * into place, so concurrent trainers never load half a file.
     */
    static Path compile(Path dir, String compiler) throws IOException {
        byte[] source;
        try (InputStream in = MklDispatch.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + SOURCE);
            }
            source = in.readAllBytes();
        }
        String key = Integer.toHexString(Arrays.hashCode(source));
        Path library = dir.resolve("libmkl_dispatch-" + key + ".so");
        if (Files.isRegularFile(library)) {
            return library;
        }
        Files.createDirectories(dir);
        Path src = Files.createTempFile(dir, "mkl_dispatch-", ".c");
        Path tmp = Files.createTempFile(dir, ".libmkl_dispatch-", ".so");
        try {
            Files.write(src, source);
            Process p;
            try {
                p = new ProcessBuilder(compiler, "-O2", "-shared", "-fPIC", "-o", tmp.toString(), src.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IOException("no C compiler '" + compiler + "' to build the shim (set CC or install gcc)", e);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(compiler + " took over 60 s to build the MKL shim");
            }
            if (p.exitValue() != 0) { // the diagnostics of a two-line source fit in the pipe's buffer
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                throw new IOException(compiler + " failed to build the MKL shim (exit " + p.exitValue() + ")"
                        + output.lines().findFirst().map(l -> ": " + l).orElse(""));
            }
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return library;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the MKL shim", e);
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(tmp);
        }
    }
}
