package lab.corpus.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * GPT-4-style pre-tokenisation: text is cut into words by the cl100k_base regular expression
 * (OpenAI tiktoken, openai_public.py), and BPE merges never cross a word boundary. Contractions,
 * letter runs with one leading non-letter, 1-3 digit groups, punctuation runs and whitespace.
 *
 * <p>Java's {@code \s} matches only ASCII whitespace unless UNICODE_CHARACTER_CLASS is set;
 * Python's regex module (what tiktoken uses) matches Unicode whitespace, so the flag is set for
 * both to cut text the same way. Every character is matched by some branch, so no text is lost.
 */
public final class PreTokenizer {
    public static final String PATTERN =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    public static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;

    private PreTokenizer() {}

    public static Pattern compile(String pattern) {
        return Pattern.compile(pattern, FLAGS);
    }

    /** Every distinct pre-token of the texts with its count, counted in parallel over texts. */
    public static Map<String, Long> countWords(List<String> texts, Pattern pattern) {
        int chunks = Math.max(1, Math.min(texts.size(), Runtime.getRuntime().availableProcessors() * 4));
        return IntStream.range(0, chunks).parallel().mapToObj(c -> {
            var counts = new HashMap<String, long[]>();
            for (int t = c; t < texts.size(); t += chunks) {
                Matcher m = pattern.matcher(texts.get(t));
                while (m.find()) {
                    counts.computeIfAbsent(m.group(), k -> new long[1])[0]++;
                }
            }
            return counts;
        }).reduce((a, b) -> {
            var big = a.size() >= b.size() ? a : b;
            var small = big == a ? b : a;
            small.forEach((k, v) -> big.merge(k, v, (x, y) -> {
                x[0] += y[0];
                return x;
            }));
            return big;
        }).map(PreTokenizer::unbox).orElseGet(HashMap::new);
    }

    private static Map<String, Long> unbox(Map<String, long[]> m) {
        var out = new HashMap<String, Long>(m.size() * 2);
        m.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }
}
