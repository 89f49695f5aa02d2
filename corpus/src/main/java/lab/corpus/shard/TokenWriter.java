package lab.corpus.shard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes token ids as little-endian uint16 or uint32, the format {@link TokenFile} reads. */
public final class TokenWriter implements AutoCloseable {
    private final OutputStream out;
    private final TokenDtype dtype;
    private final long maxId;
    private final Path path;
    private long tokens;

    public TokenWriter(Path path, TokenDtype dtype) {
        this.path = path;
        this.dtype = dtype;
        this.maxId = dtype == TokenDtype.UINT16 ? 0xffffL : 0xffffffffL;
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    public void write(int id) {
        if (id < 0 || id > maxId) {
            throw new IllegalArgumentException("token id " + id + " does not fit " + dtype.label());
        }
        try {
            out.write(id & 0xff);
            out.write((id >>> 8) & 0xff);
            if (dtype == TokenDtype.UINT32) {
                out.write((id >>> 16) & 0xff);
                out.write((id >>> 24) & 0xff);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
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

    @Override
    public void close() {
        try {
            out.flush();
            if (out instanceof BufferedOutputStream) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
