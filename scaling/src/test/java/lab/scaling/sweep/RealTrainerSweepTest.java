package lab.scaling.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lab.cli.Lab;
import lab.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smoke sweep end to end with the real trainer: run, rerun (nothing retrained), status, report. */
@Tag("slow")
class RealTrainerSweepTest {
    @Test
    void smokeSweepRunsResumesAndReports(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("smoke");
        String trainer = SweepTestSupport.java() + " -cp " + SweepTestSupport.classPath() + " lab.cli.Lab";
        assertEquals(0, Lab.execute("sweep", "run", "smoke", "--out", out.toString(), "--trainer", trainer),
                () -> SweepTestSupport.read(out.resolve("runs.jsonl")));
        var index = SweepIndex.open(out);
        assertEquals(Map.of("done", 6), SweepStatus.counts(SweepStatus.of(index)));
        for (Cell c : index.cells()) {
            var r = index.result(c);
            assertEquals(c.params(), r.get("params").asLong(), c.id() + ": the trainer built the planned shape");
            assertEquals(c.steps(), r.get("steps").asLong(), c.id());
            assertEquals(c.flops(), r.get("flops").asDouble(), 1e-6 * c.flops(), c.id());
            double loss = r.get("final_val_loss").asDouble();
            assertTrue(loss > 0 && loss < Math.log(128), c.id() + " learned something: " + loss);
        }
        long events = index.events().size();
        assertEquals(0, Lab.execute("sweep", "run", "smoke", "--out", out.toString(), "--trainer", trainer));
        assertEquals(events, SweepIndex.open(out).events().size(), "a finished sweep is not run again");
        assertEquals(0, Lab.execute("report", out.toString(), "--bootstrap", "20"));
        assertTrue(Files.size(out.resolve("report/index.html")) > 10_000);
        assertTrue(Json.read(out.resolve("report/fit.json")).has("approach2"));
    }
}
