package lab.trainer.cli;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import lab.trainer.bench.Bench;
import lab.trainer.engine.EngineSetup;
import lab.util.ExitCodes;
import lab.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `lab bench`: matmul peak and training throughput / MFU of the reference shapes, in one process. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the float32 matmul peak and the training throughput and MFU of a ~1M and a ~10M",
            "parameter GPT (vocab 512, context 128, batch 16). Run it on a quiet machine."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON only.")
    boolean json;

    @Option(names = "--seconds", defaultValue = "10", description = "Timed seconds per model. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
    String device;

    @Override
    public Integer call() {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
        }
        EngineSetup.configure();
        try (NDManager base = NDManager.newBaseManager(EngineSetup.device(device))) {
            if (!json) {
                System.out.printf("lab bench: %d threads, device %s, MKL %s%n", EngineSetup.threads(), base.getDevice(),
                        EngineSetup.mklKernels());
            }
            var result = Bench.run(base, Bench.DEFAULT_CASES, seconds, json ? null : System.out);
            result.put("threads", EngineSetup.threads());
            result.put("malloc_tuned", EngineSetup.mallocTuned());
            result.put("mkl_shim", EngineSetup.mklShim());
            result.put("mkl_branch", EngineSetup.mklBranch());
            result.put("mkl_kernels", EngineSetup.mklKernels());
            result.put("device", base.getDevice().toString());
            if (json) {
                System.out.print(Json.pretty(result));
            }
        }
        return ExitCodes.OK;
    }
}
