package lab.corpus.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Known boilerplate: Project Gutenberg's header (everything up to the "*** START OF ..." line) and
 * licence footer (from "*** END OF ..." or "End of [the] Project Gutenberg ..." on).
 */
public final class Boilerplate {
    private static final Pattern START = Pattern.compile(
            "(?im)^\\s*\\*{3}\\s*START OF (THE|THIS) PROJECT GUTENBERG.*$");
    private static final Pattern END = Pattern.compile(
            "(?im)^\\s*(\\*{3}\\s*END OF (THE|THIS) PROJECT GUTENBERG|End of (the )?Project Gutenberg).*$");

    private Boilerplate() {}

    /** The text without Gutenberg header and footer; the text itself when it has neither. */
    public static String stripGutenberg(String text) {
        String t = text;
        boolean changed = false;
        Matcher start = START.matcher(t);
        if (start.find() && start.start() < t.length() / 2) {
            t = t.substring(start.end());
            changed = true;
        }
        Matcher end = END.matcher(t);
        if (end.find() && end.start() > t.length() / 2) {
            t = t.substring(0, end.start());
            changed = true;
        }
        return !changed || t.isBlank() ? text : t.strip() + "\n";
    }
}
