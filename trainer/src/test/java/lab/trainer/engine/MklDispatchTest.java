package lab.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary source or object left behind");
        }
        var lib = NativeLibrary.getInstance(library.toString());
        assertEquals(1, lib.getFunction("mkl_serv_intel_cpu_true").invokeInt(new Object[0]));
    }

    @Test
    void withoutAWorkingCompilerItSaysWhyAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        var missing = assertThrows(IOException.class, () -> MklDispatch.compile(dir, "/nonexistent/cc"));
        assertEquals("no C compiler '/nonexistent/cc' to build the shim (set CC or install gcc)", missing.getMessage());
        var failing = assertThrows(IOException.class, () -> MklDispatch.compile(dir, "false"));
        assertEquals("false failed to build the MKL shim (exit 1)", failing.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no temporary source or half-built library left behind");
        }
    }

    @Test
    void onASuitableProcessorTheWholeProcessSeesTheShim() throws Exception {
        String why = MklDispatch.unsuitable(Files.readString(Path.of("/proc/cpuinfo")));
        assertEquals(why == null, EngineSetup.mklShim(), EngineSetup.mklKernels());
        if (EngineSetup.mklShim()) { // libtorch binds its call to the first definition in the global scope
            var process = NativeLibrary.getProcess();
            assertEquals(1, process.getFunction("mkl_serv_intel_cpu_true").invokeInt(new Object[0]));
            assertTrue(EngineSetup.mklKernels().startsWith("MKL's AVX2 kernels"), EngineSetup.mklKernels());
        }
    }
}
