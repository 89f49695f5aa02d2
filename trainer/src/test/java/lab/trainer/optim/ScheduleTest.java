package lab.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void cosineWarmsUpThenReachesTenPercentAtTheLastStep() {
        var s = new Schedule.Cosine(1e-3, 10, 110, 0.1);
        assertEquals(1e-4, s.lr(0), 1e-15); // 1/10 of the peak on the first update
        assertEquals(1e-3, s.lr(9), 1e-15); // warmup ends at the peak
        assertEquals(1e-3, s.lr(10), 1e-15); // cosine starts at the peak
        // midpoint of the decay: s = 10 + 99/2 -> halfway between 1e-3 and 1e-4
        var odd = new Schedule.Cosine(1e-3, 10, 111, 0.1);
        assertEquals(5.5e-4, odd.lr(60), 1e-15);
        assertEquals(1e-4, s.lr(109), 1e-15); // the last update is exactly at 10%
    }

    @Test
    void wsdHoldsThePeakThenDecaysToTheFloor() {
        var s = new Schedule.WarmupStableDecay(2e-3, 5, 100, 0.1, 0.2);
        assertEquals(2e-3, s.lr(50), 1e-15);
        assertEquals(2e-3, s.lr(80), 1e-15); // decay starts at step 80 = 100 - 20
        assertEquals(2e-4, s.lr(99), 1e-15);
        assertEquals(2e-4 + 1.8e-3 * (1 - Math.sqrt(0.5)), new Schedule.WarmupStableDecay(2e-3, 5, 100, 0.1, 0.21)
                .lr(89), 1e-15); // 21 decay steps from 79: step 89 is halfway
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Cosine(-1, 0, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Cosine(1e-3, 11, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Cosine(1e-3, 0, 10, 1.5));
    }
}
