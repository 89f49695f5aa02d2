package lab.trainer.loop;

import java.io.PrintStream;
import lab.util.Durations;

/**
 * Human output: one fixed line per log interval (nanoGPT style) and, on a terminal, a progress
 * bar redrawn in place. Machines read metrics.jsonl, never this.
 */
final class Console {
    private final PrintStream out;
    private final boolean quiet;
    private final boolean terminal;
    private final long totalSteps;
    private final long startNanos = System.nanoTime();
    private long firstStep = -1;
    private boolean barShown;

    Console(PrintStream out, boolean quiet, long totalSteps) {
        this.out = out;
        this.quiet = quiet;
        this.terminal = System.console() != null && out == System.out;
        this.totalSteps = totalSteps;
    }

    void line(long step, double trainLoss, double valLoss, double lr, double stepMillis, double tokensPerSecond,
              double mfu, boolean withVal) {
        if (quiet) {
            return;
        }
        clearBar();
        String val = withVal ? String.format(" | val %.4f", valLoss) : "";
        out.printf("step %6d/%d | loss %.4f%s | lr %.2e | %7.1f ms/step | %,9.0f tok/s | MFU %5.1f%% | ETA %s%n",
                step, totalSteps, trainLoss, val, lr, stepMillis, tokensPerSecond, 100 * mfu,
                Durations.format(stepMillis / 1000 * (totalSteps - step)));
    }

    void progress(long step) {
        if (quiet || !terminal) {
            return;
        }
        int width = 30;
        int filled = (int) (width * step / Math.max(1, totalSteps));
        out.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + step + "/" + totalSteps
                + " ETA " + eta(step) + "   ");
        out.flush();
        barShown = true;
    }

    void done() {
        clearBar();
    }

    private void clearBar() {
        if (barShown) {
            out.print("\r" + " ".repeat(70) + "\r");
            barShown = false;
        }
    }

    private String eta(long step) {
        if (firstStep < 0) {
            firstStep = step - 1;
        }
        long done = step - firstStep;
        if (done <= 0) {
            return "?";
        }
        double perStep = (System.nanoTime() - startNanos) / 1e9 / done;
        return Durations.format(perStep * (totalSteps - step));
    }
}
