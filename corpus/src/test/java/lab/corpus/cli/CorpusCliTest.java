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
    void stacktraceShowsTheTraceOnlyWhenAsked(@TempDir Path tmp) {
        String[] args = {"build", "--source", tmp.resolve("nope").toString(), "--out", tmp.resolve("c").toString()};
        var plain = CliHarness.run(new CorpusCommand(), args);
        assertTrue(!plain.err().contains("\tat "), plain.err());
        String[] traced = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--stacktrace"))
                .toArray(String[]::new);
        var withTrace = CliHarness.run(new CorpusCommand(), traced);
        assertEquals(ExitCodes.USAGE, withTrace.exitCode());
        assertTrue(withTrace.err().contains("java.lang.IllegalArgumentException") && withTrace.err().contains("\tat "),
                withTrace.err());
        assertTrue(withTrace.err().strip().endsWith(plain.err().strip()), "the one-line message still comes last");
    }

    @Test
    void unknownOptionIsExitCode2WithAHint() {
        var r = CliHarness.run(new CorpusCommand(), "synth", "--frobnicate");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("lab: ") && r.err().contains("corpus synth --help"), r.err());
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

        Path folder = Files.createDirectories(tmp.resolve("a-folder"));
        var notAFile = CliHarness.run(new TokenizeCommand(), "--corpus", out.toString(), "--input", folder.toString());
        assertEquals(ExitCodes.USAGE, notAFile.exitCode(), notAFile.err());
        assertTrue(notAFile.err().contains(folder.toString()), "names the input: " + notAFile.err());
        assertEquals(1, notAFile.err().strip().lines().count(), "one line: " + notAFile.err());

        // A file that exists but cannot be read (root ignores permissions; /proc/self/mem fails with EIO).
        Path unreadable = Path.of("/proc/self/mem");
        if (Files.isRegularFile(unreadable)) {
            var eio = CliHarness.run(new TokenizeCommand(), "--corpus", out.toString(), "--input", unreadable.toString());
            assertEquals(ExitCodes.USAGE, eio.exitCode(), eio.err());
            assertTrue(eio.err().contains("cannot read " + unreadable), eio.err());
        }

        Path latin1 = tmp.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xe9});
        var invalid = CliHarness.run(new TokenizeCommand(), "--corpus", out.toString(), "--input", latin1.toString());
        assertEquals(ExitCodes.USAGE, invalid.exitCode(), invalid.err());
        assertTrue(invalid.err().contains("not valid UTF-8"), invalid.err());
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
        // Zipf s=1 over 4 successors: p = (12, 6, 4, 3) / 25, H = -Σ p ln p = 1.24246 nats (hand-computed).
        assertEquals(1.24246, c.entropyNatsPerToken(), 5e-6);
        // The plug-in conditional entropy of the written stream, -Σ n_ab/N ln(n_ab/n_a), must agree:
        // its bias is about (300·4 - 300) / (2N) = 0.0045 nats (Miller-Madow), its noise about 0.002.
        var pairs = new java.util.HashMap<Long, Integer>();
        var from = new int[300];
        int max = c.train().get(0);
        for (long i = 1; i < c.trainTokens(); i++) {
            int a = c.train().get(i - 1);
            int b = c.train().get(i);
            max = Math.max(max, b);
            pairs.merge(a * 300L + b, 1, Integer::sum);
            from[a]++;
        }
        assertTrue(max < 300);
        double n = c.trainTokens() - 1;
        double empirical = 0;
        for (var e : pairs.entrySet()) {
            double count = e.getValue();
            empirical -= count / n * Math.log(count / from[(int) (e.getKey() / 300)]);
        }
        assertEquals(1.24246, empirical, 0.015, "empirical conditional entropy of train.bin");
        assertTrue(pairs.size() <= 300 * 4, "at most 4 successors per token");
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
