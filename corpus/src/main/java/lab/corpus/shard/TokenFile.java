package lab.corpus.shard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A memory-mapped, read-only token file (train.bin or val.bin): little-endian uint16 or uint32 ids.
 * Files above 1 GiB are mapped in 1 GiB chunks; a window may straddle two of them.
 */
public final class TokenFile {
    private static final long CHUNK_BYTES = 1L << 30;

    private final Path path;
    private final TokenDtype dtype;
    private final long tokens;
    private final MappedByteBuffer[] chunks;

    private TokenFile(Path path, TokenDtype dtype, long tokens, MappedByteBuffer[] chunks) {
        this.path = path;
        this.dtype = dtype;
        this.tokens = tokens;
        this.chunks = chunks;
    }

    public static TokenFile open(Path path, TokenDtype dtype) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long bytes = ch.size();
            if (bytes % dtype.bytes != 0) {
                throw new IllegalArgumentException(path + ": " + bytes + " bytes is not a whole number of "
                        + dtype.label() + " tokens");
            }
            int n = (int) ((bytes + CHUNK_BYTES - 1) / CHUNK_BYTES);
            var chunks = new MappedByteBuffer[n];
            for (int i = 0; i < n; i++) {
                long start = i * CHUNK_BYTES;
                chunks[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(CHUNK_BYTES, bytes - start));
                chunks[i].order(ByteOrder.LITTLE_ENDIAN);
            }
            return new TokenFile(path, dtype, bytes / dtype.bytes, chunks);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("token file not found: " + path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + path + ": " + e.getMessage(), e);
        }
    }

    public long size() {
        return tokens;
    }

    public Path path() {
        return path;
    }

    public int get(long index) {
        long byteOffset = index * dtype.bytes;
        MappedByteBuffer chunk = chunks[(int) (byteOffset / CHUNK_BYTES)];
        int at = (int) (byteOffset % CHUNK_BYTES);
        return dtype == TokenDtype.UINT16 ? Short.toUnsignedInt(chunk.getShort(at)) : chunk.getInt(at);
    }
}
