package lab.corpus.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A reader for the .tgz archives `npm pack` writes (POSIX ustar, with pax and GNU long-name
 * records), enough to pull named regular files out without unpacking to disk.
 */
public final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {}

    /** Calls {@code onFile(path, bytes)} for every regular file whose path {@code wanted} accepts. */
    public static void forEachFile(Path archive, Predicate<String> wanted, BiConsumer<String, byte[]> onFile) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (readFully(in, header)) {
                if (isZero(header)) {
                    break;
                }
                String name = cString(header, 0, 100);
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = octal(header, 124, 12, name);
                char type = (char) header[156];
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                boolean regular = type == '0' || type == '\0';
                if (type == 'L' || type == 'x') {
                    byte[] data = readBytes(in, size);
                    longName = type == 'L' ? cString(data, 0, data.length) : paxPath(data);
                } else if (regular && wanted.test(name)) {
                    onFile.accept(name, readBytes(in, size));
                } else {
                    skip(in, size);
                }
                skip(in, (BLOCK - size % BLOCK) % BLOCK);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read archive " + archive + ": " + e.getMessage(), e);
        }
    }

    private static String paxPath(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String record : text.split("\n")) {
            int eq = record.indexOf(" path=");
            if (eq >= 0) {
                return record.substring(eq + 6);
            }
        }
        return null;
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int n = in.readNBytes(buf, 0, buf.length);
        if (n == 0) {
            return false;
        }
        if (n < buf.length) {
            throw new IOException("truncated tar header");
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("archive entry too large: " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new IOException("truncated tar entry");
        }
        return data;
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** A ustar number field: octal digits, padded with spaces or NULs. */
    private static long octal(byte[] b, int off, int len, String entry) throws IOException {
        String field = new String(b, off, len, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        try {
            return field.isEmpty() ? 0 : Long.parseLong(field, 8);
        } catch (NumberFormatException e) {
            throw new IOException("bad size field '" + field + "' in tar entry " + entry);
        }
    }
}
