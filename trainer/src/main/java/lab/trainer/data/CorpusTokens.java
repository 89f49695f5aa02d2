package lab.trainer.data;

import java.nio.file.Path;
import lab.corpus.shard.CorpusDir;

/** A corpus folder built by `lab corpus build` or `lab corpus synth`, memory-mapped. */
public final class CorpusTokens implements TokenSource {
    private final CorpusDir corpus;

    public CorpusTokens(Path dir) {
        this.corpus = CorpusDir.open(dir);
    }

    @Override public int vocabSize() { return corpus.vocabSize(); }
    @Override public long trainTokens() { return corpus.train().size(); }
    @Override public long valTokens() { return corpus.val().size(); }
    @Override public int trainToken(long index) { return corpus.train().get(index); }
    @Override public int valToken(long index) { return corpus.val().get(index); }
    @Override public double bytesPerToken() { return corpus.bytesPerToken(); }
    @Override public String describe() { return corpus.dir().toAbsolutePath().normalize().toString(); }
    @Override public String manifestSha256() { return corpus.manifestSha256(); }
    @Override public double entropyNatsPerToken() { return corpus.entropyNatsPerToken(); }
}
