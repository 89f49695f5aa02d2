package lab.scaling.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a sweep starts one training run: a command prefix to which {@code train --config FILE
 * --run-dir DIR --quiet} is appended. By default a fresh JVM on this JVM's class path running
 * {@code lab.cli.Lab} (robust from the launcher, from tests and under Slurm alike); tests swap
 * in a fake trainer with the same contract.
 */
public record TrainerCommand(List<String> prefix) {
    public TrainerCommand {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("--trainer: the trainer command must not be empty");
        }
        prefix = List.copyOf(prefix);
    }

    /** This JVM's java binary and class path, running the lab CLI. */
    public static TrainerCommand thisJvm() {
        var cmd = new ArrayList<String>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String home = System.getProperty("lab.home");
        if (home != null) {
            cmd.add("-Dlab.home=" + home);
        }
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-DOPT_OUT_TRACKING=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("lab.cli.Lab");
        return new TrainerCommand(cmd);
    }

    /** A command line given by the user, split on whitespace (no quoting). */
    public static TrainerCommand parse(String text) {
        return new TrainerCommand(Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
    }

    public List<String> forCell(SweepIndex index, Cell cell) {
        var cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("train", "--config", index.configFile(cell).toAbsolutePath().toString(),
                "--run-dir", index.runDir(cell).toAbsolutePath().toString(), "--quiet"));
        return cmd;
    }
}
