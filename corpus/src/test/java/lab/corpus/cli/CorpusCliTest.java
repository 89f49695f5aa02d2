package lab.corpus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.corpus.build.CorpusBuilderTest;
import lab.corpus.shard.CorpusDir;
import lab.util.ExitCodes;
import lab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusCliTest {
    @Test
    void missingSourceIsExitCode2(@TempDir Path tmp) {
        var r = CliHarness.run(new CorpusCommand(), "build", "--source", tmp.resolve("nope").toString(),
                "--out", tmp.resolve("c").toString(), "--quiet");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().contains("source not found"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void emptyResultIsExitCode2(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("empty.txt"), new byte[0]);
        Files.write(src.resolve("bin.txt"), new byte[] {0, 0, 1});
        var r = CliHarness.run(new CorpusCommand(), "build", "--source", src.toString(), "--out",
                tmp.resolve("c").toString(), "--quiet");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().contains("no text left"), r.err());
    }

    @Test
    void vocabularyTooLargeIsExitCode2(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a tiny text");
        Files.writeString(src.resolve("b.txt"), "another tiny text");
        var tooLarge = CliHarness.run(new CorpusCommand(), "build", "--source", src.toString(), "--out",
                tmp.resolve("c").toString(), "--vocab", "5000", "--quiet");
        assertEquals(ExitCodes.USAGE, tooLarge.exitCode());
        assertTrue(tooLarge.err().contains("vocabulary too large"), tooLarge.err());
        var outOfRange = CliHarness.run(new CorpusCommand(), "build", "--source", src.toString(), "--out",
                tmp.resolve("c").toString(), "--vocab", "70000", "--quiet");
        assertEquals(ExitCodes.USAGE, outOfRange.exitCode());
        assertTrue(outOfRange.err().contains("--vocab"), outOfRange.err());
        assertTrue(!Files.exists(tmp.resolve("c")));
    }

    @Test
    void buildStatsAndTokenizeWork(@TempDir Path tmp) throws Exception {
        Path src = CorpusBuilderTest.writeSources(tmp);
        Path out = tmp.resolve("corpus");
        var b = CliHarness.run(new CorpusCommand(), "build", "--source", src.toString(), "--out", out.toString(),
                "--vocab", "300", "--val-fraction", "0.1", "--seed", "3", "--cache", tmp.resolve("cache").toString());
        assertEquals(0, b.exitCode(), b.err());
        assertTrue(b.err().contains("dedup:"), "progress goes to stderr");

        var stats = CliHarness.run(new CorpusCommand(), "stats", out.toString());
        assertEquals(0, stats.exitCode(), stats.err());
        JsonNode m = Json.read(out.resolve("manifest.json"));
        assertTrue(stats.out().contains("train_tokens") && stats.out().contains(m.get("train_tokens").asText()),
                stats.out());

        Path input = tmp.resolve("input.txt");
        Files.writeString(input, "Grüße, wörld! 😀 tabs\tand\r\nnewlines 12345\n");
        var t = CliHarness.run(new TokenizeCommand(), "--corpus", out.toString(), "--input", input.toString(),
                "--check", "--json");
        assertEquals(0, t.exitCode(), t.err());
        JsonNode j = Json.MAPPER.readTree(t.out());
        assertEquals(Files.size(input), j.get("bytes").asLong());
        assertTrue(j.get("tokens").asInt() > 0 && j.get("tokens").asInt() <= j.get("bytes").asInt());
        assertTrue(j.get("roundtrip").asBoolean());

        var missing = CliHarness.run(new TokenizeCommand(), "--corpus", out.toString(), "--input",
                tmp.resolve("none.txt").toString(), "--json");
        assertEquals(ExitCodes.USAGE, missing.exitCode());
    }

    @Test
    void synthWritesAReadableCorpusWithItsEntropy(@TempDir Path tmp) {
        Path out = tmp.resolve("synth");
        var r = CliHarness.run(new CorpusCommand(), "synth", "--out", out.toString(), "--tokens", "100000",
                "--vocab", "300", "--branching", "4", "--seed", "5");
        assertEquals(0, r.exitCode(), r.err());
        CorpusDir c = CorpusDir.open(out);
        assertEquals(100_000, c.trainTokens());
        assertEquals(10_000, c.val().size());
        assertEquals(300, c.vocabSize());
        double h = c.entropyNatsPerToken();
        assertTrue(h > 0 && h < Math.log(4) + 1e-12, "entropy of a 4-way branching chain: " + h);
        int max = 0;
        for (long i = 0; i < c.trainTokens(); i++) {
            max = Math.max(max, c.train().get(i));
        }
        assertTrue(max < 300);
        var bad = CliHarness.run(new CorpusCommand(), "synth", "--out", out.toString(), "--tokens", "0");
        assertEquals(ExitCodes.USAGE, bad.exitCode());
    }

    @Test
    void presetGivesSourcesAndOptionsAndTheCommandLineOverridesIt(@TempDir Path tmp) throws Exception {
        Path src = CorpusBuilderTest.writeSources(tmp);
        Path preset = tmp.resolve("p.yaml");
        Files.writeString(preset, "sources: [" + src + "]\nvocab: 280\nval_fraction: 0.2\nseed: 9\n");
        Path out = tmp.resolve("c");
        var r = CliHarness.run(new CorpusCommand(), "build", "--preset", preset.toString(), "--vocab", "290",
                "--out", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode m = Json.read(out.resolve("manifest.json"));
        assertEquals(290, m.get("vocab_size").asInt(), "command line wins");
        assertEquals(9, m.get("seed").asInt(), "preset beats the default");
        assertEquals(0.2, m.path("options").get("val_fraction").asDouble());

        Files.writeString(preset, "sources: [" + src + "]\nvocabulary: 280\n");
        var bad = CliHarness.run(new CorpusCommand(), "build", "--preset", preset.toString(), "--out", out.toString());
        assertEquals(ExitCodes.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("unknown key 'vocabulary'"), bad.err());
    }

    @Test
    void shippedPresetsParse() {
        for (String name : new String[] {"default", "english", "all"}) {
            Path file = Path.of("..", "configs", "corpora", name + ".yaml");
            var p = lab.corpus.build.CorpusPreset.load(file.toString());
            assertTrue(p.sources() != null && !p.sources().isEmpty() && p.vocab() != null, name);
        }
    }

    @Test
    void listShowsEveryNamedCorpus() {
        var r = CliHarness.run(new CorpusCommand(), "list");
        assertEquals(0, r.exitCode());
        for (String name : new String[] {"gutenberg", "sotu", "brown", "europarl"}) {
            assertTrue(r.out().contains(name), r.out());
        }
    }
}
