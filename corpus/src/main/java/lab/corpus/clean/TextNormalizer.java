package lab.corpus.clean;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The form two texts are compared in for deduplication: Unicode NFKC, curly quotes folded to
 * straight ones, dashes to '-', whitespace runs to one space, lower case. Only used for hashing;
 * the corpus keeps the original text.
 */
public final class TextNormalizer {
    private TextNormalizer() {}

    public static String normalize(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        var sb = new StringBuilder(nfkc.length());
        boolean space = true; // drops leading whitespace
        for (int i = 0; i < nfkc.length(); i++) {
            char c = fold(nfkc.charAt(i));
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (!space) {
                    sb.append(' ');
                    space = true;
                }
            } else {
                sb.append(c);
                space = false;
            }
        }
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == ' ') {
            sb.setLength(n - 1);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Quote and dash variants to their ASCII forms. */
    static char fold(char c) {
        return switch (c) {
            case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u00B4', '\u0060' -> '\'';
            case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB' -> '"';
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D' -> '-';
            default -> c;
        };
    }
}
