package lab.trainer.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's configs/ folder: -Dlab.home, $LAB_HOME, or the nearest parent that has one. */
public final class Presets {
    private Presets() {}

    public static Path configsDir() {
        for (String home : new String[] {System.getProperty("lab.home"), System.getenv("LAB_HOME")}) {
            if (home != null && Files.isDirectory(Path.of(home, "configs"))) {
                return Path.of(home, "configs");
            }
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("configs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("configs");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the lab's configs/ folder: run through ./lab or set LAB_HOME");
    }

    /** configs/KIND/NAME.yaml, or a clear error listing what exists. */
    public static Path find(String kind, String name) {
        Path direct = Path.of(name);
        if (name.endsWith(".yaml") && Files.isRegularFile(direct)) {
            return direct;
        }
        Path dir = configsDir().resolve(kind);
        Path file = dir.resolve(name + ".yaml");
        if (Files.isRegularFile(file)) {
            return file;
        }
        String known;
        try (var files = Files.list(dir)) {
            known = String.join(", ", files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml")).map(n -> n.substring(0, n.length() - 5)).sorted().toList());
        } catch (java.io.IOException e) {
            known = "none";
        }
        throw new IllegalArgumentException("unknown " + kind + " preset '" + name + "' (known: " + known + ")");
    }
}
