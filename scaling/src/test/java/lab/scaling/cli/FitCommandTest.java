package lab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import lab.scaling.fit.ChinchillaData;
import lab.scaling.fit.Synthetic;
import lab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
    @Test
    void csvWithoutLossColumnIsAUsageErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "params,tokens\n1e8,2e9\n");
        var r = CliCapture.run("fit", "--input", csv.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("bad.csv") && r.err().contains("missing column(s) loss"), r.err());
    }

    @Test
    void nonPositiveValueNamesTheRow(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("neg.csv");
        Files.writeString(csv, "params,tokens,loss\n1e8,2e9,3.1\n2e8,1e9,-1\n");
        var r = CliCapture.run("fit", "--input", csv.toString(), "--approach", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("neg.csv row 3") && r.err().contains("loss must be positive"), r.err());
    }

    @Test
    void nonUtf8CsvIsAUsageErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("latin1.csv");
        // "é" in ISO-8859-1 is the lone byte 0xE9, which is not valid UTF-8
        Files.write(csv, "params,tokens,loss,note\n1e8,2e9,3.1,caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        var r = CliCapture.run("fit", "--input", csv.toString(), "--approach", "3");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("latin1.csv") && r.err().contains("not UTF-8"), r.err());
    }

    @Test
    void approach2WithACurveOfTooFewSizesIsStrictAloneAndLenientUnderAll(@TempDir Path dir) throws Exception {
        var csv = new StringBuilder("params,tokens,loss,flops\n");
        for (var run : Synthetic.isoFlopGrid(Synthetic.LAW, 4, 3, 5, 8, 0.003, 5)) {
            csv.append(run.params()).append(',').append(run.tokens()).append(',').append(run.loss()).append(',')
                    .append(run.flops()).append('\n');
        }
        csv.append("1000,1000000,5.0,3e15\n");   // a budget with one size
        Path file = dir.resolve("grid.csv");
        Files.writeString(file, csv);
        var strict = CliCapture.run("fit", "--input", file.toString(), "--approach", "2");
        assertEquals(2, strict.exitCode(), strict.err());
        assertTrue(strict.err().contains("IsoFLOP curve at 3.00e+15 FLOPs has 1 model size"), strict.err());
        var lenient = CliCapture.run("fit", "--input", file.toString(), "--approach", "all", "--json");
        assertEquals(0, lenient.exitCode(), lenient.err());
        var json = readJson(lenient.out());
        assertEquals(4, json.get("approach2").get("budgets").size());
        assertTrue(json.get("approach2").get("warnings").toString().contains("3.00e+15"), json.get("approach2").toString());
        var help = CliCapture.run("fit", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("With all, an approach that cannot run is skipped"), help.out());
    }

    @Test
    void tooFewPointsIsAUsageError(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("few.csv");
        Files.writeString(csv, "params,tokens,loss\n1e8,2e9,3.1\n2e8,1e9,3.0\n");
        var r = CliCapture.run("fit", "--input", csv.toString(), "--approach", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("at least 6 runs"), r.err());
    }

    @Test
    void approach2OnNonIsoFlopDataNamesTheBudget() {
        var r = CliCapture.run("fit", "--input", ChinchillaData.approach3Points().toString(), "--approach", "2");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("IsoFLOP curve at") && r.err().contains("FLOPs"), r.err());
    }

    @Test
    void sweepFitWritesJsonThatThePlannerReads(@TempDir Path dir) {
        var runs = Synthetic.isoFlopGrid(Synthetic.LAW, 5, 3, 7, 12, 0.003, 3);
        Synthetic.writeSweep(dir.resolve("sweep"), runs);
        Path fit = dir.resolve("fit.json");
        var r = CliCapture.run("fit", "--input", dir.resolve("sweep").toString(), "--out", fit.toString(),
                "--budgets", "1e21", "--bootstrap", "20", "--seed", "4", "--json");
        assertEquals(0, r.exitCode(), r.err());
        var printed = readJson(r.out());
        var written = Json.read(fit);
        assertEquals(written.get("approach3").get("a").asDouble(), printed.get("approach3").get("a").asDouble(), 0);
        var budgets = written.get("approach2").get("budgets");
        assertEquals(5, budgets.size());
        for (String key : new String[] {"flops", "n_opt", "d_opt", "loss_min"}) {
            assertTrue(budgets.get(0).get(key).isNumber(), key);
        }
        for (String key : new String[] {"E", "A", "B", "alpha", "beta", "a", "b", "G", "objective", "n_points"}) {
            assertTrue(written.get("approach3").get(key).isNumber(), key);
        }
        assertTrue(written.get("approach3").get("ci").get("alpha").get("lo").isNumber());

        var plan = CliCapture.run("plan", "--method", "fit:" + fit, "--flops", "1e21", "--json");
        assertEquals(0, plan.exitCode(), plan.err());
        var p = readJson(plan.out());
        double nOpt = written.get("approach3").get("predictions").get(0).get("n_opt").asDouble();
        assertEquals(nOpt, p.get("params").asDouble(), 1e-6 * nOpt);
        assertTrue(p.get("loss").isNumber());
    }

    @Test
    void textOutputReportsTimingAndWarnings(@TempDir Path dir) {
        var runs = Synthetic.isoFlopGrid(Synthetic.LAW, 4, 3, 5, 8, 0.003, 5);
        Synthetic.writeSweep(dir.resolve("sweep"), runs);
        var r = CliCapture.run("fit", "--input", dir.resolve("sweep").toString(), "--approach", "all",
                "--budgets", "1e25", "--params-convention", "non-embedding");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("params convention non-embedding"), r.out());
        assertTrue(r.out().contains("fit took"), r.out());
        assertTrue(r.out().contains("warning: budget 1.00e+25 FLOPs"), r.out());
    }

    static com.fasterxml.jackson.databind.JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
