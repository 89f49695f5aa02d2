package lab.corpus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import lab.corpus.source.TextFiles;
import lab.corpus.tokenizer.Tokenizer;
import lab.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `lab tokenize`: encode a file with a corpus's tokenizer, optionally checking the round trip. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Encode a UTF-8 file with a corpus's BPE tokenizer; print bytes, tokens and the round trip.")
public final class TokenizeCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "Corpus folder with tokenizer files.")
    Path corpus;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text file to encode.")
    Path input;

    @Option(names = "--check", description = "Decode again and compare with the input (exit 1 when they differ).")
    boolean check;

    @Option(names = "--json", description = "Print {\"bytes\", \"tokens\", \"roundtrip\"} as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Tokenizer tok = Tokenizer.load(corpus);
        byte[] bytes = read(input);
        String text = TextFiles.decodeUtf8Strict(bytes);
        if (text == null) {
            throw new IllegalArgumentException("--input " + input + ": not valid UTF-8");
        }
        long t0 = System.nanoTime();
        int[] ids = tok.encode(text);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Boolean roundtrip = check ? Arrays.equals(tok.decode(ids).getBytes(StandardCharsets.UTF_8), bytes) : null;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            var o = Json.object();
            o.put("bytes", bytes.length);
            o.put("tokens", ids.length);
            if (roundtrip == null) {
                o.putNull("roundtrip");
            } else {
                o.put("roundtrip", roundtrip);
            }
            out.println(Json.line(o));
        } else {
            out.printf(Locale.ROOT, "%s: %d bytes, %d tokens, %.3f bytes/token, %.1f MB/s%s%n", input, bytes.length,
                    ids.length, ids.length == 0 ? 0.0 : (double) bytes.length / ids.length,
                    bytes.length / 1e6 / Math.max(seconds, 1e-9),
                    roundtrip == null ? "" : roundtrip ? ", roundtrip ok" : ", ROUNDTRIP FAILED");
        }
        return roundtrip == null || roundtrip ? 0 : 1;
    }

    /** The input's bytes; a missing, unreadable or non-file input is bad input (exit 2). */
    private static byte[] read(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--input: file not found: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--input " + file + " is a folder, not a file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--input: cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
