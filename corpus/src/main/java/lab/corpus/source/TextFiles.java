package lab.corpus.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Bytes to text: UTF-8 with a Latin-1 fallback (with a warning), binary and empty files skipped
 * with a message each, one newline convention ("\n"), no byte-order mark.
 */
public final class TextFiles {
    /** How much of a file the binary check looks at. */
    private static final int SNIFF_BYTES = 8192;

    private TextFiles() {}

    /**
     * Decodes one file's bytes, or returns null when the file is binary or empty (after saying so).
     *
     * @param name used in messages
     */
    public static String decode(byte[] bytes, String name, Consumer<String> log) {
        if (bytes.length == 0) {
            log.accept("skip " + name + ": empty file");
            return null;
        }
        if (looksBinary(bytes)) {
            log.accept("skip " + name + ": binary file");
            return null;
        }
        String text = decodeUtf8Strict(bytes);
        if (text == null) {
            log.accept("warning: " + name + " is not valid UTF-8; read as Latin-1");
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        text = unifyNewlines(text);
        if (text.isBlank()) {
            log.accept("skip " + name + ": no text (only whitespace)");
            return null;
        }
        return text;
    }

    /** The bytes as UTF-8, or null when they are not valid UTF-8 (no replacement characters). */
    public static String decodeUtf8Strict(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A NUL byte, or more than 10% control bytes other than tab/newline/CR/FF/ESC, in the first 8 KiB. */
    static boolean looksBinary(byte[] bytes) {
        int n = Math.min(bytes.length, SNIFF_BYTES);
        int control = 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b == 0) {
                return true;
            }
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1b) {
                control++;
            }
        }
        return control * 10 > n;
    }

    /** CRLF and lone CR become LF; a leading byte-order mark goes. */
    public static String unifyNewlines(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (t.indexOf('\r') < 0) {
            return t;
        }
        return t.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** UTF-8 byte length without encoding the string. */
    public static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
