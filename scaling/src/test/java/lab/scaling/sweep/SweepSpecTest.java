package lab.scaling.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepSpecTest {
    static final String BASE = """
            budgets: [1e11, 3e11]
            sizes: {count: 3, span: 6, centre: tokens_per_param, tokens_per_param: 100}
            family: {vocab_size: 128, context: 64}
            corpus: synthetic
            trainer: {train.batch_size: 16}
            min_steps: 50
            """;

    static SweepSpec parse(String yaml) throws Exception {
        return SpecReader.parse(Json.YAML.readTree(yaml), "test", null);
    }

    static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> SweepPlan.of(parse(yaml))).getMessage();
    }

    @Test
    void readsTheSpecAndPlansTheGrid() throws Exception {
        var plan = SweepPlan.of(parse(BASE));
        assertEquals(6, plan.cells().size());
        for (Cell c : plan.cells()) {
            assertEquals(1024, c.tokensPerStep());
            assertEquals(c.steps() * 1024, c.tokens());
            assertEquals(6.0 * c.params() * c.tokens(), c.flops(), 1e-6 * c.flops());
            assertTrue(Math.abs(c.flops() / c.budget() - 1) < 0.01, c.id() + " FLOPs " + c.flops());
        }
        // centre N* = sqrt(C / (6 * 100)): at 1e11 that is 12,910; the middle size is the nearest shape (d32, 18,912).
        assertEquals(18_912, plan.cells().get(1).params());
        assertEquals("C1e11-d32-s0", plan.cells().get(1).id());
    }

    @Test
    void trainerKeysWithDigitsAreAccepted() throws Exception {
        var spec = parse(BASE.replace("train.batch_size: 16", "train.batch_size: 16, train.beta2: 0.99"));
        assertEquals("0.99", spec.trainer().get("train.beta2"));
    }

    @Test
    void budgetRangesAreLogSpaced() throws Exception {
        var spec = parse(BASE.replace("budgets: [1e11, 3e11]", "budgets: {from: 1e11, to: 1e13, per_decade: 2}"));
        assertEquals(List.of(1e11, 3.16e11, 1e12, 3.16e12, 1e13), spec.budgets());
    }

    @Test
    void centreFollowsTheRuleOfTwenty() throws Exception {
        // Hoffmann et al. 2022: D = 20 N and C = 6 N D give N = sqrt(C / 120); 1.2e13 FLOPs -> 316,228.
        var sizes = new SweepSpec.SizeGrid(1, 1, "rule", 20, null);
        assertEquals(Math.sqrt(1.2e13 / 120), SweepPlan.centreParams(sizes, 1.2e13), 1e-6);
    }

    @Test
    void centreFromAFit(@TempDir Path tmp) throws Exception {
        Path fit = tmp.resolve("fit.json");
        Files.writeString(fit, "{\"approach3\": {\"G\": 0.5, \"a\": 0.5}}");
        var sizes = new SweepSpec.SizeGrid(1, 1, "fit", 20, fit.toString());
        // N_opt = G (C/6)^a: 0.5 * sqrt(6e12 / 6) = 5e5
        assertEquals(5e5, SweepPlan.centreParams(sizes, 6e12), 1e-3);
    }

    @Test
    void errorsNameTheField() {
        assertEquals("sweep spec budgets[1]: must be positive, got -3.0E11", error(BASE.replace("3e11]", "-3e11]")));
        assertTrue(error(BASE.replace("count: 3", "count: 0")).startsWith("sweep spec sizes.count:"));
        assertTrue(error(BASE + "colour: red\n").startsWith("sweep spec colour: unknown key"));
        assertTrue(error(BASE.replace("span: 6", "span: 6, spread: 2")).startsWith("sweep spec sizes.spread: unknown key"));
        assertTrue(error(BASE.replace("train.batch_size: 16", "model.width: 64"))
                .startsWith("sweep spec trainer.model.width: is set by the sweep"));
        assertEquals("sweep spec trainer.train.lrr: unknown key 'train.lrr' (did you mean 'train.lr'?)",
                error(BASE.replace("train.batch_size: 16", "train.batch_size: 16, train.lrr: 0.01")));
        assertEquals("sweep spec trainer: train.schedule='cosin': expected cosine, wsd or constant",
                error(BASE.replace("train.batch_size: 16", "train.batch_size: 16, train.schedule: cosin")));
        assertEquals("sweep spec trainer: synthetic.branching=\"x\": expected a number",
                error(BASE.replace("train.batch_size: 16", "train.batch_size: 16, synthetic.branching: x")));
        assertTrue(error(BASE.replace("train.batch_size: 16", "train.batch_size: 16, synthetic.vocab: 300"))
                .startsWith("sweep spec trainer: model.vocab_size=128: smaller than the data's vocabulary 300"));
        assertTrue(error(BASE.replace("[1e11, 3e11]", "[1e11, 1e11]")).contains("budgets[1]: duplicates budgets[0]"));
        assertTrue(error(BASE.replace("[1e11, 3e11]", "[1e11, lots]")).startsWith("sweep spec budgets[1]: must be a number"));
        assertTrue(error(BASE.replace("vocab_size: 128, ", "")).startsWith("sweep spec family.vocab_size: required"));
        assertTrue(error(BASE.replace("[1e11, 3e11]", "[1e6]")).startsWith("sweep spec budgets: no budget yields"));
    }

    @Test
    void warnsAboutTinyBudgetsAndEpochs(@TempDir Path tmp) throws Exception {
        // A corpus of 100,000 unique training tokens: the 3e11 cells see several epochs.
        Path corpus = tmp.resolve("corpus");
        Files.createDirectories(corpus);
        Files.writeString(corpus.resolve("manifest.json"),
                "{\"vocab_size\": 128, \"bytes_per_token\": 1.0, \"token_dtype\": \"uint16\"}");
        var buf = ByteBuffer.allocate(200_000).order(ByteOrder.LITTLE_ENDIAN);
        Files.write(corpus.resolve("train.bin"), buf.array());
        Files.write(corpus.resolve("val.bin"), new byte[2_000]);
        var plan = SweepPlan.of(parse(BASE.replace("corpus: synthetic", "corpus: " + corpus)
                .replace("[1e11, 3e11]", "[3e9, 3e11]").replace("min_steps: 50", "min_steps: 5")));
        String all = String.join("\n", plan.warnings());
        assertTrue(all.contains("budget 3e9: the predicted optimum N=2236 is below the smallest shape (N=6384)"), all);
        assertTrue(all.matches("(?s).*budget 3e11: D exceeds the corpus's 100000 unique training tokens \\(up to \\d+\\.\\d epochs\\).*"), all);
    }

    @Test
    void presetsLoadAndPlan() {
        for (String preset : SpecReader.presetNames()) {
            var spec = SpecReader.load(preset);
            if (spec.corpus().equals("synthetic")) {
                assertTrue(SweepPlan.of(spec).cells().size() >= 3, preset);
            }
        }
        var smoke = SweepPlan.of(SpecReader.load("smoke"));
        assertEquals(2, smoke.spec().budgets().size());
        assertEquals(6, smoke.cells().size(), "smoke is 2 budgets x 3 sizes");
        JsonNode json = smoke.toJson();
        assertEquals(6, json.get("cells").size());
        assertTrue(json.get("cells").get(0).has("flops") && json.get("cells").get(0).has("steps"));
    }

    @Test
    void timeModelIsRecoveredFromWallTimes() {
        // seconds = 5 + steps * (0.007 + F / 40e9), exactly: the fit must return 40 GFLOP/s, 7 ms, 5 s.
        var rows = new java.util.ArrayList<double[]>();
        long[][] cells = {{2550, 6384}, {861, 18912}, {247, 65856}, {7649, 6384}, {2582, 18912}, {741, 65856}};
        for (long[] c : cells) {
            double perStep = 6.0 * c[1] * 1024;
            rows.add(new double[] {c[0], perStep, 5 + c[0] * (0.007 + perStep / 40e9)});
        }
        var t = ThroughputFit.fit(rows, "test");
        assertEquals(40, t.gflops(), 1e-6);
        assertEquals(7, t.stepOverheadMs(), 1e-6);
        assertEquals(5, t.startupSeconds(), 1e-6);
        // And the model's own prediction for a cell: 5 + 1000 * (0.007 + 6*6384*1024/40e9) seconds.
        assertEquals(5 + 1000 * (0.007 + 6.0 * 6384 * 1024 / 40e9), t.seconds(6.0 * 6384 * 1024, 1000), 1e-9);
    }

    @Test
    void flopsFormatting() {
        assertEquals("3e11", Cell.formatFlops(3e11));
        assertEquals("1.5e12", Cell.formatFlops(1.5e12));
        assertEquals("3.16e11", Cell.formatFlops(3.16e11));
    }
}
