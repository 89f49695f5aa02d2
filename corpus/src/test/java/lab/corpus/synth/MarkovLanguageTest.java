package lab.corpus.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class MarkovLanguageTest {
    @Test
    void zipfOneOverFourSuccessorsHasTheHandComputedEntropy() {
        // p_j = (1/j) / (25/12) = 12/25, 6/25, 4/25, 3/25; H = -Σ p_j ln p_j = 1.242458 nats.
        double h = -(0.48 * Math.log(0.48) + 0.24 * Math.log(0.24) + 0.16 * Math.log(0.16) + 0.12 * Math.log(0.12));
        assertEquals(1.24246, h, 5e-6);
        assertEquals(h, new MarkovLanguage(300, 4, 1.0, 5).entropyRate(), 1e-12);
        assertEquals(Math.log(8), new MarkovLanguage(50, 8, 0.0, 5).entropyRate(), 1e-12, "uniform: ln k");
    }

    @Test
    void aFullSizeVocabularySetsUpFastAndDeterministically() {
        long t0 = System.nanoTime();
        var a = new MarkovLanguage(65_536, 8, 1.0, 42);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 1.0, "vocab 65,536 set up in " + seconds + " s");
        var b = new MarkovLanguage(65_536, 8, 1.0, 42);
        int[] x = new int[10_000];
        int[] y = new int[10_000];
        a.generate(x, 7);
        b.generate(y, 7);
        assertArrayEquals(x, y, "same seed, same stream");
        var c = new MarkovLanguage(65_536, 8, 1.0, 43);
        int[] z = new int[10_000];
        c.generate(z, 7);
        assertTrue(!java.util.Arrays.equals(x, z), "another seed, another chain");
    }

    @Test
    void eachTokenHasExactlyBranchingDistinctSuccessors() {
        var lang = new MarkovLanguage(20, 5, 1.0, 3);
        int[] s = new int[200_000];
        lang.generate(s, 1);
        var seen = new HashSet<Long>();
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] >= 0 && s[i] < 20);
            seen.add((long) s[i - 1] * 20 + s[i]);
        }
        assertEquals(20 * 5, seen.size(), "20 states x 5 distinct successors, all visited");
    }
}
