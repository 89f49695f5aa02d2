package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import lab.trainer.model.GptConfig;
import lab.util.Json;

/**
 * One training run of a sweep: a shape trained for a whole number of steps near one budget.
 * C = 6·N·D with N every parameter (Hoffmann et al. 2022, Sec. 3; the trainer's convention), and
 * D = steps · batch · context, so the realised FLOPs can differ from the nominal budget by the
 * rounding of the step count.
 *
 * @param index            position in the grid (the Slurm array task id)
 * @param budget           the nominal budget C this cell belongs to, in FLOPs
 * @param seed             the training seed
 * @param shape            the model
 * @param steps            optimizer steps
 * @param tokensPerStep    batch · context
 * @param estimatedSeconds wall time predicted by the spec's throughput model
 */
public record Cell(int index, double budget, long seed, GptConfig shape, long steps, long tokensPerStep,
                   double estimatedSeconds) {

    public Cell {
        if (steps < 1 || tokensPerStep < 1) {
            throw new IllegalArgumentException("cell " + index + ": steps and tokens per step must be positive");
        }
    }

    /** A stable, readable identifier: budget, width, seed, e.g. {@code C3e11-d32-s0}. */
    public String id() {
        return "C" + formatFlops(budget) + "-d" + shape.width() + "-s" + seed;
    }

    public long params() {
        return shape.params().total();
    }

    public long paramsNonEmbedding() {
        return shape.params().nonEmbedding();
    }

    public long tokens() {
        return steps * tokensPerStep;
    }

    /** Realised training FLOPs 6·N·D. */
    public double flops() {
        return 6.0 * params() * tokens();
    }

    public double tokensPerParam() {
        return (double) tokens() / params();
    }

    /** 3e11, 1.5e12: at most three significant digits, no plus sign, for ids and tables. */
    public static String formatFlops(double c) {
        String s = String.format(Locale.ROOT, "%.2e", c); // 1.50e+12
        String mantissa = s.substring(0, s.indexOf('e')).replaceAll("0+$", "").replaceAll("\\.$", "");
        int exponent = Integer.parseInt(s.substring(s.indexOf('e') + 1));
        return mantissa + "e" + exponent;
    }

    public ObjectNode toJson() {
        var o = Json.object();
        o.put("index", index);
        o.put("id", id());
        o.put("budget", budget);
        o.put("flops", flops());
        o.put("params", params());
        o.put("params_non_embedding", paramsNonEmbedding());
        o.put("tokens", tokens());
        o.put("tokens_per_param", tokensPerParam());
        o.put("steps", steps);
        o.put("seed", seed);
        o.put("width", shape.width());
        o.put("layers", shape.layers());
        o.put("heads", shape.heads());
        o.put("vocab_size", shape.vocabSize());
        o.put("context", shape.contextLength());
        o.put("tied_head", shape.tiedHead());
        o.put("tokens_per_step", tokensPerStep);
        o.put("estimated_seconds", estimatedSeconds);
        return o;
    }

    public static Cell fromJson(JsonNode o) {
        var shape = new GptConfig(o.get("vocab_size").asInt(), o.get("context").asInt(), o.get("width").asInt(),
                o.get("layers").asInt(), o.get("heads").asInt(), o.get("tied_head").asBoolean());
        return new Cell(o.get("index").asInt(), o.get("budget").asDouble(), o.get("seed").asLong(), shape,
                o.get("steps").asLong(), o.get("tokens_per_step").asLong(), o.get("estimated_seconds").asDouble());
    }
}
