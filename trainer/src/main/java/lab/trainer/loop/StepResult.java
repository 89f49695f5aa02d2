package lab.trainer.loop;

/** What one optimizer step reports: the batch's loss and the gradients' global L2 norm before clipping. */
record StepResult(double loss, double gradNorm) {
    boolean finite() {
        return Double.isFinite(loss) && Double.isFinite(gradNorm);
    }
}
