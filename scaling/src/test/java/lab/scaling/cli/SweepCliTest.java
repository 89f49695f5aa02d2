package lab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import lab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep commands through the real CLI parser: output, exit codes, one-line errors. */
class SweepCliTest {
    static CliCapture lab(String... args) {
        return CliCapture.run(args);
    }

    @Test
    void planPrintsTheGridAndJson() throws Exception {
        var text = lab("sweep", "plan", "smoke");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("C3e11-d48-s0"), text.out());
        assertTrue(text.out().contains("total: 6 cells"), text.out());
        var json = lab("sweep", "plan", "smoke", "--json");
        var node = Json.MAPPER.readTree(json.out());
        assertEquals(6, node.get("cells").size());
        for (var c : node.get("cells")) {
            assertTrue(c.get("flops").asDouble() > 0 && c.get("params").asLong() > 0 && c.get("tokens").asLong() > 0
                    && c.get("steps").asLong() > 0);
        }
        assertTrue(node.get("total_estimated_seconds").asDouble() > 0);
    }

    @Test
    void badSpecsFailWithOneLineNamingTheField(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("bad.yaml");
        Files.writeString(spec, "budgets: [1e11]\nsizes: {count: 0}\nfamily: {vocab_size: 128}\n");
        var r = lab("sweep", "plan", spec.toString());
        assertEquals(2, r.exitCode());
        assertEquals("lab: sweep spec sizes.count: must be within [1, 64], got 0", r.err().strip());
        var missing = lab("sweep", "plan", "no-such-preset");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("lab: sweep spec 'no-such-preset': no such file or preset (presets: "),
                missing.err());
        var notSweep = lab("sweep", "status", tmp.toString());
        assertEquals(2, notSweep.exitCode());
        assertTrue(notSweep.err().contains("not a sweep folder"), notSweep.err());
        var badExecutor = lab("sweep", "run", "smoke", "--out", tmp.resolve("s").toString(), "--executor", "cloud");
        assertEquals(2, badExecutor.exitCode());
        assertEquals("lab: --executor: expected local or slurm, got 'cloud'", badExecutor.err().strip());
    }
}
