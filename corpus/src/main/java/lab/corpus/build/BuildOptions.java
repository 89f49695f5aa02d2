package lab.corpus.build;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import lab.corpus.clean.Deduplicator;
import lab.corpus.source.CorpusCache;
import lab.corpus.tokenizer.Tokenizer;

/**
 * What `lab corpus build` does.
 *
 * @param sources     local paths or named corpora (gutenberg, sotu, brown, europarl), in order:
 *                    earlier sources win when documents are duplicated
 * @param out         the corpus folder to write (replaced atomically when it holds a corpus)
 * @param vocabSize   BPE vocabulary including the end-of-document token, [257, 65536]
 * @param valFraction share of the deduplicated text's bytes (whole documents) held out, [0, 0.5]
 * @param seed        root seed: the validation split is derived from it
 * @param cacheDir    where named corpora are downloaded
 * @param dedup       deduplication settings
 * @param log         progress and warnings, one line each
 */
public record BuildOptions(List<String> sources, Path out, int vocabSize, double valFraction, long seed,
                           Path cacheDir, Deduplicator.Params dedup, Consumer<String> log) {
    public static final int DEFAULT_VOCAB = 4096;
    public static final double DEFAULT_VAL_FRACTION = 0.05;
    public static final long DEFAULT_SEED = 1234;

    public BuildOptions {
        if (sources == null || sources.isEmpty() || sources.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("--source: give at least one file, folder or corpus name");
        }
        sources = List.copyOf(sources);
        if (out == null) {
            throw new IllegalArgumentException("--out: a folder is required");
        }
        if (vocabSize < Tokenizer.MIN_VOCAB || vocabSize > Tokenizer.MAX_VOCAB) {
            throw new IllegalArgumentException("--vocab must be within [" + Tokenizer.MIN_VOCAB + ", "
                    + Tokenizer.MAX_VOCAB + "] (256 byte tokens + merges + 1 end-of-document token), got " + vocabSize);
        }
        if (!(valFraction >= 0 && valFraction <= 0.5)) {
            throw new IllegalArgumentException("--val-fraction must be within [0, 0.5], got " + valFraction);
        }
        cacheDir = cacheDir == null ? CorpusCache.defaultDir() : cacheDir;
        dedup = dedup == null ? Deduplicator.Params.DEFAULT : dedup;
        log = log == null ? s -> { } : log;
    }

    public static BuildOptions of(List<String> sources, Path out) {
        return new BuildOptions(sources, out, DEFAULT_VOCAB, DEFAULT_VAL_FRACTION, DEFAULT_SEED, null, null, null);
    }
}
