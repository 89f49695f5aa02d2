package lab.scaling.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.trainer.model.GptConfig;
import lab.trainer.model.ShapeFamily;
import lab.util.Json;

/**
 * The grid of a sweep: for each budget, {@code sizes.count} shapes spaced evenly in log N around
 * the predicted optimum, each trained for D = C / 6N tokens (rounded to whole steps), repeated per
 * seed; plus the warnings a person should see before spending the compute.
 */
public record SweepPlan(SweepSpec spec, SweepCorpus corpus, int vocabSize, List<Cell> cells, List<String> warnings) {

    public SweepPlan {
        cells = List.copyOf(cells);
        warnings = List.copyOf(warnings);
    }

    public static SweepPlan of(SweepSpec spec) {
        return of(spec, SweepCorpus.resolve(spec.corpus(), spec.family().vocabSize()));
    }

    public static SweepPlan of(SweepSpec spec, SweepCorpus corpus) {
        var warnings = new ArrayList<String>();
        int vocab = spec.family().vocabSize();
        if (vocab == 0) {
            if (corpus.vocabSize() == 0) {
                throw new IllegalArgumentException("sweep spec family.vocab_size: required when the corpus ("
                        + corpus.data() + ") does not give one");
            }
            vocab = corpus.vocabSize();
        } else if (corpus.vocabSize() != 0 && corpus.vocabSize() != vocab) {
            warnings.add("family.vocab_size " + vocab + " differs from the corpus's " + corpus.vocabSize());
        }
        if (!corpus.built()) {
            warnings.add("corpus " + corpus.data() + " is not built yet: epochs unknown");
        }
        var family = new ShapeFamily(vocab, spec.family().context(), spec.family().tiedHead());
        GptConfig smallest = family.ofWidth(ShapeFamily.MIN_WIDTH);
        long perStep = spec.tokensPerStep();
        var cells = new ArrayList<Cell>();
        for (double budget : spec.budgets()) {
            String c = Cell.formatFlops(budget);
            double centre = centreParams(spec.sizes(), budget);
            if (centre < smallest.params().total()) {
                warnings.add("budget " + c + ": the predicted optimum N=" + Math.round(centre)
                        + " is below the smallest shape (N=" + smallest.params().total() + "); the valley's left side is missing");
            }
            List<GptConfig> shapes = shapesAround(family.all(), centre, spec.sizes());
            if (shapes.size() < spec.sizes().count()) {
                warnings.add("budget " + c + ": only " + shapes.size() + " distinct shapes for "
                        + spec.sizes().count() + " sizes");
            }
            double worstRounding = 0;
            double maxEpochs = 0;
            int dropped = 0;
            for (GptConfig shape : shapes) {
                long n = shape.params().total();
                long steps = Math.round(budget / (6.0 * n * perStep));
                if (steps < spec.minSteps()) {
                    dropped++;
                    continue;
                }
                for (long seed : spec.seeds()) {
                    double seconds = spec.throughput().seconds(6.0 * n * perStep, steps);
                    var cell = new Cell(cells.size(), budget, seed, shape, steps, perStep, seconds);
                    worstRounding = Math.max(worstRounding, Math.abs(cell.flops() / budget - 1));
                    if (corpus.uniqueTokens() > 0) {
                        maxEpochs = Math.max(maxEpochs, (double) cell.tokens() / corpus.uniqueTokens());
                    }
                    cells.add(cell);
                }
            }
            if (dropped == shapes.size()) {
                warnings.add("budget " + c + ": too small for the shapes near its optimum (every cell below min_steps="
                        + spec.minSteps() + "); no cells");
            } else if (dropped > 0) {
                warnings.add("budget " + c + ": " + dropped + " size(s) dropped, fewer than min_steps=" + spec.minSteps() + " steps");
            }
            if (worstRounding > 0.01) {
                warnings.add(String.format(java.util.Locale.ROOT, "budget %s: whole steps move a cell's FLOPs %.1f%% "
                        + "off the budget (IsoFLOP grouping allows 1%%); raise the budget or min_steps", c, 100 * worstRounding));
            }
            if (maxEpochs > 1) {
                warnings.add(String.format(java.util.Locale.ROOT, "budget %s: D exceeds the corpus's %d unique training "
                        + "tokens (up to %.1f epochs)", c, corpus.uniqueTokens(), maxEpochs));
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("sweep spec budgets: no budget yields a cell with at least min_steps="
                    + spec.minSteps() + " steps");
        }
        return new SweepPlan(spec, corpus, vocab, cells, warnings);
    }

    /**
     * The shapes nearest to {@code count} targets spread evenly in log N over [centre/sqrt(span),
     * centre·sqrt(span)]; where the family is coarser than the targets (tiny models), neighbours
     * are taken instead so that the sizes stay distinct.
     */
    static List<GptConfig> shapesAround(List<GptConfig> all, double centre, SweepSpec.SizeGrid sizes) {
        int k = Math.min(sizes.count(), all.size());
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            double position = k == 1 ? 0 : (double) i / (k - 1) - 0.5;
            double target = Math.log(centre * Math.pow(sizes.span(), position));
            int best = 0;
            for (int j = 1; j < all.size(); j++) {
                if (Math.abs(Math.log(all.get(j).params().total()) - target)
                        < Math.abs(Math.log(all.get(best).params().total()) - target)) {
                    best = j;
                }
            }
            idx[i] = i == 0 ? best : Math.max(best, idx[i - 1] + 1);
        }
        int overflow = idx[k - 1] - (all.size() - 1);
        var out = new ArrayList<GptConfig>();
        for (int i = 0; i < k; i++) {
            out.add(all.get(Math.max(0, idx[i] - Math.max(0, overflow))));
        }
        return out.stream().distinct().toList();
    }

