package lab.util;

import java.util.Locale;

/** Durations as people read them in progress lines and plans: "42s", "3m07s", "2h05m". */
public final class Durations {
    private Durations() {}

    public static String format(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
