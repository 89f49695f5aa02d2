package lab.scaling.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lab.trainer.config.ConfigTree;
import lab.trainer.config.RunConfig;
import lab.trainer.loop.RunSetup;

/**
 * A resolved IsoFLOP sweep specification (configs/sweeps/*.yaml, read by {@link SpecReader}).
 * Every record validates itself; errors name the field as it is spelled in the YAML.
 *
 * @param name       a short name (the preset's file name by default)
 * @param budgets    training compute budgets C in FLOPs, each one IsoFLOP curve
 * @param sizes      how many model sizes per budget and where they sit
 * @param family     the shape family's fixed settings (vocabulary, context, head tying)
 * @param corpus     a corpus folder, {@code synthetic}, or {@code default} (the default real corpus)
 * @param trainer    {@code --set} style trainer settings applied to every cell
 * @param seeds      training seeds; more than one repeats every cell to measure seed noise
 * @param minSteps   cells with fewer optimizer steps are dropped with a warning
 * @param executor   local workers and Slurm resources
 * @param throughput the time model used for estimates
 */
public record SweepSpec(String name, List<Double> budgets, SizeGrid sizes, Family family, String corpus,
                        Map<String, String> trainer, List<Long> seeds, long minSteps, ExecutorSettings executor,
                        Throughput throughput) {

    /** Keys a sweep sets itself per cell; the trainer map may not set them. */
    static final Set<String> CELL_KEYS = Set.of("model.width", "model.layers", "model.heads", "model.vocab_size",
            "model.context", "model.tied_head", "train.steps", "train.tokens", "train.flops",
            "train.tokens_per_param", "train.seed", "data", "device");
    public static final long DEFAULT_BATCH_SIZE = 16;

    public SweepSpec {
        require(name != null && name.matches("[A-Za-z0-9._-]+"), "name", "must be letters, digits, '.', '_' or '-'");
        require(budgets != null && !budgets.isEmpty(), "budgets", "must list at least one budget");
        for (int i = 0; i < budgets.size(); i++) {
            double c = budgets.get(i);
            require(Double.isFinite(c) && c > 0, "budgets[" + i + "]", "must be positive, got " + c);
            for (int j = 0; j < i; j++) {
                require(!Cell.formatFlops(budgets.get(j)).equals(Cell.formatFlops(c)), "budgets[" + i + "]",
                        "duplicates budgets[" + j + "] (" + Cell.formatFlops(c) + ")");
            }
        }
        require(sizes != null, "sizes", "is required");
        require(family != null, "family", "is required");
        require(corpus != null && !corpus.isBlank(), "corpus", "must be a folder, 'synthetic' or 'default'");
        trainer = Map.copyOf(trainer == null ? Map.of() : trainer);
        for (var key : trainer.keySet()) {
            require(key.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?"), "trainer." + key,
                    "must be a section.key trainer setting");
            require(!CELL_KEYS.contains(key), "trainer." + key, "is set by the sweep for each cell");
        }
        require(batchSizeOf(trainer) > 0, "trainer.train.batch_size", "must be a positive integer");
        checkTrainerSettings(trainer, family, corpus);
        seeds = List.copyOf(seeds == null || seeds.isEmpty() ? List.of(0L) : seeds);
        require(Set.copyOf(seeds).size() == seeds.size(), "seeds", "must be distinct");
        require(minSteps >= 1, "min_steps", "must be at least 1, got " + minSteps);
        require(executor != null, "executor", "is required");
        require(throughput != null, "throughput", "is required");
    }

    /** Sequences per optimizer step (the trainer's train.batch_size); steps = D / (batch · context). */
    public long batchSize() {
        return batchSizeOf(trainer);
    }

    private static long batchSizeOf(Map<String, String> trainer) {
        String b = trainer.getOrDefault("train.batch_size", String.valueOf(DEFAULT_BATCH_SIZE));
        try {
            return Long.parseLong(b.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public long tokensPerStep() {
        return batchSize() * family.context();
    }

    /**
     * Model sizes per budget: {@code count} target sizes spaced evenly in log N from
     * centre / sqrt(span) to centre · sqrt(span), each mapped to the nearest shape of the family.
     *
     * @param count          sizes per budget (at least 1; a parabola needs 3)
     * @param span           ratio of the largest to the smallest target N (at least 1)
     * @param centre         where the optimum is predicted: {@code rule} (Chinchilla's 20 tokens per
     *                       parameter), {@code tokens_per_param} (D/N = tokensPerParam) or {@code fit}
     * @param tokensPerParam D/N at the centre for {@code tokens_per_param} (20 for {@code rule})
     * @param fitFile        a fit.json written by `lab fit`, for {@code fit}
     */
    public record SizeGrid(int count, double span, String centre, double tokensPerParam, String fitFile) {
        public SizeGrid {
            require(count >= 1 && count <= 64, "sizes.count", "must be within [1, 64], got " + count);
            require(Double.isFinite(span) && span >= 1, "sizes.span", "must be at least 1 (largest/smallest N), got " + span);
            require(Set.of("rule", "tokens_per_param", "fit").contains(centre), "sizes.centre",
                    "must be rule, tokens_per_param or fit, got '" + centre + "'");
            require(Double.isFinite(tokensPerParam) && tokensPerParam > 0, "sizes.tokens_per_param",
                    "must be positive, got " + tokensPerParam);
            require(!centre.equals("fit") || (fitFile != null && !fitFile.isBlank()), "sizes.fit",
                    "must name a fit.json when sizes.centre is fit");
        }
    }

    /** The shape family's fixed fields; vocabSize 0 means "the corpus's vocabulary". */
    public record Family(int vocabSize, int context, boolean tiedHead) {
        public Family {
            require(vocabSize == 0 || vocabSize >= 2, "family.vocab_size", "must be at least 2, got " + vocabSize);
            require(context >= 1 && context <= 65_536, "family.context", "must be within [1, 65536], got " + context);
        }
    }

    /**
     * Where cells run. Local: {@code workers} processes at once. Slurm: one array task per cell
     * with these resources.
     */
    public record ExecutorSettings(int workers, String partition, String time, int cpus, int gpus) {
        public ExecutorSettings {
            require(workers >= 1 && workers <= 256, "executor.workers", "must be within [1, 256], got " + workers);
            require(time == null || time.matches("(\\d+-)?\\d+(:\\d\\d){0,2}"), "executor.slurm.time",
                    "must be a Slurm time such as 00:30:00 or 1-00:00:00, got '" + time + "'");
            require(cpus >= 1, "executor.slurm.cpus", "must be at least 1, got " + cpus);
            require(gpus >= 0, "executor.slurm.gpus", "must not be negative, got " + gpus);
        }
    }

    /**
     * The time model for estimates (documented in docs/exercises.md and `lab sweep plan --help`):
     * seconds per cell = startup + steps · (overhead + 6·N·B·T / (gflops · 1e9)). Defaults fit the
     * CPU pilot (../shared/docs/PILOT.md: 9.5k params ~16 GFLOP/s, 25k ~28, 373k ~64 on 2 threads).
     */
    public record Throughput(double gflops, double stepOverheadMs, double startupSeconds) {
        public Throughput {
            require(Double.isFinite(gflops) && gflops > 0, "throughput.gflops", "must be positive, got " + gflops);
            require(Double.isFinite(stepOverheadMs) && stepOverheadMs >= 0, "throughput.step_overhead_ms",
                    "must not be negative, got " + stepOverheadMs);
            require(Double.isFinite(startupSeconds) && startupSeconds >= 0, "throughput.startup_seconds",
                    "must not be negative, got " + startupSeconds);
        }

        public double seconds(double flopsPerStep, long steps) {
            return startupSeconds + steps * (stepOverheadMs / 1e3 + flopsPerStep / (gflops * 1e9));
        }
    }

    /** The resolved spec in the YAML's own key names (written into sweep.json). */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        var o = lab.util.Json.object();
        o.put("name", name);
        var b = o.putArray("budgets");
        budgets.forEach(b::add);
        var s = o.putObject("sizes");
        s.put("count", sizes.count());
        s.put("span", sizes.span());
        s.put("centre", sizes.centre());
        s.put("tokens_per_param", sizes.tokensPerParam());
        s.put("fit", sizes.fitFile());
        var f = o.putObject("family");
        f.put("vocab_size", family.vocabSize());
        f.put("context", family.context());
        f.put("tied_head", family.tiedHead());
        o.put("corpus", corpus);
        var t = o.putObject("trainer");
        new java.util.TreeMap<>(trainer).forEach(t::put);
        var sd = o.putArray("seeds");
        seeds.forEach(sd::add);
        o.put("min_steps", minSteps);
        var e = o.putObject("executor");
        e.put("workers", executor.workers());
        var sl = e.putObject("slurm");
        sl.put("partition", executor.partition());
        sl.put("time", executor.time());
        sl.put("cpus", executor.cpus());
        sl.put("gpus", executor.gpus());
        var tp = o.putObject("throughput");
        tp.put("gflops", throughput.gflops());
        tp.put("step_overhead_ms", throughput.stepOverheadMs());
        tp.put("startup_seconds", throughput.startupSeconds());
        return o;
    }

    /**
     * Resolves the trainer settings the way every cell's `lab train` will, on a sample cell of the
     * family, so a misspelt key or a value `lab train` would refuse fails when the spec is read
     * instead of in every cell. On the synthetic corpus the synthetic.* values are checked for type
     * and the language's vocabulary against the family's (their ranges only when a cell runs).
     */
    private static void checkTrainerSettings(Map<String, String> trainer, Family family, String corpus) {
        ObjectNode tree = ConfigTree.defaults();
        for (var e : new TreeMap<>(trainer).entrySet()) {
            try {
                ConfigTree.set(tree, e.getKey() + "=" + e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("sweep spec trainer." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        ConfigTree.set(tree, "train.steps=1");
        ConfigTree.set(tree, "model.context=" + family.context());
        ConfigTree.set(tree, "model.tied_head=" + family.tiedHead());
        int dataVocab = 2;
        try {
            if (corpus.equals("synthetic")) {
                if (!trainer.containsKey("synthetic.vocab") && family.vocabSize() > 0) {
                    ConfigTree.set(tree, "synthetic.vocab=" + family.vocabSize()); // as SweepIndex.writeCellConfig
                }
                dataVocab = RunSetup.Synthetic.of(tree.get("synthetic")).vocab();
            }
            if (family.vocabSize() > 0) {
                ConfigTree.set(tree, "model.vocab_size=" + family.vocabSize());
            }
            RunConfig.resolve(tree, dataVocab);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("sweep spec trainer: " + ex.getMessage(), ex);
        }
    }

    static void require(boolean ok, String field, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("sweep spec " + field + ": " + rule);
        }
    }
}
