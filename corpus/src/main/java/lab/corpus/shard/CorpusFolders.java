package lab.corpus.shard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import lab.util.AtomicFiles;

/**
 * Folder operations for writing a corpus atomically: build in a hidden sibling
 * ".NAME.building-PID", move an old corpus aside to ".NAME.old-PID", rename the new one in, delete
 * the old one. A process killed between the two renames leaves no NAME but a complete
 * ".NAME.old-PID"; {@link #recover} puts that back before anything else looks at NAME.
 */
public final class CorpusFolders {
    private static final String BUILDING = ".building-";
    private static final String OLD = ".old-";

    private CorpusFolders() {}

    /** Fills a folder; the folder is renamed into place only when this returns. */
    @FunctionalInterface
    public interface Filler<T> {
        T fill(Path folder) throws IOException;
    }

    /**
     * Writes the corpus folder {@code out} atomically: refuses an {@code out} that is not a corpus,
     * lets {@code filler} write into a fresh hidden sibling, then renames it over {@code out}. On
     * any failure the sibling is deleted and {@code out} is as it was.
     */
    public static <T> T write(Path out, Filler<T> filler) {
        Path target = out.toAbsolutePath().normalize();
        checkReplaceable(target);
        Path tmp = buildingFolder(target);
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            T result = filler.fill(tmp);
            moveIntoPlace(tmp, target);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write corpus " + target + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

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
        AtomicFiles.syncDirectory(finished); // its files' names are on disk before it becomes visible
        if (Files.exists(out)) {
            Path old = sibling(out, OLD + ProcessHandle.current().pid());
            deleteTree(old);
            Files.move(out, old);
            // A kill here leaves no `out`, only `old`: recover() restores it on the next build or open.
            AtomicFiles.moveIntoPlace(finished, out);
            deleteTree(old);
        } else {
            AtomicFiles.moveIntoPlace(finished, out);
        }
    }

    /**
     * The hidden sibling a corpus is built in: ".NAME.building-PID". A corpus left aside by a build
     * killed mid-swap is restored first; leftovers of killed builds (folders of processes no longer
     * running) are then deleted.
     */
    public static Path buildingFolder(Path out) {
        recover(out);
        deleteStale(out);
        return sibling(out, BUILDING + ProcessHandle.current().pid());
    }

    /**
     * When {@code out} is missing and a ".NAME.old-PID" of a process no longer running exists (a
     * build killed between moving the old corpus aside and renaming the new one in), renames the
     * newest such folder back to {@code out}. Returns whether it did.
     */
    public static boolean recover(Path out) {
        if (Files.exists(out)) {
            return false;
        }
        List<Path> olds = deadSiblings(out, OLD);
        if (olds.isEmpty()) {
            return false;
        }
        Path newest = olds.stream().max(Comparator.comparing(CorpusFolders::modified)).orElseThrow();
        try {
            AtomicFiles.moveIntoPlace(newest, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + out + " from " + newest + ": " + e.getMessage(), e);
        }
        return true;
    }

    private static void deleteStale(Path out) {
        for (String kind : new String[] {BUILDING, OLD}) {
            deadSiblings(out, kind).forEach(CorpusFolders::deleteTree);
        }
    }

    /** Siblings ".NAME" + kind + PID whose process is no longer running. */
    private static List<Path> deadSiblings(Path out, String kind) {
        Path parent = out.toAbsolutePath().getParent();
        var dead = new ArrayList<Path>();
        if (parent == null || !Files.isDirectory(parent)) {
            return dead;
        }
        String prefix = "." + out.getFileName() + kind;
        try (var list = Files.list(parent)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix)) {
                    String pid = name.substring(prefix.length());
                    if (pid.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                        dead.add(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent + ": " + e.getMessage(), e);
        }
        return dead;
    }

    private static Path sibling(Path out, String suffix) {
        return out.resolveSibling("." + out.getFileName() + suffix);
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + p + ": " + e.getMessage(), e);
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
