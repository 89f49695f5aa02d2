package lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.util.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lab` maps errors through lab.util.Cli, the same class the corpus CLI tests use. */
class LabErrorMappingTest {
    private record Run(int code, String err) {}

    private static synchronized Run lab(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(Lab.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void badInputIsOneLineAndExit2AndStacktraceAddsTheTrace(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("folder"));
        var plain = lab("tokenize", "--corpus", tmp.toString(), "--input", folder.toString());
        assertEquals(ExitCodes.USAGE, plain.code(), plain.err());
        assertEquals(1, plain.err().strip().lines().count(), plain.err());
        assertFalse(plain.err().contains("\tat "), plain.err());

        var traced = lab("corpus", "stats", tmp.resolve("none").toString(), "--stacktrace");
        assertEquals(ExitCodes.USAGE, traced.code(), traced.err());
        assertTrue(traced.err().contains("\tat ") && traced.err().strip().endsWith("(no manifest.json): "
                + tmp.resolve("none")), traced.err());
    }

    @Test
    void unknownOptionIsExit2WithAHint() {
        var r = lab("corpus", "list", "--frobnicate");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("lab: ") && r.err().contains("lab corpus list --help"), r.err());
    }
}
