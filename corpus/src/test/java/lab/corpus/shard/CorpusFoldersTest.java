package lab.corpus.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import lab.corpus.synth.SynthCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusFoldersTest {
    /** The pid of a process that has finished, so no longer running. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertTrue(ProcessHandle.of(pid).isEmpty(), "pid " + pid + " should be gone");
        return pid;
    }

    private static SynthCorpus.Options synth(Path out, long tokens, long seed) {
        return new SynthCorpus.Options(out, tokens, 10, 64, 4, 1.0, seed);
    }

    /** The state a build leaves when killed between "move out aside" and "move the new one in". */
    private static Path crashMidSwap(Path tmp, Path out) throws Exception {
        SynthCorpus.write(synth(out, 1000, 1));
        Path old = tmp.resolve("." + out.getFileName() + ".old-" + deadPid());
        Files.move(out, old);
        Files.createDirectories(tmp.resolve("." + out.getFileName() + ".building-" + deadPid()))
                .resolve("train.bin").toFile().createNewFile();
        return old;
    }

    @Test
    void openRestoresTheCorpusAKilledSwapLeftAside(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        Path old = crashMidSwap(tmp, out);
        assertFalse(Files.exists(out));
        CorpusDir c = CorpusDir.open(out);
        assertEquals(1000, c.trainTokens(), "the last good corpus is back");
        assertFalse(Files.exists(old));
    }

    @Test
    void nextBuildRestoresInsteadOfDeletingThenReplaces(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        Path old = crashMidSwap(tmp, out);
        Path building = CorpusFolders.buildingFolder(out);
        assertEquals(1000, CorpusDir.open(out).trainTokens(), "restored before the new build starts");
        assertFalse(Files.exists(old));
        assertEquals(ProcessHandle.current().pid() + "", building.getFileName().toString().replaceAll(".*-", ""));
        try (var list = Files.list(tmp)) {
            assertEquals(1, list.count(), "the dead .building- folder is gone, only the corpus is left");
        }
        SynthCorpus.write(synth(out, 2000, 2));
        assertEquals(2000, CorpusDir.open(out).trainTokens());
    }

    @Test
    void aStaleOldFolderBesideAPresentCorpusIsDeleted(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        SynthCorpus.write(synth(out, 1000, 1));
        Path old = Files.createDirectories(tmp.resolve(".c.old-" + deadPid()));
        assertFalse(CorpusFolders.recover(out));
        CorpusFolders.buildingFolder(out);
        assertFalse(Files.exists(old));
        assertEquals(1000, CorpusDir.open(out).trainTokens());
    }
}
