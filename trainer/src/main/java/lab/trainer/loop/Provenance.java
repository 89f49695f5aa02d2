package lab.trainer.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.trainer.data.TokenSource;
import lab.trainer.engine.EngineSetup;
import lab.util.Json;
import lab.util.LabVersion;

/** The run's manifest.json: what produced these numbers (Tribuo-style provenance). */
public final class Provenance {
    /** Manifest entries that change a run's arithmetic (its summation orders), so its exact resume. */
    private static final List<String> NUMERICS = List.of("device", "threads", "pytorch_version", "mkl_branch");

    private Provenance() {}

    public static ObjectNode manifest(TokenSource data, String device, long seed) {
        var m = Json.object();
        m.put("lab_version", LabVersion.VERSION);
        Path home = Path.of(System.getProperty("lab.home", "."));
        String commit = git(home, "rev-parse", "HEAD");
        m.put("git_commit", commit == null ? "unknown" : commit.trim());
        String status = git(home, "status", "--porcelain", "--untracked-files=no");
        if (status == null) {
            m.putNull("git_dirty");
        } else {
            m.put("git_dirty", !status.isBlank());
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("djl_version", ai.djl.engine.Engine.getDjlVersion());
        m.put("pytorch_version", EngineSetup.engine().getVersion());
        m.put("device", device);
        m.put("threads", EngineSetup.threads());
        m.put("malloc_tuned", EngineSetup.mallocTuned());
        m.put("mkl_shim", EngineSetup.mklShim());
        m.put("mkl_branch", EngineSetup.mklBranch());
        m.put("mkl_kernels", EngineSetup.mklKernels());
        m.put("seed", seed);
        m.put("data", data.describe());
        m.put("corpus_manifest_sha256", data.manifestSha256());
        return m;
    }

    /**
     * What differs, among the entries that decide a run's arithmetic, between the manifest the run's
     * previous start wrote and this one: "threads 2 -> 1", one per entry. A resumed run ends with the
     * losses of an uninterrupted one only when this is empty.
     */
    public static List<String> numericChanges(JsonNode before, ObjectNode now) {
        var changes = new ArrayList<String>();
        for (String key : NUMERICS) {
            if (before.has(key) && !before.get(key).equals(now.get(key))) {
                changes.add(key + " " + before.get(key).asText() + " -> " + now.path(key).asText());
            }
        }
        return changes;
    }

    /** Output of a git command in dir, or null when git or the repository is missing. */
    static String git(Path dir, String... args) {
        try {
            var cmd = new java.util.ArrayList<String>();
            cmd.add("git");
            cmd.add("-C");
            cmd.add(dir.toString());
            cmd.addAll(java.util.List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
