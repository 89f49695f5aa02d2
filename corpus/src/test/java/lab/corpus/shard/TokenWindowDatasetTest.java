package lab.corpus.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenWindowDatasetTest {
    private static TokenFile tokens(Path dir, int n) {
        Path f = dir.resolve("train.bin");
        try (var w = new TokenWriter(f, TokenDtype.UINT16)) {
            for (int i = 0; i < n; i++) {
                w.write(i * 7 % 1000);
            }
        }
        return TokenFile.open(f, TokenDtype.UINT16);
    }

    @Test
    void windowsPairInputsWithNextTokenTargets(@TempDir Path dir) {
        var data = TokenWindowDataset.builder().setTokens(tokens(dir, 101)).setContextLength(10)
                .setSampling(4, false).build();
        assertEquals(10, data.size(), "(101 - 1 - 10) / 10 + 1 non-overlapping windows");
        int[][] w = data.window(3);
        for (int i = 0; i < 10; i++) {
            assertEquals((30 + i) * 7 % 1000, w[0][i]);
            assertEquals((31 + i) * 7 % 1000, w[1][i]);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> data.window(10));
        var overlapping = TokenWindowDataset.builder().setTokens(tokens(dir, 101)).setContextLength(10)
                .optStride(1).setSampling(4, false).build();
        assertEquals(91, overlapping.size());
    }

    @Test
    void recordsAreInt32NdArrays(@TempDir Path dir) throws Exception {
        var data = TokenWindowDataset.builder().setTokens(tokens(dir, 50)).setContextLength(8)
                .setSampling(2, false).build();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            var record = data.get(manager, 2);
            var input = record.getData().singletonOrThrow();
            var label = record.getLabels().singletonOrThrow();
            assertEquals(new Shape(8), input.getShape());
            assertEquals(DataType.INT32, input.getDataType());
            assertArrayEquals(data.window(2)[0], input.toIntArray());
            assertArrayEquals(data.window(2)[1], label.toIntArray());
            int batches = 0;
            for (var batch : data.getData(manager)) {
                assertEquals(new Shape(2, 8), batch.getData().singletonOrThrow().getShape());
                batches++;
                batch.close();
            }
            assertEquals(3, batches, "6 windows in batches of 2");
        }
    }
}
