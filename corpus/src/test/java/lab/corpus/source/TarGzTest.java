package lab.corpus.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {
    @TempDir
    Path tmp;

    @Test
    void readsARegularFileAndNamesABadSizeField() throws Exception {
        Path good = archive("00000000005\0");
        Map<String, String> files = new HashMap<>();
        TarGz.forEachFile(good, n -> true, (n, b) -> files.put(n, new String(b, StandardCharsets.UTF_8)));
        assertEquals(Map.of("package/a.txt", "hello"), files);

        Path bad = archive("0000000x005\0");
        var e = assertThrows(UncheckedIOException.class, () -> TarGz.forEachFile(bad, n -> true, (n, b) -> { }));
        assertTrue(e.getMessage().contains("bad size field '0000000x005' in tar entry package/a.txt"), e.getMessage());
    }

    /** One ustar entry "package/a.txt" holding "hello", with the given 12-byte size field. */
    private Path archive(String sizeField) throws Exception {
        byte[] header = new byte[512];
        put(header, 0, "package/a.txt");
        put(header, 100, "0000644\0");
        put(header, 124, sizeField);
        header[156] = '0';
        put(header, 257, "ustar\0");
        var tar = new ByteArrayOutputStream();
        tar.write(header);
        byte[] body = new byte[512];
        put(body, 0, "hello");
        tar.write(body);
        tar.write(new byte[1024]); // end of archive
        Path f = tmp.resolve(sizeField.hashCode() + ".tgz");
        try (var gz = new GZIPOutputStream(Files.newOutputStream(f))) {
            gz.write(tar.toByteArray());
        }
        return f;
    }

    private static void put(byte[] block, int offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, block, offset, b.length);
    }
}
