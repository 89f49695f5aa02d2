package lab.trainer.engine;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.util.Sha256;

/**
 * Lets oneMKL take its Intel code path on AMD processors: AVX2 kernels on an AVX2 processor.
 *
 * <p>The MKL inside libtorch picks its kernels by vendor: on an AMD processor it runs a "zen"
 * sgemm path that zeroes and packs its operands in separate passes. perf on this machine (AMD EPYC,
 * AVX2 and FMA, 2 cores) put 55% of a 1M-parameter step in {@code sgemm_kernel_0_zen}, 11.5% in
 * packing copies and 4.5% in zeroing. Answering MKL's vendor question with "Intel" (the shim in
 * mkl_dispatch.c) selects {@code mkl_blas_avx2_sgemm_kernel_0_b0} instead. {@code lab bench} with
 * LAB_MKL_DISPATCH=0 and without, alternately, two of each: 1M MFU 0.595 and 0.592 before, 0.623
 * and 0.623 after; 10M 0.839 and 0.834 before, 0.858 and 0.855 after; the 1024 x 1024 peak the MFU
 * divides by unchanged (181-182 GFLOP/s). On a processor with AVX-512 (Zen 4 and later) MKL would
 * choose its AVX-512 kernels, which no one has measured here; {@link MklBranch} reports the branch
 * MKL actually took.
 *
 * <p>Applies on Linux x86-64 with an AMD processor that has AVX2 and FMA, when a C compiler
 * ({@code $CC}, else {@code cc}) is on the PATH: the shim is compiled once into ~/.cache/lab/native
 * (or LAB_NATIVE_DIR; the tests use target/native) and loaded with RTLD_GLOBAL before the engine
 * loads libtorch, whose calls to the function then find it first (they go through its procedure
 * linkage table). Anywhere else, or with {@code LAB_MKL_DISPATCH=0} or
 * {@code -Dlab.mkl.dispatch=false}, nothing changes, and {@link #apply()} says why.
 */
final class MklDispatch {
    /** dlopen flags from glibc's dlfcn.h: resolve now, and make the symbols visible to later libraries. */
    private static final int RTLD_NOW_GLOBAL = 0x2 | 0x100;
    private static final String SOURCE = "mkl_dispatch.c";

    /** Whether the shim is loaded, and why or why not, for manifests and `lab bench`. */
    record Outcome(boolean applied, String detail) {}

    private static NativeLibrary loaded; // held for the life of the process

    private MklDispatch() {}

    static Outcome apply() {
        if ("0".equals(System.getenv("LAB_MKL_DISPATCH"))
                || !"true".equals(System.getProperty("lab.mkl.dispatch", "true"))) {
            return new Outcome(false, "turned off by LAB_MKL_DISPATCH=0 or lab.mkl.dispatch");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Outcome(false, "not Linux x86-64");
        }
        String cpuinfo;
        try {
            cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return new Outcome(false, "cannot read /proc/cpuinfo");
        }
        String unsuitable = unsuitable(cpuinfo);
        if (unsuitable != null) {
            return new Outcome(false, unsuitable);
        }
        Path dir = nativeDir();
        String cc = System.getenv("CC");
        String compiler = cc == null || cc.isBlank() ? "cc" : cc.trim();
        try {
            Path library = compile(dir, compiler);
            try {
                loaded = load(library);
            } catch (LinkageError e) { // a damaged file in the cache: build it once more
                Files.deleteIfExists(library);
                loaded = load(compile(dir, compiler));
            }
            return new Outcome(true, "shim " + library.getFileName() + " loaded on an AMD processor");
        } catch (java.nio.file.FileSystemException e) { // not writable, read-only, full: e.getMessage() is a bare path
            return new Outcome(false, "cannot write " + dir + " (" + (e.getReason() == null ? e.getClass().getSimpleName()
                    : e.getReason()) + "; set LAB_NATIVE_DIR to a writable folder)");
        } catch (IOException | RuntimeException | LinkageError e) {
            return new Outcome(false, "AMD processor, shim not loaded: " + e.getMessage());
        }
    }

    /** LAB_NATIVE_DIR (environment, inherited by a sweep's trainers) or -Dlab.native.dir, else ~/.cache/lab/native. */
    private static Path nativeDir() {
        String dir = System.getProperty("lab.native.dir", System.getenv("LAB_NATIVE_DIR"));
        return dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "lab", "native");
    }

    private static NativeLibrary load(Path library) {
        return NativeLibrary.getInstance(library.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW_GLOBAL));
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
     * The shim compiled into {@code dir} by {@code compiler} (a command, split at spaces, such as
     * "cc" or "ccache gcc"), named after the digest of its source and command line so that a change
     * to either builds anew; built beside and renamed into place, so concurrent trainers never load
     * half a file.
     */
    static Path compile(Path dir, String compiler) throws IOException {
        byte[] source;
        try (InputStream in = MklDispatch.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + SOURCE);
            }
            source = in.readAllBytes();
        }
        var command = new ArrayList<>(List.of(compiler.trim().split("\\s+")));
        command.addAll(List.of("-O2", "-shared", "-fPIC"));
        var digest = Sha256.digest();
        digest.update(source);
        digest.update(String.join(" ", command).getBytes(StandardCharsets.UTF_8));
        Path library = dir.resolve("libmkl_dispatch-" + Sha256.hex(digest).substring(0, 16) + ".so");
        if (Files.isRegularFile(library)) {
            return library;
        }
        Files.createDirectories(dir);
        Path src = Files.createTempFile(dir, ".mkl_dispatch-", ".c");
        Path tmp = Files.createTempFile(dir, ".libmkl_dispatch-", ".so");
        Path log = Files.createTempFile(dir, ".mkl_dispatch-", ".log");
        try {
            Files.write(src, source);
            command.addAll(List.of("-o", tmp.toString(), src.toString()));
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IOException("no C compiler '" + compiler + "' to build the shim (set CC or install gcc)", e);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(compiler + " took over 30 s to build the MKL shim");
            }
            if (p.exitValue() != 0) {
                String first = Files.readAllLines(log).stream().findFirst().map(l -> ": " + l).orElse("");
                throw new IOException(compiler + " failed to build the MKL shim (exit " + p.exitValue() + ")" + first);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return library;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the MKL shim", e);
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(log);
        }
    }
}
