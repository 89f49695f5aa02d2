package lab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * D_opt in Approaches 1 and 2 comes from the runs' token counts, not from C / (6 N): that shortcut is
 * wrong when N counts non-embedding parameters or flops are not 6·N_total·D.
 */
class TokensConventionTest {
    private static final ScalingLaw LAW = Synthetic.LAW;
    /** Synthetic.writeSweep records params_non_embedding = 0.8 params and flops = 6 params tokens. */
    private static final double NON_EMBEDDING_SHARE = 0.8;

    @Test
    void nonEmbeddingFitReadsTheTrueTokensAtTheOptimum(@TempDir Path dir) {
        var runs = Synthetic.isoFlopGrid(LAW, 5, 3, 7, 12, 0.0, 2);
        Synthetic.writeSweep(dir, runs);
        var total = FitInput.read(dir, ParamsConvention.TOTAL);
        var nonEmbedding = FitInput.read(dir, ParamsConvention.NON_EMBEDDING);
        assertEquals("6n", nonEmbedding.flopsConvention());

        var a2 = Approach2.fit(nonEmbedding.runs());
        var a2Total = Approach2.fit(total.runs());
        for (int k = 0; k < a2.used().size(); k++) {
            var curve = a2.used().get(k);
            // N_opt counts non-embedding parameters; the tokens at the optimum are C / (6 N_total)
            double nTotal = curve.paramsOpt() / NON_EMBEDDING_SHARE;
            assertEquals(curve.flops() / (6 * nTotal), curve.tokensOpt(), 1e-4 * curve.tokensOpt());
            assertEquals(a2Total.used().get(k).tokensOpt(), curve.tokensOpt(), 1e-4 * curve.tokensOpt());
            // the old D = C / (6 N_opt) would be 25% high here
            assertTrue(curve.flops() / (6 * curve.paramsOpt()) > 1.2 * curve.tokensOpt());
        }
        // D_opt at a budget agrees across conventions; N_opt differs by the embedding share
        assertEquals(a2Total.tokensOpt().at(1e20), a2.tokensOpt().at(1e20), 1e-4 * a2.tokensOpt().at(1e20));

        var a1 = Approach1.fit(nonEmbedding.runs());
        for (var p : a1.envelope()) {
            double nTotal = p.params() / NON_EMBEDDING_SHARE;
            assertEquals(p.flops() / (6 * nTotal), p.tokens(), 1e-3 * p.tokens());
        }
        var a1Total = Approach1.fit(total.runs());
        assertEquals(a1Total.b(), a1.b(), 1e-3);
    }

    @Test
    void flopsCountedBeyondSixNDDoNotInflateTokens() {
        // 6n-attention-like flops: 10% above 6ND. D_opt must still be the tokens trained, C_6ND / (6 N_opt).
        var runs = new ArrayList<Run>();
        for (Run r : Synthetic.isoFlopGrid(LAW, 5, 3, 7, 12, 0.0, 4)) {
            var curve = r.curve().stream().map(p -> new Run.CurvePoint(1.1 * p.flops(), p.tokens(), p.loss())).toList();
            runs.add(new Run(r.id(), r.params(), r.tokens(), 1.1 * r.flops(), r.loss(), curve));
        }
        for (var curve : Approach2.fit(runs).used()) {
            assertEquals(curve.flops() / 1.1 / (6 * curve.paramsOpt()), curve.tokensOpt(), 1e-4 * curve.tokensOpt());
        }
        for (var p : Approach1.fit(runs).envelope()) {
            assertEquals(p.flops() / 1.1 / (6 * p.params()), p.tokens(), 1e-3 * p.tokens());
        }
    }

    @Test
    void mixedFlopsConventionsAreAnErrorAndCsvRecordsItsOwn(@TempDir Path dir) throws Exception {
        Synthetic.writeSweep(dir, Synthetic.isoFlopGrid(LAW, 2, 3, 3, 4, 0.0, 1));
        Path one = dir.resolve("runs/b0s0/result.json");
        Json.write(one, ((com.fasterxml.jackson.databind.node.ObjectNode) Json.read(one)).put("flops_convention", "chinchilla"));
        var e = assertThrows(IllegalArgumentException.class, () -> FitInput.read(dir, ParamsConvention.TOTAL));
        assertTrue(e.getMessage().contains("[6n, chinchilla]"), e.getMessage());

        Path csv = dir.resolve("runs.csv");
        Files.writeString(csv, "params,tokens,loss\n1000,2000,3\n");
        assertEquals("6n", FitInput.readCsv(csv).flopsConvention());
        Files.writeString(csv, "params,tokens,loss,flops\n1000,2000,3,1.5e7\n");
        assertEquals("csv", FitInput.readCsv(csv).flopsConvention());
        assertEquals(List.of(1.5e7), FitInput.readCsv(csv).runs().stream().map(Run::flops).toList());
    }
}
