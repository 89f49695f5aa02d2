package lab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bootstrap and held-out refits of Approach 3 start from the full fit's best grid starts plus its
 * optimum ({@link Approach3.Result#bestStarts()}) instead of all 4,500. This checks that shortcut
 * against the full grid on resamples of a subsample of the Chinchilla points.
 */
class BootstrapStartsTest {
    @Test
    void bestStartsReachTheFullGridObjectiveOnResamples() {
        var all = FitInput.readCsv(ChinchillaData.approach3Points()).runs();
        var random = new SplittableRandom(2024);
        var subsample = new ArrayList<Run>();
        for (Run r : all) {
            if (random.nextDouble() < 0.4) {
                subsample.add(r);
            }
        }
        List<Run> runs = List.copyOf(subsample);
        var full = Approach3.fit(runs, Approach3.Settings.DEFAULT);
        double[][] kept = full.bestStarts().toArray(new double[0][]);
        double[][] grid = Approach3.grid();
        double worst = 0;
        for (int resample = 0; resample < 8; resample++) {
            double[] w = new double[runs.size()];
            for (int k = 0; k < runs.size(); k++) {
                w[random.nextInt(runs.size())] += 1;
            }
            double shortcut = Approach3.fit(runs, w, Approach3.Settings.DEFAULT, kept).objective();
            double reference = Approach3.fit(runs, w, Approach3.Settings.DEFAULT, grid).objective();
            worst = Math.max(worst, (shortcut - reference) / reference);
        }
        // The kept starts are a subset of the grid's search, so they cannot do better; they must not do worse
        // by more than 1e-5 of the objective (L-BFGS stopping noise is about 1e-7; another basin is 1e-3 to 3e-2).
        System.out.printf(Locale.ROOT, "best %d starts vs full grid, worst relative excess over 8 resamples: %.2e%n",
                Approach3.KEPT_STARTS, worst);
        assertEquals(0, worst, 1e-5);
    }
}
