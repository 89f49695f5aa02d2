package lab.corpus.shard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes token ids as little-endian uint16 or uint32, the format {@link TokenFile} reads. The file
 * is forced to disk on close (the corpus folder is renamed into place afterwards, so a crash must
 * not leave a renamed folder whose token files are still only in the page cache).
 */
public final class TokenWriter implements AutoCloseable {
    /** Bytes buffered between writes to the channel. */
    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final TokenDtype dtype;
    private final long maxId;
    private final Path path;
    private long tokens;

    public TokenWriter(Path path, TokenDtype dtype) {
        this.path = path;
        this.dtype = dtype;
        this.maxId = dtype == TokenDtype.UINT16 ? 0xffffL : 0xffffffffL;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    public void write(int id) {
        if (id < 0 || id > maxId) {
            throw new IllegalArgumentException("token id " + id + " does not fit " + dtype.label());
        }
        if (buffer.remaining() < 4) {
            drain();
        }
        if (dtype == TokenDtype.UINT32) {
            buffer.putInt(id);
        } else {
            buffer.putShort((short) id);
        }
        tokens++;
    }

    public void write(int[] ids) {
        for (int id : ids) {
            write(id);
        }
    }

    public long tokens() {
        return tokens;
    }

    private void drain() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        } finally {
            buffer.clear();
        }
    }

    /** Writes what is buffered, fsyncs, and closes the file (closed even when the write or fsync fails). */
    @Override
    public void close() {
        try (channel) {
            drain();
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
