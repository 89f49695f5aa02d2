package lab.corpus.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
    static byte[] gzip(String s) throws Exception {
        var bos = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bos)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return bos.toByteArray();
    }

    @Test
    void decodesUtf8FallsBackToLatin1AndSkipsBinaryAndEmpty() {
        var log = new ArrayList<String>();
        assertEquals("a\nb\nc", TextFiles.decode("\uFEFFa\r\nb\rc".getBytes(StandardCharsets.UTF_8), "u", log::add));
        assertEquals("café", TextFiles.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9}, "l", log::add));
        assertNull(TextFiles.decode(new byte[] {'P', 'K', 3, 4, 0, 0, 1}, "bin", log::add));
        assertNull(TextFiles.decode(new byte[0], "empty", log::add));
        assertNull(TextFiles.decode(" \n\t".getBytes(StandardCharsets.UTF_8), "blank", log::add));
        assertEquals(4, log.size(), "one message per Latin-1, binary, empty and blank file: " + log);
        assertTrue(log.get(0).contains("Latin-1"));
    }

    @Test
    void anUnreadableFileIsBadInputNamingTheFile(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("looks-like-a.txt"));
        var e = assertThrows(IllegalArgumentException.class, () -> LocalSource.readBytes(folder));
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        Path gone = tmp.resolve("gone.txt");
        var missing = assertThrows(IllegalArgumentException.class, () -> LocalSource.readBytes(gone));
        assertTrue(missing.getMessage().contains(gone.toString()), missing.getMessage());
    }

    @Test
    void strictUtf8RejectsWhatTheLenientDecoderWouldReplace() {
        assertEquals("é", TextFiles.decodeUtf8Strict("é".getBytes(StandardCharsets.UTF_8)));
        assertNull(TextFiles.decodeUtf8Strict(new byte[] {'c', (byte) 0xe9}));
    }

    @Test
    void utf8LengthMatchesEncoder() {
        String s = "aé€😀\uD800x"; // includes a lone surrogate (encoded as '?', 1 byte, by String.getBytes)
        assertEquals("aé€😀".getBytes(StandardCharsets.UTF_8).length, TextFiles.utf8Length("aé€😀"));
        assertEquals(1 + 2 + 3 + 4 + 3 + 1, TextFiles.utf8Length(s));
    }

    @Test
    void stripsGutenbergHeaderAndFooter() {
        String body = "Chapter 1\n\n" + "It was a dark and stormy night.\n".repeat(20);
        String text = "The Project Gutenberg EBook of X\nLicence words\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n"
                + body + "End of the Project Gutenberg EBook of X\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\nlicence\n";
        String stripped = Boilerplate.stripGutenberg(text);
        assertEquals(body.strip() + "\n", stripped);
        assertEquals(body, Boilerplate.stripGutenberg(body), "text without markers is unchanged");
    }

    @Test
    void brownTagsAreStrippedAndDetokenised() {
        String tagged = "\n\n\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' ,/, and/cc it's/pps+bez over/rp ./.\n"
                + "\tHe/pps left/vbd (/( quickly/rb )/) ./.\n\n\n\tNew/jj paragraph/nn ./.\n";
        assertEquals("The jury said \"no evidence\", and it's over. He left (quickly).\n\nNew paragraph.\n\n",
                BrownText.detokenise(tagged));
    }

    @Test
    void readsFoldersOfTextJsonlAndGzipInPathOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.txt"), "second file");
        Files.writeString(dir.resolve("a.md"), "# first file");
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/c.txt.gz"), gzip("gzipped text"));
        Files.writeString(dir.resolve("sub/d.jsonl"), "{\"text\": \"record one\"}\n\n{\"text\": \"record two\", \"id\": 2}\n");
        Files.write(dir.resolve("image.png"), new byte[] {1, 2, 3});
        var log = new ArrayList<String>();
        List<Document> docs = LocalSource.read(dir, log::add);
        assertEquals(List.of("a.md", "b.txt", "sub/c.txt.gz", "sub/d.jsonl:1", "sub/d.jsonl:3"),
                docs.stream().map(Document::name).toList());
        assertEquals("gzipped text", docs.get(2).text());
        assertEquals("record two", docs.get(4).text());
        assertTrue(log.stream().anyMatch(m -> m.contains(".png")), "skipped extensions are reported: " + log);
    }

    @Test
    void badInputIsAnIllegalArgument(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> LocalSource.read(dir.resolve("missing"), s -> { }));
        Files.writeString(dir.resolve("bad.jsonl"), "{\"text\": \"ok\"}\nnot json\n");
        var e = assertThrows(IllegalArgumentException.class, () -> LocalSource.read(dir.resolve("bad.jsonl"), s -> { }));
        assertTrue(e.getMessage().contains("bad.jsonl:2"), e.getMessage());
        Files.write(dir.resolve("broken.txt.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});
        assertThrows(IllegalArgumentException.class, () -> LocalSource.read(dir.resolve("broken.txt.gz"), s -> { }));
    }

    @Test
    void missingRegistryClientSaysWhatToInstall(@TempDir Path cacheDir) {
        String old = System.getProperty("lab.npm");
        System.setProperty("lab.npm", cacheDir.resolve("no-such-npm").toString());
        try {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new CorpusCache(cacheDir).fetch(NamedCorpus.find("gutenberg").orElseThrow(), s -> { }));
            assertTrue(e.getMessage().contains("install Node.js") && e.getMessage().contains("local"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("lab.npm");
            } else {
                System.setProperty("lab.npm", old);
            }
        }
    }

    @Test
    void catalogPinsEveryCorpus() {
        assertEquals(4, NamedCorpus.ALL.size());
        for (NamedCorpus c : NamedCorpus.ALL) {
            assertTrue(c.sha256().matches("[0-9a-f]{64}"), c.name());
            assertFalse(c.licence().isBlank());
            assertTrue(NamedCorpus.find(c.name()).isPresent());
        }
    }
}
