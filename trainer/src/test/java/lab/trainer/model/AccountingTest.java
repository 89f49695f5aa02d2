package lab.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccountingTest {
    @Test
    void gpt2SmallHas124MParameters() {
        // GPT-2 small: V 50257, T 1024, d 768, 12 layers, 12 heads, tied head.
        // 12·L·d² = 84,934,656; 13·L·d = 119,808; 2d = 1,536; (V + T)·d = 39,383,808.
        var c = new GptConfig(50257, 1024, 768, 12, 12, true);
        ParamCount p = c.params();
        assertEquals(124_439_808L, p.total());
        assertEquals(85_056_000L, p.nonEmbedding());
        assertEquals(50257L * 768, p.tokenEmbedding());
        assertEquals(1024L * 768, p.positionEmbedding());
        assertEquals(12L * (4 * 768 * 768 + 4 * 768), p.attention());
        assertEquals(12L * (8 * 768 * 768 + 5 * 768), p.mlp());
        assertEquals(25L * 2 * 768, p.norms());
        assertEquals(0, p.head());
    }

    @Test
    void untiedHeadAddsAVocabularyMatrix() {
        var tied = new GptConfig(512, 128, 128, 4, 4, true).params();
        var untied = new GptConfig(512, 128, 128, 4, 4, false).params();
        assertEquals(512L * 128, untied.total() - tied.total());
        assertEquals(512L * 128, untied.nonEmbedding() - tied.nonEmbedding());
    }

    @Test
    void flopsPerTokenUnderThreeConventions() {
        // V 10, T 4, d 8, L 1, H 2 (k 4), f 32.
        // N = 12·64 + 13·8 + 16 + 14·8 = 768 + 104 + 16 + 112 = 1000.
        var c = new GptConfig(10, 4, 8, 1, 2, true);
        assertEquals(1000, c.params().total());
        assertEquals(6000.0, FlopConvention.SIX_N.perToken(c), 1e-9);
        // 6·(N - T·d) + 12·L·T·d = 6·968 + 12·32 = 5808 + 384.
        assertEquals(6192.0, FlopConvention.SIX_N_ATTENTION.perToken(c), 1e-9);
        // Appendix F per sequence (S = 4): embeddings 2·4·10·8 = 640; QKV 2·4·8·3·8 = 1536;
        // logits 2·16·8 = 256; softmax 3·2·16 = 96; values 256; output 2·4·8·8 = 512;
        // dense 2·4·2·8·32 = 4096; final logits 640. Total 8032 / 4 tokens = 2008 forward, x3 = 6024.
        assertEquals(6024.0, FlopConvention.CHINCHILLA.perToken(c), 1e-9);
    }

    @Test
    void chinchillaConventionIsCloseTo6NAtScale() {
        // Chinchilla 70B's shape (Hoffmann et al. 2022, Table 4: d 8192, 80 layers, 64 heads, S 2048).
        // Appendix F over 6N is about 1 + 12·S·L·d / (72·L·d²) = 1 + S / (6d) = 1.042 here.
        var c = new GptConfig(32000, 2048, 8192, 80, 64, true);
        double ratio = FlopConvention.CHINCHILLA.perToken(c) / FlopConvention.SIX_N.perToken(c);
        assertTrue(ratio > 1.03 && ratio < 1.06, "ratio " + ratio);
    }

    @Test
    void configRejectsHeadsThatDoNotDivideWidth() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GptConfig(512, 128, 100, 2, 3, true));
        assertTrue(e.getMessage().contains("model.heads"), e.getMessage());
    }

    @Test
    void shapeFamilyFollowsItsRuleAndFindsTheNearestShape() {
        var family = new ShapeFamily(512, 128, true);
        GptConfig d128 = family.ofWidth(128);
        assertEquals(4, d128.layers());
        assertEquals(4, d128.heads());
        GptConfig d384 = family.ofWidth(384);
        assertEquals(12, d384.layers());
        assertEquals(12, d384.heads());
        for (double target : new double[] {2e4, 1e5, 1e6, 1e7}) {
            GptConfig best = family.nearest(target);
            double error = Math.abs(Math.log(best.params().total() / target));
            for (GptConfig other : family.all()) {
                assertTrue(error <= Math.abs(Math.log(other.params().total() / target)) + 1e-12);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> family.ofWidth(200));
    }
}
