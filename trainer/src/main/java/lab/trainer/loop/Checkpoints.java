package lab.trainer.loop;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import lab.trainer.model.Gpt;
import lab.trainer.optim.AdamW;
import lab.util.AtomicFiles;
import lab.util.Json;

/**
 * Checkpoints in DIR/ckpt as `ckpt_{step:06d}.bin` (model tensors, AdamW moments and step, the
 * loop's counters) plus `meta_{step:06d}.json`, written after the .bin and pointing at it. Both
 * are written to a temporary file, fsynced and renamed, so the newest meta always names a
 * complete checkpoint. The data position needs no state of its own: windows are a function of
 * (seed, step + skipped batches).
 */
public final class Checkpoints {
    private static final int MAGIC = 0x4C414231; // "LAB1"

    /** The loop's counters saved beside the tensors. */
    public record LoopState(long step, long skippedBatches, int retries, double wallSeconds, double lastTrainLoss) {}

    private final Path dir;
    private final int keep;

    public Checkpoints(Path runDir, int keep) {
        this.dir = runDir.resolve("ckpt");
        this.keep = keep;
    }

    public void save(Gpt model, AdamW optimizer, LoopState state) {
        String tag = String.format("%06d", state.step());
        Path bin = dir.resolve("ckpt_" + tag + ".bin");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".ckpt_" + tag, ".tmp");
            AtomicFiles.readableByAll(tmp);
            try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                out.writeInt(MAGIC);
                out.writeLong(state.step());
                out.writeLong(state.skippedBatches());
                out.writeInt(state.retries());
                out.writeDouble(state.wallSeconds());
                out.writeDouble(state.lastTrainLoss());
                List<Gpt.Param> params = model.params();
                out.writeInt(params.size());
                for (Gpt.Param p : params) {
                    out.writeUTF(p.name());
                    AdamW.saveTensor(out, p.array());
                }
                optimizer.save(out);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, bin);
            var meta = Json.object();
            meta.put("step", state.step());
            meta.put("file", bin.getFileName().toString());
            meta.put("bytes", Files.size(bin));
            meta.put("train_loss", state.lastTrainLoss());
            Json.write(dir.resolve("meta_" + tag + ".json"), meta);
            prune();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + bin + ": " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint's step, if any. */
    public Optional<Long> latest() {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("meta_\\d{6,}\\.json"))
                    .map(n -> Long.parseLong(n.substring(5, n.length() - 5)))
                    .filter(step -> Files.isRegularFile(binFor(step)))
                    .max(Long::compare);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores tensors and optimizer state in place; returns the loop's counters. */
    public LoopState load(long step, Gpt model, AdamW optimizer) {
        Path bin = binFor(step);
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(bin), 1 << 20))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalStateException(bin + " is not a lab checkpoint");
            }
            var state = new LoopState(in.readLong(), in.readLong(), in.readInt(), in.readDouble(), in.readDouble());
            List<Gpt.Param> params = model.params();
            int n = in.readInt();
            if (n != params.size()) {
                throw new IllegalStateException(bin + " holds " + n + " tensors, the model has " + params.size());
            }
            for (Gpt.Param p : params) {
                String name = in.readUTF();
                if (!name.equals(p.name())) {
                    throw new IllegalStateException(bin + ": tensor " + name + " where " + p.name() + " was expected");
                }
                AdamW.loadTensor(in, p.array());
            }
            optimizer.load(in);
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + bin + ": " + e.getMessage(), e);
        }
    }

    private Path binFor(long step) {
        return dir.resolve(String.format("ckpt_%06d.bin", step));
    }

    private void prune() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            var steps = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("meta_\\d{6,}\\.json"))
                    .map(n -> Long.parseLong(n.substring(5, n.length() - 5)))
                    .sorted(java.util.Comparator.reverseOrder()).toList();
            for (long old : steps.subList(Math.min(keep, steps.size()), steps.size())) {
                Files.deleteIfExists(dir.resolve(String.format("meta_%06d.json", old)));
                Files.deleteIfExists(binFor(old));
            }
        }
    }
}
