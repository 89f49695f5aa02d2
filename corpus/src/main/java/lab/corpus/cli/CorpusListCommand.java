package lab.corpus.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import lab.corpus.source.CorpusCache;
import lab.corpus.source.NamedCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `lab corpus list`: the named corpora, their size, licence and whether they are cached. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the public corpora the lab can fetch.")
public final class CorpusListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--cache", description = "Download cache folder. Default: $LAB_CACHE or ~/.cache/lab/corpora.")
    Path cache;

    @Override
    public void run() {
        var c = new CorpusCache(cache == null ? CorpusCache.defaultDir() : cache);
        PrintWriter out = spec.commandLine().getOut();
        String row = "%-10s %-8s %-6s %-8s %-7s %s%n";
        out.printf(Locale.ROOT, row, "name", "version", "text", "registry", "cached", "licence");
        for (NamedCorpus n : NamedCorpus.ALL) {
            out.printf(Locale.ROOT, row, n.name(), n.version(), String.format(Locale.ROOT, "%.1fM", n.textBytes() / 1e6),
                    n.registry(), c.isCached(n) ? "yes" : "no", n.licence());
        }
        out.println("cache: " + c.dir());
    }
}
