package lab.corpus.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.SplittableRandom;
import lab.corpus.shard.CorpusFolders;
import lab.corpus.shard.Manifest;
import lab.corpus.shard.TokenDtype;
import lab.corpus.shard.TokenWriter;
import lab.util.Json;
import lab.util.LabVersion;

/**
 * `lab corpus synth`: a {@link MarkovLanguage} stream written as a corpus folder (train.bin,
 * val.bin, manifest.json) with its true entropy rate in {@code entropy_nats_per_token}. There is
 * no text and no tokenizer: {@code bytes_per_token} is 1 by convention, so "bits per byte" of a
 * synthetic corpus reads as bits per token.
 */
public final class SynthCorpus {
    /** Tokens generated per piece. */
    private static final int PIECE = 1 << 16;

    /**
     * @param trainTokens tokens in train.bin
     * @param valTokens   tokens in val.bin (an independent stretch of the same chain)
     * @param vocab       number of token ids
     * @param branching   successors per token
     * @param zipf        exponent of the successor probabilities (0 = uniform)
     */
    public record Options(Path out, long trainTokens, long valTokens, int vocab, int branching, double zipf, long seed) {
        public Options {
            if (out == null) {
                throw new IllegalArgumentException("--out: a folder is required");
            }
            if (trainTokens < 1) {
                throw new IllegalArgumentException("--tokens must be >= 1, got " + trainTokens);
            }
            if (valTokens < 0) {
                throw new IllegalArgumentException("--val-tokens must be >= 0, got " + valTokens);
            }
            if (vocab < 2 || vocab > 1 << 24) {
                throw new IllegalArgumentException("--vocab must be within [2, 16777216], got " + vocab);
            }
            if (branching < 1 || branching > vocab) {
                throw new IllegalArgumentException("--branching must be within [1, vocab=" + vocab + "], got " + branching);
            }
            if (!(zipf >= 0)) {
                throw new IllegalArgumentException("--zipf must be >= 0, got " + zipf);
            }
        }
    }

    private SynthCorpus() {}

    public static ObjectNode write(Options o) {
        var lang = new MarkovLanguage(o.vocab(), o.branching(), o.zipf(), o.seed());
        var root = new SplittableRandom(o.seed());
        SplittableRandom trainRng = root.split();
        SplittableRandom valRng = root.split();
        TokenDtype dtype = TokenDtype.forVocab(o.vocab());
        return CorpusFolders.write(o.out(), tmp -> {
            stream(lang, trainRng, o.trainTokens(), tmp.resolve("train.bin"), dtype);
            stream(lang, valRng, o.valTokens(), tmp.resolve("val.bin"), dtype);
            ArrayNode sources = Json.MAPPER.createArrayNode();
            ObjectNode src = sources.addObject();
            src.put("name", "synthetic-markov");
            src.put("version", LabVersion.VERSION);
            src.putNull("sha256");
            src.put("licence", "generated");
            src.put("origin", "lab.corpus.synth.MarkovLanguage: first-order Markov chain, Zipf successor probabilities");
            var tokens = new Manifest.Tokens(o.trainTokens(), o.valTokens(), o.vocab(), dtype, 1.0,
                    "synthetic tokens are not text; 1 by convention (bits per byte = bits per token)");
            ObjectNode m = Manifest.of("synthetic", sources, Manifest.Documents.NONE, tokens, null, o.seed());
            m.put("entropy_nats_per_token", lang.entropyRate());
            m.put("entropy_bits_per_token", lang.entropyRate() / Math.log(2));
            ObjectNode s = m.putObject("synthetic");
            s.put("branching", o.branching());
            s.put("zipf_exponent", o.zipf());
            s.put("entropy_source", "Cover and Thomas, Elements of Information Theory, Theorem 4.2.4");
            Json.write(tmp.resolve("manifest.json"), m);
            return m;
        });
    }

    private static void stream(MarkovLanguage lang, SplittableRandom rng, long tokens, Path file, TokenDtype dtype) {
        try (var w = new TokenWriter(file, dtype)) {
            int state = rng.nextInt(lang.vocab());
            int[] piece = new int[PIECE];
            for (long done = 0; done < tokens; ) {
                int n = (int) Math.min(PIECE, tokens - done);
                int[] buf = n == PIECE ? piece : new int[n];
                state = lang.generate(buf, state, rng);
                w.write(buf);
                done += n;
            }
        }
    }
}
