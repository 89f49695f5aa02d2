package lab.corpus.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenWriterTest {
    @Test
    void writesLittleEndianIdsPastOneBufferInBothWidths(@TempDir Path tmp) throws Exception {
        int n = 700_000; // more than the 1 MiB buffer in either width
        for (TokenDtype dtype : TokenDtype.values()) {
            Path f = tmp.resolve(dtype.label() + ".bin");
            try (var w = new TokenWriter(f, dtype)) {
                for (int i = 0; i < n; i++) {
                    w.write(dtype == TokenDtype.UINT16 ? i & 0xffff : i * 31);
                }
                assertEquals(n, w.tokens());
            }
            assertEquals((long) n * (dtype == TokenDtype.UINT16 ? 2 : 4), Files.size(f));
            var read = TokenFile.open(f, dtype);
            for (int i : new int[] {0, 1, 65_535, 65_536, n - 1}) {
                assertEquals(dtype == TokenDtype.UINT16 ? i & 0xffff : i * 31, read.get(i), dtype + " id " + i);
            }
        }
        byte[] bytes = Files.readAllBytes(tmp.resolve(TokenDtype.UINT16.label() + ".bin"));
        assertEquals(1, bytes[2]); // id 1 as 01 00
        assertEquals(0, bytes[3]);
    }

    @Test
    void rejectsIdsThatDoNotFit(@TempDir Path tmp) {
        try (var w = new TokenWriter(tmp.resolve("a.bin"), TokenDtype.UINT16)) {
            assertThrows(IllegalArgumentException.class, () -> w.write(65_536));
            assertThrows(IllegalArgumentException.class, () -> w.write(-1));
        }
    }
}
