package lab.scaling.sweep;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real one-node Slurm cluster on localhost for tests, brought up and down by
 * src/test/resources/slurm/cluster.sh (../shared/docs/SLURM.md): daemons in the foreground under
 * setsid, all state under one folder, every job cancelled and every daemon stopped by PID at close.
 * Without Slurm and munge installed, {@link #start} fails loudly.
 */
public final class SlurmCluster implements AutoCloseable {
    private final Path dir;

    private SlurmCluster(Path dir) {
        this.dir = dir;
    }

    public static SlurmCluster start(Path dir) throws IOException, InterruptedException {
        var cluster = new SlurmCluster(dir);
        String out = cluster.script("up");
        if (!out.contains("SLURM_CONF=")) {
            cluster.close();
            throw new IllegalStateException("cluster.sh up did not print SLURM_CONF: " + out);
        }
        return cluster;
    }

    /** The environment Slurm clients need to talk to this cluster. */
    public Map<String, String> env() {
        return Map.of("SLURM_CONF", dir.resolve("slurm.conf").toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("down");
    }

    private String script(String command) throws IOException, InterruptedException {
        Path sh;
        try {
            sh = Path.of(SlurmCluster.class.getResource("/slurm/cluster.sh").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        var p = new ProcessBuilder(List.of("bash", sh.toString(), command, dir.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cluster.sh " + command + " failed: " + out);
        }
        return out;
    }
}
