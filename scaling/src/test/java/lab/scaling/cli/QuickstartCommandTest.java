package lab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lab.scaling.sweep.SweepTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's flow (sweep, report, summary) on a synthetic spec with the fake trainer. */
class QuickstartCommandTest {
    @Test
    void runsTheSweepWritesTheReportAndPrintsTheSummary(@TempDir Path tmp) throws Exception {
        Path spec = SweepTestSupport.writeSpec(tmp, SweepTestSupport.TINY_SPEC.replace("count: 3", "count: 4")
                .replace("span: 6", "span: 12"));
        Path out = tmp.resolve("quick");
        var r = CliCapture.run("quickstart", "--spec", spec.toString(), "--out", out.toString(), "--bootstrap", "20",
                "--trainer", SweepTestSupport.fakeTrainer(Map.of("seconds", "0.1")));
        assertEquals(0, r.exitCode(), () -> r.err() + r.out() + SweepTestSupport.read(out.resolve("runs.jsonl")));
        assertTrue(r.out().contains("quickstart 2/3: sweep tiny"), r.out());
        assertTrue(r.out().contains("approach2: N_opt ∝ C^a with a = "), r.out());
        assertTrue(r.out().contains("report: " + out.resolve("report/index.html").toAbsolutePath()), r.out());
        assertTrue(Files.isRegularFile(out.resolve("report/fit.json")));
    }
}
