package lab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lab.trainer.engine.EngineSetup;
import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void versionNamesTheLabDjlPytorchMklAndJava() {
        var r = CliCapture.run("--version");
        assertEquals(0, r.exitCode(), r.err());
        var lines = r.out().strip().lines().toList();
        assertEquals(List.of("lab", "DJL", "PyTorch", "MKL", "Java"),
                lines.stream().map(l -> l.split(" ")[0]).toList(), r.out());
        assertEquals("MKL " + EngineSetup.mklKernels(), lines.get(3));
        assertEquals("DJL " + ai.djl.engine.Engine.getDjlVersion(), lines.get(1));
    }
}
