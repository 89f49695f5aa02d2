package lab.scaling.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.trainer.engine.EngineSetup;
import lab.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a sweep through a real single-node Slurm cluster on localhost (needs Debian's slurm and munge). */
@Tag("slurm")
class SlurmExecutorTest {

    @Test
    void jobArrayRunsResubmitsInterruptedAndReportsFailedTasks(@TempDir Path tmp) throws Exception {
        var spec = SpecReader.parse(Json.YAML.readTree(SweepTestSupport.TINY_SPEC), "tiny", null);
        var plan = SweepPlan.of(spec);
        Path out = tmp.resolve("sweep");
        Path ledger = tmp.resolve("ledger");
        try (var cluster = SlurmCluster.start(tmp.resolve("cluster"))) {
            var console = new ByteArrayOutputStream();
            var print = new PrintStream(console, true, StandardCharsets.UTF_8);
            // width 32 fails; width 48's first attempt is "preempted" halfway (exit 143) and must be resubmitted.
            var flaky = TrainerCommand.parse(SweepTestSupport.fakeTrainer(Map.of("seconds", "1", "fail.width", "32",
                    "interrupt.width", "48", "ledger", ledger.toString())));
            try (var index = SweepIndex.create(out, plan, spec.toJson())) {
                var summary = new SlurmExecutor(index, spec, "synthetic", flaky, false, 0.5, print, cluster.env()).run();
                String text = console.toString(StandardCharsets.UTF_8);
                assertEquals(4, summary.done(), text);
                assertEquals(2, summary.failed(), text);
                assertTrue(text.contains("resubmitting 2 interrupted task(s)"), text);
                assertTrue(text.contains("C1e11-d32-s0: slurm FAILED, exit 1: lab: fake failure for width 32"), text);
                assertEquals(2, SweepTestSupport.count(index, "interrupted"));
            }
            // The array script: one task per cell, resources from the spec.
            try (var scripts = Files.list(out.resolve("slurm"))) {
                String first = Files.readString(scripts.sorted().findFirst().orElseThrow());
                assertTrue(first.contains("#SBATCH --array=0,1,2,3,4,5"), first);
                assertTrue(first.contains("#SBATCH --cpus-per-task=1"), first);
                assertTrue(first.contains("case \"$SLURM_ARRAY_TASK_ID\" in"), first);
            }
            // Rerun with --retry-failed and a healthy trainer: only the two failed cells are submitted.
            var healthy = TrainerCommand.parse(SweepTestSupport.fakeTrainer(Map.of("seconds", "1", "ledger",
                    ledger.toString())));
            try (var index = SweepIndex.open(out)) {
                var summary = new SlurmExecutor(index, spec, "synthetic", healthy, true, 0.5, print, cluster.env()).run();
                assertEquals(6, summary.done(), console.toString(StandardCharsets.UTF_8));
                assertEquals(0, summary.failed());
                var trained = SweepTestSupport.stepsTrained(ledger, Map.of());
                for (Cell c : index.cells()) {
                    assertEquals(c.steps(), trained.get(c.id()), c.id() + " trained exactly its steps");
                }
                assertEquals(Map.of("done", 6), SweepStatus.counts(SweepStatus.of(index)));
            }
        }
    }

    /** The real trainer as a Slurm array task: the job's environment, threads and results. */
    @Test
    void realTrainerRunsUnderSlurm(@TempDir Path tmp) throws Exception {
        String oneBudget = SweepTestSupport.TINY_SPEC.replace("budgets: [1e11, 3e11]", "budgets: [1e11]");
        var spec = SpecReader.parse(Json.YAML.readTree(oneBudget), "tiny", null);
        Path out = tmp.resolve("sweep");
        var trainer = TrainerCommand.parse(SweepTestSupport.java() + " -cp " + SweepTestSupport.classPath()
                + " lab.cli.Lab");
        try (var cluster = SlurmCluster.start(tmp.resolve("cluster"));
             var index = SweepIndex.create(out, SweepPlan.of(spec), spec.toJson())) {
            var console = new ByteArrayOutputStream();
            var print = new PrintStream(console, true, StandardCharsets.UTF_8);
            var summary = new SlurmExecutor(index, spec, "synthetic", trainer, false, 0.5, print, cluster.env()).run();
            assertEquals(3, summary.done(), console.toString(StandardCharsets.UTF_8));
            for (Cell c : index.cells()) {
                var r = index.result(c);
                assertEquals(c.params(), r.get("params").asLong(), c.id() + ": the planned shape");
                assertEquals(c.steps(), r.get("steps").asLong(), c.id());
                double loss = r.get("final_val_loss").asDouble();
                assertTrue(loss > 0 && loss < Math.log(128), c.id() + " learned something: " + loss);
                var manifest = Json.read(index.runDir(c).resolve("manifest.json"));
                assertEquals(1, manifest.get("threads").asInt(), c.id() + ": one thread per --cpus-per-task=1");
                assertEquals(EngineSetup.mklShim(), manifest.get("mkl_shim").asBoolean(), c.id() + ": "
                        + manifest.get("mkl_kernels") + " in the job, " + EngineSetup.mklKernels() + " here");
                assertEquals(EngineSetup.mklBranch(), manifest.get("mkl_branch").asText(), c.id());
            }
        }
    }

    @Test
    void expandsArrayRanges() {
        assertEquals(List.of(3, 5, 6, 7), SlurmExecutor.expand("3,5-7%2"));
        assertEquals(List.of(0, 2, 4), SlurmExecutor.expand("0-4:2"));
        assertEquals(7, SlurmExecutor.exitStatus(Json.MAPPER.getNodeFactory().numberNode(1792)));
        assertEquals(1234, SlurmExecutor.leadingNumber("1234_5"));
        assertEquals(0, SlurmExecutor.leadingNumber(""));
        assertEquals(0, SlurmExecutor.leadingNumber("(null)"));
        assertEquals(0, SlurmExecutor.leadingNumber(null));
    }
}
