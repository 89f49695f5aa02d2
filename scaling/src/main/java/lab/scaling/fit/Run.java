package lab.scaling.fit;

import java.util.List;

/**
 * One finished training run as the fits see it: its size, its data, its compute and the loss it
 * reached, plus (when known) its evaluation curve for Approach 1.
 *
 * @param id     where the run came from ("file.csv:12" or the run folder relative to the sweep)
 * @param params parameters under the chosen convention (total or non-embedding)
 * @param tokens training tokens seen
 * @param flops  training compute as the input counts it (the trainer's {@code flops_convention});
 *               6·N_total·D when the input does not give it
 * @param loss   final validation loss (nats per token)
 * @param curve  (flops, tokens, val_loss) points in training order; empty when unknown
 */
public record Run(String id, long params, long tokens, double flops, double loss, List<CurvePoint> curve) {
    public Run {
        if (params <= 0 || tokens <= 0) {
            throw new IllegalArgumentException(id + ": params and tokens must be positive, got params="
                    + params + " tokens=" + tokens);
        }
        if (!(flops > 0) || !Double.isFinite(flops)) {
            throw new IllegalArgumentException(id + ": flops must be positive, got " + flops);
        }
        if (!(loss > 0) || !Double.isFinite(loss)) {
            throw new IllegalArgumentException(id + ": loss must be positive, got " + loss);
        }
        curve = List.copyOf(curve);
    }

    public Run(String id, long params, long tokens, double flops, double loss) {
        this(id, params, tokens, flops, loss, List.of());
    }

    /** Training compute under the C = 6·N·D approximation (Kaplan et al. 2020, section 2.1). */
    public static double sixND(long params, long tokens) {
        return 6.0 * params * tokens;
    }

    /** Unit weights for {@code n} runs: the full data set in the weighted fits (a bootstrap resample has counts). */
    public static double[] unitWeights(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    /**
     * One evaluation point of a run's loss curve. Tokens are kept beside flops because flops need not
     * be 6·N·D under the run's flops and params conventions, so D cannot be recovered from C and N.
     */
    public record CurvePoint(double flops, double tokens, double loss) {
        public CurvePoint {
            if (!(flops > 0) || !(tokens > 0) || !(loss > 0) || !Double.isFinite(flops) || !Double.isFinite(tokens)
                    || !Double.isFinite(loss)) {
                throw new IllegalArgumentException("curve point needs positive flops, tokens and loss, got flops="
                        + flops + " tokens=" + tokens + " loss=" + loss);
            }
        }
    }
}
