package lab.scaling.plan;

/**
 * A compute split: N parameters trained on D tokens for C FLOPs, and the loss the method predicts
 * (NaN when the method has no loss law).
 */
public record Allocation(long params, long tokens, double flops, double loss) {
    public Allocation {
        if (params <= 0 || tokens <= 0 || !(flops > 0)) {
            throw new IllegalArgumentException("allocation needs positive params, tokens and flops, got N=" + params
                    + " D=" + tokens + " C=" + flops);
        }
    }

    public double tokensPerParam() {
        return (double) tokens / params;
    }
}
