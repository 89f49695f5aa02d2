package lab.trainer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lab.trainer.config.ConfigTree;
import lab.trainer.config.Presets;
import lab.trainer.engine.EngineSetup;
import lab.trainer.loop.Provenance;
import lab.trainer.loop.RunFolder;
import lab.trainer.loop.RunSetup;
import lab.trainer.loop.TrainingRun;
import lab.util.ExitCodes;
import lab.util.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `lab train`: one run, resumable, into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a GPT into a run folder; run it again on an unfinished folder to resume.",
            "Exit codes: 0 completed, 1 failed or diverged, 2 bad configuration, 143 stopped by SIGTERM after a checkpoint."})
public final class TrainCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(names = "--preset", paramLabel = "NAME", description = "A preset from configs/models (e.g. smoke).")
        String preset;
        @Option(names = "--config", paramLabel = "FILE", description = "A YAML or JSON configuration file.")
        Path config;
    }

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key, e.g. model.width=96 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "Where the run's files go.")
    Path runDir;

    @Option(names = "--data", paramLabel = "DIR", description = "A corpus folder, or 'synthetic'. Default: the config's data.")
    String data;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Length length;

    static final class Length {
        @Option(names = "--steps", description = "Optimizer steps.") Long steps;
        @Option(names = "--tokens", description = "Training tokens D.") Double tokens;
        @Option(names = "--flops", description = "Compute budget C in FLOPs (D = C / FLOPs per token).") Double flops;
        @Option(names = "--tokens-per-param", description = "D / N, e.g. 20 (Chinchilla).") Double tokensPerParam;
    }

    @Option(names = "--device", paramLabel = "auto|cpu|gpu|gpu:N", description = "Default: the config's device (auto).")
    String device;

    @Option(names = "--quiet", description = "Print only warnings, errors and the final summary.")
    boolean quiet;

    @Option(names = "--help-keys", help = true, description = "List every configuration key with its default.")
    boolean helpKeys;

    @Override
    public Integer call() {
        if (helpKeys) {
            ConfigTree.keys().forEach(System.out::println);
            return ExitCodes.OK;
        }
        EngineSetup.configure();
        var files = new ArrayList<Path>();
        if (source != null && source.preset != null) {
            files.add(Presets.find("models", source.preset));
        } else if (source != null) {
            files.add(source.config);
        }
        String lengthKey = null;
        Double lengthValue = null;
        if (length != null) {
            lengthKey = length.steps != null ? "steps" : length.tokens != null ? "tokens"
                    : length.flops != null ? "flops" : "tokens_per_param";
            lengthValue = length.steps != null ? (double) length.steps : length.tokens != null ? length.tokens
                    : length.flops != null ? length.flops : length.tokensPerParam;
        }
        RunSetup setup = RunSetup.resolve(files, sets, lengthKey, lengthValue, data, device);
        var folder = new RunFolder(runDir);
        String state = setup.checkFolder(folder);
        if (state.equals("completed") || state.equals("diverged")) {
            System.out.println("run already finished (" + state + "): " + folder.result() + "; nothing to do");
            return state.equals("completed") ? ExitCodes.OK : ExitCodes.FAILURE;
        }
        if (state.equals("new")) {
            Json.write(folder.config(), setup.resolvedTree());
        }
        var manifest = Provenance.manifest(setup.data(), EngineSetup.device(setup.config().device()).toString(),
                setup.config().seed());
        if (!state.equals("new") && Files.exists(folder.manifest())) {
            var changes = Provenance.numericChanges(Json.read(folder.manifest()), manifest);
            if (!changes.isEmpty()) {
                System.out.println("warning: resuming with " + String.join(", ", changes)
                        + ": the losses will differ slightly from an uninterrupted run's");
            }
        }
        Json.write(folder.manifest(), manifest);
        var run = new TrainingRun(setup.config(), setup.data(), folder,
                TrainingRun.Options.defaults(System.out, quiet));
        Thread hook = new Thread(() -> {
            run.requestStop();
            try {
                run.awaitStopped(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lab-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        var result = run.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already stopping (SIGTERM): the hook has done its job
        }
        String status = result.get("status").asText();
        System.out.printf("%s: %s, val loss %s nats/token, %s bits/byte, %.0f s -> %s%n", status, runDir,
                fmt(result.get("final_val_loss")), fmt(result.get("final_val_bpb")),
                result.get("wall_seconds").asDouble(), Files.exists(folder.result()) ? folder.result() : "");
        return switch (status) {
            case "completed" -> ExitCodes.OK;
            case "interrupted" -> ExitCodes.INTERRUPTED;
            default -> ExitCodes.FAILURE;
        };
    }

    private static String fmt(com.fasterxml.jackson.databind.JsonNode n) {
        return n == null || n.isNull() ? "n/a" : String.format("%.4f", n.asDouble());
    }
}
