package lab.scaling.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.util.Json;

/** Helpers shared by the executor tests: a tiny spec, the fake trainer command, the ledger. */
public final class SweepTestSupport {
    /** 2 budgets x 3 sizes, synthetic, fast to plan. */
    public static final String TINY_SPEC = """
            name: tiny
            budgets: [1e11, 3e11]
            sizes: {count: 3, span: 6, centre: tokens_per_param, tokens_per_param: 100}
            family: {vocab_size: 128, context: 64}
            corpus: synthetic
            trainer: {train.batch_size: 16}
            min_steps: 50
            executor: {workers: 2, slurm: {cpus: 1}}
            """;

    private SweepTestSupport() {}

    /** The test class path (Surefire's real one, not its manifest-only booter jar). */
    public static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The fake trainer as a --trainer command; settings become -Dfake.KEY=VALUE. */
    public static String fakeTrainer(Map<String, String> settings) {
        var sb = new StringBuilder(java());
        settings.forEach((k, v) -> sb.append(" -Dfake.").append(k).append('=').append(v));
        return sb.append(" -cp ").append(classPath()).append(" lab.scaling.sweep.FakeTrainer").toString();
    }

    public static Path writeSpec(Path dir, String yaml) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** Steps trained per run folder name, summed over the fake trainer's ledger segments. */
    public static Map<String, Long> stepsTrained(Path ledger, Map<String, Integer> completions) throws IOException {
        var steps = new HashMap<String, Long>();
        if (!Files.exists(ledger)) {
            return steps;
        }
        for (String line : Files.readAllLines(ledger)) {
            String[] p = line.trim().split(" ");
            long from = Long.parseLong(p[1]);
            long to = Long.parseLong(p[2]);
            steps.merge(p[0], to - from, Long::sum);
        }
        return steps;
    }

    /** A JVM running `lab ARGS` (the orchestrator) as a separate process. */
    public static ProcessBuilder lab(Path log, List<String> args) {
        var cmd = new java.util.ArrayList<>(List.of(java(), "-cp", classPath(), "lab.cli.Lab"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    public static long count(SweepIndex index, String state) {
        return index.events().stream().filter(e -> e.path("state").asText().equals(state)).count();
    }

    /** A file's text for assertion messages, or the error reading it. */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static String pretty(Object o) {
        return Json.pretty(o);
    }
}
