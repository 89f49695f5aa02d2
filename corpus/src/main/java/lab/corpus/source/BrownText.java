package lab.corpus.source;

/**
 * The Brown corpus as plain text: "word/tag" tokens lose their tags and are joined back into
 * ordinary spacing (no space before closing punctuation, after opening brackets and quotes);
 * `` and '' become straight double quotes. Sentences are lines, paragraphs blank-line separated.
 */
public final class BrownText {
    private static final java.util.regex.Pattern CLOSING =
            java.util.regex.Pattern.compile("[.,;:!?)\\]}%]+|'s|'|n't|'re|'ll|'ve|'d|'m");
    private BrownText() {}

    public static String detokenise(String tagged) {
        var out = new StringBuilder(tagged.length() / 2);
        var paragraph = new StringBuilder();
        for (String line : tagged.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                flush(paragraph, out);
                continue;
            }
            if (paragraph.length() > 0) {
                paragraph.append(' ');
            }
            appendSentence(trimmed, paragraph);
        }
        flush(paragraph, out);
        return out.toString();
    }

    private static void flush(StringBuilder paragraph, StringBuilder out) {
        if (paragraph.length() > 0) {
            out.append(paragraph).append("\n\n");
            paragraph.setLength(0);
        }
    }

    private static void appendSentence(String line, StringBuilder sb) {
        boolean glueNext = true; // no space before the first word
        boolean openQuote = true;
        for (String token : line.split("\\s+")) {
            int slash = token.lastIndexOf('/');
            String word = slash > 0 ? token.substring(0, slash) : token;
            if (word.equals("``")) {
                word = "\"";
            } else if (word.equals("''")) {
                word = "\"";
                openQuote = false;
            }
            boolean closing = CLOSING.matcher(word).matches() || (word.equals("\"") && !openQuote);
            if (!glueNext && !closing) {
                sb.append(' ');
            }
            sb.append(word);
            glueNext = word.equals("(") || word.equals("[") || word.equals("$") || (word.equals("\"") && openQuote);
            openQuote = true;
        }
    }
}
