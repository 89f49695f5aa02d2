package lab.corpus.shard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import lab.util.AtomicFiles;

/** Folder operations for writing a corpus atomically (build in a hidden sibling, then rename). */
public final class CorpusFolders {
    private CorpusFolders() {}

    public static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Renames the finished folder over {@code out}; an old corpus there is moved aside first, then deleted. */
    public static void moveIntoPlace(Path finished, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        if (Files.exists(out)) {
            Path old = out.resolveSibling("." + out.getFileName() + ".old-" + ProcessHandle.current().pid());
            deleteTree(old);
            Files.move(out, old);
            AtomicFiles.moveIntoPlace(finished, out);
            deleteTree(old);
        } else {
            AtomicFiles.moveIntoPlace(finished, out);
        }
    }

    /**
     * The hidden sibling a corpus is built in: ".NAME.building-PID". Leftovers of killed builds
     * (folders of processes no longer running) are deleted on the way.
     */
    public static Path buildingFolder(Path out) {
        deleteStale(out);
        return out.resolveSibling("." + out.getFileName() + ".building-" + ProcessHandle.current().pid());
    }

    private static void deleteStale(Path out) {
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String prefix = "." + out.getFileName();
        try (var list = Files.list(parent)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                for (String kind : new String[] {".building-", ".old-"}) {
                    if (name.startsWith(prefix + kind)) {
                        String pid = name.substring((prefix + kind).length());
                        if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                            deleteTree(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent + ": " + e.getMessage(), e);
        }
    }

    /** Refuses an --out that is a file, or a non-empty folder that holds no corpus. */
    public static void checkReplaceable(Path out) {
        if (Files.isRegularFile(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
        }
        if (Files.isDirectory(out) && !Files.isRegularFile(out.resolve("manifest.json")) && !isEmpty(out)) {
            throw new IllegalArgumentException("--out " + out + " exists and is not a corpus folder; refusing to replace it");
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
