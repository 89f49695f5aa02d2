package lab.scaling.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.corpus.build.BuildOptions;
import lab.corpus.build.CorpusBuilder;
import lab.corpus.shard.CorpusDir;

/**
 * The corpus a sweep trains on, as far as planning needs it: the trainer's {@code data} value,
 * the vocabulary, and the number of unique training tokens (for the epochs warning).
 *
 * The default real corpus is gutenberg + sotu tokenised with the family's vocabulary (4,096 when
 * the spec sets none), under LAB_HOME/runs/corpora/; `lab quickstart` builds it.
 *
 * @param data         the trainer's data setting: a folder path or {@code synthetic}
 * @param vocabSize    tokens in the vocabulary, 0 when not known yet (the corpus is not built)
 * @param uniqueTokens unique training tokens; -1 when unlimited (synthetic) or not known yet
 * @param built        false when a real corpus is named but not built yet
 */
public record SweepCorpus(String data, int vocabSize, long uniqueTokens, boolean built) {

    /** The folder under which `lab quickstart` builds the default real corpus: LAB_HOME/runs/corpora. */
    public static Path corporaDir() {
        String home = System.getProperty("lab.home");
        Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        return root.resolve("runs").resolve("corpora");
    }

    /** Where the default real corpus (gutenberg + sotu, BPE with {@code vocab} tokens) lives. */
    public static Path defaultDir(int vocab) {
        return corporaDir().resolve("gutenberg-sotu-v" + vocab);
    }

    /** Builds the default corpus with this vocabulary, or reuses it when it is already built with the same options. */
    public static CorpusDir buildDefault(int vocab, java.util.function.Consumer<String> log) {
        var o = BuildOptions.of(List.of("gutenberg", "sotu"), defaultDir(vocab));
        return CorpusBuilder.buildOrReuse(new BuildOptions(o.sources(), o.out(), vocab, o.valFraction(), o.seed(),
                o.cacheDir(), o.dedup(), log));
    }

    /**
     * @param corpus      the spec's corpus: a folder, {@code synthetic}, or {@code default}
     * @param familyVocab the spec's family.vocab_size (0: not set); picks the default corpus's vocabulary
     */
    public static SweepCorpus resolve(String corpus, int familyVocab) {
        if (corpus.equals("synthetic")) {
            return new SweepCorpus("synthetic", 0, -1, true);
        }
        Path dir = corpus.equals("default") ? defaultDir(familyVocab == 0 ? BuildOptions.DEFAULT_VOCAB : familyVocab)
                : Path.of(corpus);
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            return new SweepCorpus(dir.toAbsolutePath().toString(), 0, -1, false);
        }
        var c = CorpusDir.open(dir);
        return new SweepCorpus(dir.toAbsolutePath().toString(), c.vocabSize(), c.trainTokens(), true);
    }
}
