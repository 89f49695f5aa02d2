package lab.scaling.fit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared Chinchilla points: {@code <repo>/../shared/data/chinchilla}, found by walking up. */
public final class ChinchillaData {
    private ChinchillaData() {}

    public static Path approach3Points() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data/chinchilla/approach3_points.csv").normalize();
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find ../shared/data/chinchilla/approach3_points.csv above " + dir
                + " (CI must clone the shared folder beside the repository)");
    }
}
