package lab.trainer.loop;

/**
 * What one optimizer step reports: the batch's loss, the gradients' global L2 norm before clipping,
 * and, for a non-finite step, what went non-finite (Stepper.culprit: "loss", "gradient of NAME",
 * or "gradient norm (the squares of NAME overflow)").
 */
record StepResult(double loss, double gradNorm, String culprit) {
    StepResult(double loss, double gradNorm) {
        this(loss, gradNorm, "");
    }

    boolean finite() {
        return Double.isFinite(loss) && Double.isFinite(gradNorm);
    }
}
