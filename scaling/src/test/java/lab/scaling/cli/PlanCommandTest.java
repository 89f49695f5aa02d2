package lab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import lab.scaling.fit.Synthetic;
import lab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
    @Test
    void ruleJsonForSevenBillion() {
        var r = CliCapture.run("plan", "--params", "7e9", "--json");
        assertEquals(0, r.exitCode(), r.err());
        var j = FitCommandTest.readJson(r.out());
        assertEquals(7e9, j.get("params").asDouble(), 0);
        assertEquals(1.4e11, j.get("tokens").asDouble(), 0);
        assertEquals(5.88e21, j.get("flops").asDouble(), 1e9);
        assertEquals(20, j.get("tokens_per_param").asDouble(), 1e-9);
        assertTrue(j.has("loss"));
    }

    @Test
    void inferenceAndDataConstrainedObjects() {
        var r = CliCapture.run("plan", "--flops", "1e22", "--method", "epoch", "--inference-tokens", "1e13",
                "--unique-tokens", "5e10", "--json");
        assertEquals(0, r.exitCode(), r.err());
        var j = FitCommandTest.readJson(r.out());
        assertTrue(j.get("inference").get("params").asLong() < j.get("params").asLong());
        assertTrue(j.get("inference").get("saving_fraction").asDouble() > 0);
        assertTrue(j.get("data_constrained").get("epochs").asDouble() > 1);
        assertTrue(j.get("data_constrained").get("loss_penalty").asDouble() > 0);
    }

    @Test
    void tablePrintsOneRowPerSize() {
        var r = CliCapture.run("plan", "--table");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1 + 9, r.out().strip().split("\n").length, r.out());
        assertTrue(r.out().contains("1.92e+19"), r.out());
    }

    @Test
    void publishedLawsWarnBeyondTheChinchillaRange() {
        var inside = CliCapture.run("plan", "--flops", "1e22", "--method", "hoffmann", "--json");
        assertEquals(0, inside.exitCode(), inside.err());
        assertEquals(0, FitCommandTest.readJson(inside.out()).get("warnings").size());
        assertTrue(inside.err().isEmpty(), inside.err());

        var beyond = CliCapture.run("plan", "--flops", "1e25", "--method", "epoch", "--json");
        assertEquals(0, beyond.exitCode(), beyond.err());
        var warnings = FitCommandTest.readJson(beyond.out()).get("warnings");
        assertTrue(warnings.size() >= 1 && warnings.get(0).asText().contains("1.00e+25 FLOPs is beyond"), warnings.toString());
        assertTrue(beyond.err().contains("warning: 1.00e+25 FLOPs"), beyond.err());

        var big = CliCapture.run("plan", "--params", "7e10", "--method", "hoffmann");
        assertTrue(big.err().contains("7.00e+10 params is beyond"), big.err());
    }

    @Test
    void fitFileWarnsMoreThanTenTimesBeyondItsLargestRun(@TempDir Path dir) {
        var runs = Synthetic.isoFlopGrid(Synthetic.LAW, 4, 3, 5, 8, 0.0, 1);   // largest budget 2.7e19
        Synthetic.writeSweep(dir.resolve("sweep"), runs);
        Path fit = dir.resolve("fit.json");
        var r = CliCapture.run("fit", "--input", dir.resolve("sweep").toString(), "--approach", "2", "--out", fit.toString());
        assertEquals(0, r.exitCode(), r.err());
        double maxFlops = Json.read(fit).get("fitted_range").get("max_flops").asDouble();
        assertEquals(runs.stream().mapToDouble(lab.scaling.fit.Run::flops).max().orElseThrow(), maxFlops, 0);

        var near = CliCapture.run("plan", "--method", "fit:" + fit, "--flops", String.valueOf(9 * maxFlops), "--json");
        assertEquals(0, near.exitCode(), near.err());
        assertEquals(0, FitCommandTest.readJson(near.out()).get("warnings").size(), near.out());
        var far = CliCapture.run("plan", "--method", "fit:" + fit, "--flops", String.valueOf(11 * maxFlops), "--json");
        assertEquals(0, far.exitCode(), far.err());
        var warnings = FitCommandTest.readJson(far.out()).get("warnings");
        assertTrue(warnings.toString().contains("more than 10x beyond the largest budget"), warnings.toString());
        assertTrue(far.err().contains("warning:"), far.err());

        var nonEmbedding = dir.resolve("fit-ne.json");
        assertEquals(0, CliCapture.run("fit", "--input", dir.resolve("sweep").toString(), "--approach", "2",
                "--params-convention", "non-embedding", "--out", nonEmbedding.toString()).exitCode());
        var caveat = CliCapture.run("plan", "--method", "fit:" + nonEmbedding, "--flops", "1e19", "--json");
        assertTrue(caveat.err().contains("counts params as non-embedding and flops as 6n"), caveat.err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, CliCapture.run("plan").exitCode());
        assertEquals(2, CliCapture.run("plan", "--flops", "1e20", "--params", "1e9").exitCode());
        var bad = CliCapture.run("plan", "--flops", "1e20", "--method", "kaplan");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--method"), bad.err());
        var noLaw = CliCapture.run("plan", "--flops", "1e20", "--inference-tokens", "1e12");
        assertEquals(2, noLaw.exitCode());
        assertTrue(noLaw.err().contains("needs a loss law"), noLaw.err());
        assertEquals(2, CliCapture.run("plan", "--flops", "1e20", "--method", "fit:/nonexistent/fit.json").exitCode());
    }
}