    /**
     * The predicted compute-optimal N at budget C. With D = R·N and C = 6·N·D (Hoffmann et al. 2022,
     * Sec. 3): N = sqrt(C / 6R); R = 20 is the rule of thumb from their Table 3. With a fit:
     * N_opt = G·(C/6)^a (Approach 3, their Eq. 4), else the Approach 2 power law through its budgets.
     */
    static double centreParams(SweepSpec.SizeGrid sizes, double budget) {
        if (!sizes.centre().equals("fit")) {
            return Math.sqrt(budget / (6 * sizes.tokensPerParam()));
        }
        JsonNode fit = Json.read(Path.of(sizes.fitFile()));
        JsonNode a3 = fit.path("approach3");
        if (a3.path("G").isNumber() && a3.path("a").isNumber()) {
            return a3.get("G").asDouble() * Math.pow(budget / 6, a3.get("a").asDouble());
        }
        JsonNode a2 = fit.path("approach2");
        if (a2.path("a").isNumber() && a2.path("budgets").isArray() && a2.get("budgets").size() > 0) {
            double a = a2.get("a").asDouble();
            double sum = 0;
            for (JsonNode b : a2.get("budgets")) {
                sum += Math.log(b.get("n_opt").asDouble()) - a * Math.log(b.get("flops").asDouble());
            }
            return Math.exp(sum / a2.get("budgets").size() + a * Math.log(budget));
        }
        throw new IllegalArgumentException("sweep spec sizes.fit: " + sizes.fitFile()
                + " has neither approach3 {G, a} nor approach2 {a, budgets}");
    }

    public double totalFlops() {
        return cells.stream().mapToDouble(Cell::flops).sum();
    }

    public double totalSeconds() {
        return cells.stream().mapToDouble(Cell::estimatedSeconds).sum();
    }

    public ObjectNode toJson() {
        var o = Json.object();
        o.put("name", spec.name());
        o.put("corpus", corpus.data());
        o.put("vocab_size", vocabSize);
        o.put("context", spec.family().context());
        o.put("batch_size", spec.batchSize());
        var arr = o.putArray("cells");
        cells.forEach(c -> arr.add(c.toJson()));
        o.put("total_flops", totalFlops());
        o.put("total_estimated_seconds", totalSeconds());
        var tp = o.putObject("time_model");
        tp.put("formula", "seconds = startup_seconds + steps * (step_overhead_ms/1000 + 6*N*batch*context / (gflops*1e9))");
        tp.put("gflops", spec.throughput().gflops());
        tp.put("step_overhead_ms", spec.throughput().stepOverheadMs());
        tp.put("startup_seconds", spec.throughput().startupSeconds());
        var w = o.putArray("warnings");
        warnings.forEach(w::add);
        return o;
    }
}
