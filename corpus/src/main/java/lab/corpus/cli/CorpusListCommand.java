package lab.corpus.cli;

import java.nio.file.Path;
import lab.corpus.source.CorpusCache;
import lab.corpus.source.NamedCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `lab corpus list`: the named corpora, their size, licence and whether they are cached. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the public corpora the lab can fetch.")
public final class CorpusListCommand implements Runnable {
    @Option(names = "--cache", description = "Download cache folder. Default: $LAB_CACHE or ~/.cache/lab/corpora.")
    Path cache;

    @Override
    public void run() {
        var c = new CorpusCache(cache == null ? CorpusCache.defaultDir() : cache);
        String row = "%-10s %-8s %-6s %-8s %-7s %s%n";
        System.out.printf(row, "name", "version", "text", "registry", "cached", "licence");
        for (NamedCorpus n : NamedCorpus.ALL) {
            System.out.printf(row, n.name(), n.version(), String.format("%.1fM", n.textBytes() / 1e6), n.registry(),
                    c.isCached(n) ? "yes" : "no", n.licence());
        }
        System.out.println("cache: " + c.dir());
    }
}
