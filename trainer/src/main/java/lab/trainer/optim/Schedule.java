package lab.trainer.optim;

/**
 * Learning rate as a pure function of the update index s = 0 .. totalSteps - 1.
 * Warmup is linear from peak / warmupSteps at s = 0 to the peak at s = warmupSteps - 1.
 */
public sealed interface Schedule {
    double lr(long step);

    /**
     * Linear warmup, then cosine decay to {@code minRatio} x peak reached exactly at the last
     * update s = totalSteps - 1: Hoffmann et al. 2022, Sec. 3 and App. B (cycle length matched to
     * the run's tokens, 10x decay; Loshchilov and Hutter 2017 for the cosine shape).
     */
    record Cosine(double peak, long warmupSteps, long totalSteps, double minRatio) implements Schedule {
        public Cosine {
            check(peak, warmupSteps, totalSteps, minRatio);
        }

        @Override
        public double lr(long step) {
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            long span = totalSteps - 1 - warmupSteps;
            double progress = span <= 0 ? 1.0 : Math.min(1.0, (double) (step - warmupSteps) / span);
            double min = peak * minRatio;
            return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
    }

    /**
     * Warmup-stable-decay: the peak held until the last {@code decayFraction} of the run, then a
     * 1 - sqrt decay to {@code minRatio} x peak at the last update (Hägele et al. 2024, Sec. 3).
     */
    record WarmupStableDecay(double peak, long warmupSteps, long totalSteps, double minRatio, double decayFraction)
            implements Schedule {
        public WarmupStableDecay {
            check(peak, warmupSteps, totalSteps, minRatio);
            if (!(decayFraction > 0 && decayFraction <= 1)) {
                throw new IllegalArgumentException("train.decay_fraction=" + decayFraction + ": must be within (0, 1]");
            }
        }

        @Override
        public double lr(long step) {
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            long decaySteps = Math.max(1, Math.round(decayFraction * totalSteps));
            long decayStart = totalSteps - decaySteps;
            if (step < decayStart) {
                return peak;
            }
            double progress = decaySteps <= 1 ? 1.0 : Math.min(1.0, (double) (step - decayStart) / (decaySteps - 1));
            double min = peak * minRatio;
            return min + (peak - min) * (1 - Math.sqrt(progress));
        }
    }

    /** Linear warmup, then the peak for the rest of the run. */
    record Constant(double peak, long warmupSteps) implements Schedule {
        public Constant {
            check(peak, warmupSteps, Math.max(1, warmupSteps), 0);
        }

        @Override
        public double lr(long step) {
            return step < warmupSteps ? peak * (step + 1) / warmupSteps : peak;
        }
    }

    private static void check(double peak, long warmupSteps, long totalSteps, double minRatio) {
        if (!(peak > 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("train.lr=" + peak + ": must be positive");
        }
        if (warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warmup steps " + warmupSteps + ": must be within [0, total steps "
                    + totalSteps + "]");
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("total steps " + totalSteps + ": must be at least 1");
        }
        if (!(minRatio >= 0 && minRatio <= 1)) {
            throw new IllegalArgumentException("train.min_lr_ratio=" + minRatio + ": must be within [0, 1]");
        }
    }
}
