package lab.trainer.loop;

import ai.djl.ndarray.NDManager;
import lab.trainer.data.TokenSource;
import lab.trainer.model.Gpt;
import lab.trainer.optim.AdamW;

/** The training loop's own step, exposed for `lab bench` so the benchmark measures exactly it. */
public final class BenchStepper {
    private final Stepper stepper;

    public BenchStepper(Gpt model, AdamW optimizer, NDManager base, int batch) {
        this.stepper = new Stepper(model, optimizer, base, batch);
    }

    public double step(TokenSource data, long step) {
        return stepper.train(data, 1, step, 1e-3, 1.0, false).loss();
    }
}
