package lab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
