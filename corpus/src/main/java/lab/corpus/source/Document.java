package lab.corpus.source;

/**
 * One document of a corpus: a file, a JSONL record, a book or a speech.
 *
 * @param source   the source it came from (a corpus name or the path given to --source)
 * @param name     where inside that source (a file path, "file:line", an archive entry)
 * @param text     the decoded, newline-unified text
 * @param bytesIn  the size of the raw input it was read from, in bytes
 */
public record Document(String source, String name, String text, long bytesIn) {
    public Document {
        if (source == null || name == null || text == null) {
            throw new IllegalArgumentException("document source, name and text must not be null");
        }
        if (bytesIn < 0) {
            throw new IllegalArgumentException("document bytesIn must be >= 0, got " + bytesIn);
        }
    }

    public Document withText(String newText) {
        return new Document(source, name, newText, bytesIn);
    }

    /** UTF-8 size of the text as it stands. */
    public long utf8Bytes() {
        return TextFiles.utf8Length(text);
    }
}
