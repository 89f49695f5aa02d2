package lab.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MklDispatchTest {
    private static final String AMD = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n"
            + "flags\t\t: fpu sse2 avx fma avx2 bmi2\n\nprocessor\t: 1\nvendor_id\t: AuthenticAMD\n";

    @Test
    void onlyAnAmdProcessorWithAvx2AndFmaTakesTheShim() {
        assertNull(MklDispatch.unsuitable(AMD));
        assertEquals("GenuineIntel processor", MklDispatch.unsuitable(AMD.replace("AuthenticAMD", "GenuineIntel")));
        assertEquals("AMD processor without AVX2 and FMA", MklDispatch.unsuitable(AMD.replace(" avx2", "")));
        assertEquals("AMD processor without AVX2 and FMA", MklDispatch.unsuitable(AMD.replace(" fma", "")));
        assertEquals("processor vendor unknown", MklDispatch.unsuitable("processor\t: 0\n"));
    }

    @Test
    void theShimIsBuiltOnceAndAnswersIntel(@TempDir Path dir) throws Exception {
        Path library = MklDispatch.compile(dir, "cc");
        long built = Files.getLastModifiedTime(library).toMillis();
        assertEquals(library, MklDispatch.compile(dir, "cc"), "a second call reuses the built library");
        assertEquals(built, Files.getLastModifiedTime(library).toMillis());
        Path quiet = MklDispatch.compile(dir, " cc  -w ");
        assertNotEquals(library, quiet, "another command line builds its own library");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary source, log or object left behind");
        }
        int local = 0x1; // RTLD_LAZY without RTLD_GLOBAL: this copy must not answer for the process
        var lib = NativeLibrary.getInstance(quiet.toString(), Map.of(Library.OPTION_OPEN_FLAGS, local));
        assertEquals(1, lib.getFunction("mkl_serv_intel_cpu_true").invokeInt(new Object[0]));
    }

    @Test
    void trainersBuildingAtOnceGetOneWholeLibrary(@TempDir Path dir) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var builds = new java.util.ArrayList<java.util.concurrent.Future<Path>>();
            for (int i = 0; i < 4; i++) {
                builds.add(pool.submit(() -> MklDispatch.compile(dir, "cc")));
            }
            Path first = builds.get(0).get();
            for (var b : builds) {
                assertEquals(first, b.get());
            }
        } finally {
            pool.shutdownNow();
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "one library, no temporary files");
        }
        Path built = MklDispatch.compile(dir, "cc");
        var lib = NativeLibrary.getInstance(built.toString(), Map.of(Library.OPTION_OPEN_FLAGS, 0x1)); // RTLD_LAZY, local
        assertEquals(1, lib.getFunction("mkl_serv_intel_cpu_true").invokeInt(new Object[0]));
    }

    @Test
    void withoutAWorkingCompilerItSaysWhyAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        var missing = assertThrows(IOException.class, () -> MklDispatch.compile(dir, "/nonexistent/cc"));
        assertEquals("no C compiler '/nonexistent/cc' to build the shim (set CC or install gcc)", missing.getMessage());
        var failing = assertThrows(IOException.class, () -> MklDispatch.compile(dir, "false"));
        assertEquals("false failed to build the MKL shim (exit 1)", failing.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no temporary source, log or half-built library left behind");
        }
    }

    /** MKL itself, inside the loaded libtorch, reports an Intel instruction-set branch exactly when it should. */
    @Test
    void mklTakesTheIntelPathWhenTheShimIsLoaded() throws Exception {
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        boolean amd = cpuinfo.contains("AuthenticAMD");
        boolean switchedOff = "0".equals(System.getenv("LAB_MKL_DISPATCH"));
        assertEquals(MklDispatch.unsuitable(cpuinfo) == null && !switchedOff, EngineSetup.mklShim(),
                EngineSetup.mklKernels());
        String branch = EngineSetup.mklBranch();
        assertFalse(branch.startsWith("unknown"), branch);
        assertEquals(amd && !EngineSetup.mklShim(), branch.equals("non-Intel path"), EngineSetup.mklKernels());
        if (EngineSetup.mklShim()) {
            assertTrue(EngineSetup.mklKernels().startsWith("AVX"), EngineSetup.mklKernels());
        }
    }
}
