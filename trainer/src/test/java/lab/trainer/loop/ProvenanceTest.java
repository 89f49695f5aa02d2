package lab.trainer.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lab.util.Json;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    @Test
    void aResumeNamesWhatChangesTheArithmetic() {
        var before = Json.object().put("device", "cpu()").put("threads", 2).put("mkl_branch", "non-Intel path")
                .put("git_commit", "abc").put("seed", 1);
        var now = before.deepCopy().put("threads", 1).put("mkl_branch", "AVX2").put("git_commit", "def");
        assertEquals(List.of("threads 2 -> 1", "mkl_branch non-Intel path -> AVX2"), Provenance.numericChanges(before, now));
        assertEquals(List.of(), Provenance.numericChanges(before, before.deepCopy()));
        assertEquals(List.of(), Provenance.numericChanges(Json.object().put("seed", 1), now), "older manifests lack the keys");
    }
}
