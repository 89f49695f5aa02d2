package lab.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.trainer.model.FlopConvention;
import lab.trainer.model.GptConfig;
import lab.trainer.model.ShapeFamily;
import lab.trainer.optim.AdamW;
import lab.trainer.optim.Schedule;

/**
 * A fully resolved training configuration: every `auto` replaced by its value, the run length
 * turned into a step count. Built from a {@link ConfigTree} and the data's vocabulary; validated
 * here, each error naming its key.
 */
public record RunConfig(GptConfig model, int batchSize, double lr, double minLrRatio, double warmup,
                        String scheduleName, double decayFraction, AdamW.Settings adamw, double gradClip, long seed,
                        long steps, FlopConvention flopsConvention, int maxRetries, int evalEvery, int evalBatches,
                        int evalBatchSize, int logEvery, int checkpointEvery, int checkpointKeep, String device) {

    public RunConfig {
        GptConfig.require(batchSize >= 1, "train.batch_size", batchSize, "must be at least 1");
        GptConfig.require(steps >= 1, "train length", steps, "must come to at least 1 step");
        GptConfig.require(warmup >= 0 && warmup < 1, "train.warmup", warmup, "must be a fraction within [0, 1)");
        GptConfig.require(gradClip >= 0, "train.grad_clip", gradClip, "must be >= 0");
        GptConfig.require(maxRetries >= 0, "train.max_retries", maxRetries, "must be >= 0");
        GptConfig.require(evalEvery >= 0, "eval.every", evalEvery, "must be >= 0");
        GptConfig.require(evalBatches >= 1, "eval.batches", evalBatches, "must be at least 1");
        GptConfig.require(evalBatchSize >= 1, "eval.batch_size", evalBatchSize, "must be at least 1");
        GptConfig.require(logEvery >= 1, "log.every", logEvery, "must be at least 1");
        GptConfig.require(checkpointEvery >= 0, "checkpoint.every", checkpointEvery, "must be >= 0");
        GptConfig.require(checkpointKeep >= 1, "checkpoint.keep", checkpointKeep, "must be at least 1");
        buildSchedule(scheduleName, lr, warmupSteps(warmup, steps), steps, minLrRatio, decayFraction); // validates
    }

    /**
     * Default peak learning rate for width d: 3e-3 up to d = 128 (the CPU pilot's setting, stable
     * for 4k-650k parameters), then ∝ 1/sqrt(d) (AdamW's best rate falls with width: Kaplan et al.
     * 2020, App. D.6, Eq. D.1): d = 512 gives 1.5e-3, d = 768 gives 1.2e-3.
     */
    public static double autoLearningRate(int width) {
        return 3e-3 * Math.min(1.0, Math.sqrt(128.0 / width));
    }

    public long tokensPerStep() {
        return (long) batchSize * model.contextLength();
    }

    public long tokens() {
        return steps * tokensPerStep();
    }

    public long warmupSteps() {
        return warmupSteps(warmup, steps);
    }

    private static long warmupSteps(double warmup, long steps) {
        return warmup == 0 ? 0 : Math.max(1, Math.round(warmup * steps));
    }

    public Schedule schedule() {
        return buildSchedule(scheduleName, lr, warmupSteps(), steps, minLrRatio, decayFraction);
    }

    private static Schedule buildSchedule(String scheduleName, double lr, long warmupSteps, long steps,
                                          double minLrRatio, double decayFraction) {
        return switch (scheduleName) {
            case "cosine" -> new Schedule.Cosine(lr, warmupSteps, steps, minLrRatio);
            case "wsd" -> new Schedule.WarmupStableDecay(lr, warmupSteps, steps, minLrRatio, decayFraction);
            case "constant" -> new Schedule.Constant(lr, warmupSteps);
            default -> throw new IllegalArgumentException("train.schedule='" + scheduleName
                    + "': expected cosine, wsd or constant");
        };
    }

    /** Resolves a merged tree against the data's vocabulary (used when model.vocab_size is auto). */
    public static RunConfig resolve(ObjectNode tree, int dataVocab) {
        JsonNode m = tree.get("model");
        JsonNode t = tree.get("train");
        int vocab = isAuto(m, "vocab_size") ? dataVocab : integer(m, "model.vocab_size");
        if (vocab < dataVocab) {
            throw new IllegalArgumentException("model.vocab_size=" + vocab + ": smaller than the data's vocabulary "
                    + dataVocab);
        }
        int context = integer(m, "model.context");
        boolean tied = bool(m, "model.tied_head");
        int width = integer(m, "model.width");
        var family = new ShapeFamily(vocab, context, tied);
        int layers = isAuto(m, "layers") ? ShapeFamily.layersFor(width) : integer(m, "model.layers");
        int heads = isAuto(m, "heads") ? Math.max(1, width / ShapeFamily.headSizeFor(width)) : integer(m, "model.heads");
        GptConfig model = isAuto(m, "layers") && isAuto(m, "heads") ? family.ofWidth(width)
                : new GptConfig(vocab, context, width, layers, heads, tied);
        double lr = isAuto(t, "lr") ? autoLearningRate(width) : number(t, "train.lr");
        int batch = integer(t, "train.batch_size");
        long steps = lengthInSteps(t, model, (long) batch * context);
        var adamw = new AdamW.Settings(number(t, "train.beta1"), number(t, "train.beta2"), number(t, "train.eps"),
                number(t, "train.weight_decay"));
        JsonNode e = tree.get("eval");
        JsonNode c = tree.get("checkpoint");
        return new RunConfig(model, batch, lr, number(t, "train.min_lr_ratio"), number(t, "train.warmup"),
                text(t, "train.schedule"), number(t, "train.decay_fraction"), adamw, number(t, "train.grad_clip"),
                integer(t, "train.seed"), steps, FlopConvention.parse(text(t, "train.flops_convention")),
                integer(t, "train.max_retries"), integer(e, "eval.every"), integer(e, "eval.batches"),
                integer(e, "eval.batch_size"), integer(tree.get("log"), "log.every"), integer(c, "checkpoint.every"),
                integer(c, "checkpoint.keep"), text(tree, "device"));
    }

    /** Exactly one of train.steps / tokens / flops / tokens_per_param, turned into whole steps (rounded up). */
    static long lengthInSteps(JsonNode t, GptConfig model, long tokensPerStep) {
        String[] keys = {"steps", "tokens", "flops", "tokens_per_param"};
        String chosen = null;
        for (String k : keys) {
            if (t.hasNonNull(k)) {
                if (chosen != null) {
                    throw new IllegalArgumentException("train." + chosen + " and train." + k
                            + " both set: give exactly one of --steps, --tokens, --flops, --tokens-per-param");
                }
                chosen = k;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException("no training length: give one of --steps, --tokens, --flops, --tokens-per-param");
        }
        double value = number(t, "train." + chosen);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("train." + chosen + "=" + value + ": must be positive");
        }
        FlopConvention convention = FlopConvention.parse(text(t, "train.flops_convention"));
        double tokens = switch (chosen) {
            case "steps" -> value * tokensPerStep;
            case "tokens" -> value;
            case "flops" -> value / convention.perToken(model);
            default -> value * model.params().total();
        };
        if (chosen.equals("steps") && value != Math.rint(value)) {
            throw new IllegalArgumentException("train.steps=" + value + ": must be a whole number");
        }
        return Math.max(1, (long) Math.ceil(tokens / tokensPerStep - 1e-9));
    }

    private static boolean isAuto(JsonNode section, String key) {
        JsonNode v = section.get(key);
        return v == null || v.isNull() || (v.isTextual() && v.asText().equals("auto"));
    }

    public static int integer(JsonNode section, String key) {
        long value = whole(section, key);
        if (Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + "=" + value + ": expected a whole number below 2^31");
        }
        return (int) value;
    }

    /** A whole number that a double holds exactly (|x| <= 2^53). */
    public static long whole(JsonNode section, String key) {
        JsonNode v = section.get(key.substring(key.lastIndexOf('.') + 1));
        double value = v != null && (v.isNumber() || v.isTextual()) ? number(section, key) : Double.NaN;
        if (value != Math.rint(value) || Math.abs(value) > 0x1p53) {
            throw new IllegalArgumentException(key + "=" + v + ": expected a whole number");
        }
        return (long) value;
    }

    public static double number(JsonNode section, String key) {
        JsonNode v = section.get(key.substring(key.lastIndexOf('.') + 1));
        if (v != null && v.isTextual() && v.asText().matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
            return Double.parseDouble(v.asText()); // YAML 1.1 reads 3e-3 (no dot) as text
        }
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(key + "=" + v + ": expected a number");
        }
        return v.asDouble();
    }

    static boolean bool(JsonNode section, String key) {
        JsonNode v = section.get(key.substring(key.lastIndexOf('.') + 1));
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException(key + "=" + v + ": expected true or false");
        }
        return v.asBoolean();
    }

    static String text(JsonNode section, String key) {
        JsonNode v = section.get(key.substring(key.lastIndexOf('.') + 1));
        if (v == null || v.isNull() || v.isContainerNode()) {
            throw new IllegalArgumentException(key + "=" + v + ": expected text");
        }
        return v.asText();
    }
}
