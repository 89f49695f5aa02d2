package lab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import lab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitReportTest {
    private static final List<Run> RUNS = Synthetic.isoFlopGrid(Synthetic.LAW, 6, 3, 7, 12, 0.004, 11);

    @Test
    void writesFitJsonWithIntervalsDiagnosticsAndPlots(@TempDir Path dir) {
        Synthetic.writeSweep(dir.resolve("sweep"), RUNS);
        var input = FitInput.read(dir.resolve("sweep"), ParamsConvention.TOTAL);
        var options = new FitReport.Options(Set.of(1, 2, 3), false, Approach3.Settings.DEFAULT, 40, 5, 0.8,
                List.of(1e21, 1e24));
        var report = FitReport.compute(input, options);
        report.write(dir.resolve("out"), true);
        var json = Json.read(dir.resolve("out/fit.json"));

        var a3 = json.get("approach3");
        assertTrue(a3.get("alpha").isNumber());
        assertEquals(Synthetic.LAW.a(), a3.get("a").asDouble(), 0.03);
        var ciA = a3.get("ci").get("a");
        assertTrue(ciA.get("lo").asDouble() <= a3.get("a").asDouble() + 1e-9 && a3.get("a").asDouble() - 1e-9 <= ciA.get("hi").asDouble(),
                "the point estimate lies inside its 80% interval: " + ciA);
        var ciN = a3.get("ci").get("predictions").get(0).get("n_opt");
        assertTrue(ciN.get("lo").asDouble() < ciN.get("hi").asDouble());

        var a2 = json.get("approach2");
        assertEquals(6, a2.get("budgets").size());
        assertTrue(a2.get("budgets").get(0).get("n_opt").isNumber());
        assertTrue(a2.get("ci").has("b"));
        assertTrue(json.get("approach1").get("a").isNumber());

        assertEquals("6n", json.get("input").get("flops_convention").asText());
        assertEquals("total", json.get("input").get("params_convention").asText());
        var range = json.get("fitted_range");
        assertEquals(RUNS.stream().mapToDouble(Run::flops).max().orElseThrow(), range.get("max_flops").asDouble(), 0);
        assertEquals(RUNS.stream().mapToDouble(Run::flops).min().orElseThrow(), range.get("min_flops").asDouble(), 0);
        assertEquals(RUNS.stream().mapToLong(Run::params).max().orElseThrow(), range.get("max_params").asLong());

        var diag = json.get("diagnostics");
        assertEquals("total", diag.get("params_convention").asText());
        assertEquals(RUNS.size(), diag.get("residuals").get("points").size());
        assertTrue(diag.get("held_out").get("rms_log_error").asDouble() < 0.02, diag.get("held_out").toString());
        var held = diag.get("held_out");
        assertEquals(7, held.get("runs").asInt());
        double observed = held.get("n_opt_observed").asDouble();
        // refitted without the largest budget, both approaches predict its optimum within 25%
        assertEquals(observed, held.get("n_opt_approach3").asDouble(), 0.25 * observed);
        assertEquals(observed, held.get("n_opt_approach2").asDouble(), 0.25 * observed);
        assertTrue(diag.get("warnings").toString().contains("1.00e+24"), "1e24 is >10x beyond the data");
        assertFalse(diag.get("warnings").toString().contains("1.00e+21 FLOPs is"), "1e21 is within 10x");

        for (String name : List.of("isoflop", "frontier_params", "frontier_tokens", "isoloss", "residuals")) {
            assertTrue(Files.exists(dir.resolve("out/plots/" + name + ".png")), name);
            assertTrue(Files.exists(dir.resolve("out/plots/" + name + ".svg")), name);
        }
    }

    @Test
    void bootstrapIsReproducibleForOneSeed() {
        var input = new FitInput(RUNS, Path.of("synthetic"), ParamsConvention.TOTAL, List.of());
        var options = new FitReport.Options(Set.of(2), true, Approach3.Settings.DEFAULT, 50, 9, 0.95, List.of(1e20));
        var first = FitReport.compute(input, options).bootstrap().intervals().get("approach2.a");
        var second = FitReport.compute(input, options).bootstrap().intervals().get("approach2.a");
        assertEquals(first, second);
        assertTrue(first.lo() < first.hi());
    }
}
