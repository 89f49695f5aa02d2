package lab.corpus.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import lab.corpus.clean.DedupReport;
import lab.corpus.clean.Deduplicator;
import lab.corpus.shard.CorpusDir;
import lab.corpus.shard.CorpusFolders;
import lab.corpus.shard.Manifest;
import lab.corpus.shard.TokenDtype;
import lab.corpus.shard.TokenWriter;
import lab.corpus.source.CorpusCache;
import lab.corpus.source.Document;
import lab.corpus.tokenizer.Tokenizer;
import lab.util.Json;
import lab.util.LabVersion;

/**
 * `lab corpus build`: read sources, clean, deduplicate, split by document, train the BPE tokenizer
 * on the training split, encode, and write the corpus folder. Everything is written into a hidden
 * sibling folder that is renamed into place at the end, so a failed or killed build leaves either
 * the previous corpus or none.
 */
public final class CorpusBuilder {
    /** Documents encoded per batch (bounds the memory held by token arrays). */
    private static final int ENCODE_BATCH = 512;

    private CorpusBuilder() {}

    /** Builds the corpus and returns its manifest. */
    public static ObjectNode build(BuildOptions o) {
        long t0 = System.nanoTime();
        var log = o.log();
        var cache = new CorpusCache(o.cacheDir());
        var docs = new ArrayList<Document>();
        var sources = Json.MAPPER.createArrayNode();
        for (String spec : SourceLoader.distinct(o.sources())) {
            var loaded = SourceLoader.load(spec, cache, log);
            docs.addAll(loaded.documents());
            sources.add(loaded.entry());
        }
        long bytesIn = docs.stream().mapToLong(Document::bytesIn).sum();
        double tRead = seconds(t0);

        DedupReport.Result dedup = Deduplicator.run(docs, o.dedup());
        List<Document> kept = dedup.kept();
        DedupReport report = dedup.report();
        log.accept("dedup: " + docs.size() + " documents in, " + report.exactDocuments() + " exact and "
                + report.nearDocuments() + " near duplicates, " + report.paragraphs() + " repeated paragraphs removed; "
                + kept.size() + " kept");
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no text left in " + String.join(",", o.sources())
                    + " after cleaning and dedup");
        }
        double tDedup = seconds(t0);

        var split = ValidationSplit.split(kept, o.valFraction(), o.seed());
        var trainTexts = split.train().stream().map(Document::text).toList();
        log.accept("bpe: training a " + o.vocabSize() + "-token vocabulary on " + split.train().size() + " documents");
        Tokenizer tokenizer = Tokenizer.train(trainTexts, o.vocabSize(), log);
        double tBpe = seconds(t0);

        Path out = o.out().toAbsolutePath().normalize();
        ObjectNode manifest = CorpusFolders.write(out, tmp -> {
            TokenDtype dtype = TokenDtype.forVocab(tokenizer.vocabSize());
            long trainTokens = encode(split.train(), tokenizer, tmp.resolve("train.bin"), dtype);
            long valTokens = encode(split.val(), tokenizer, tmp.resolve("val.bin"), dtype);
            double tEncode = seconds(t0);
            tokenizer.save(tmp);
            Json.write(tmp.resolve("dedup_report.json"), report.toJson(o.dedup()));

            long trainBytes = split.train().stream().mapToLong(Document::utf8Bytes).sum();
            long valBytes = split.val().stream().mapToLong(Document::utf8Bytes).sum();
            var documents = new Manifest.Documents(docs.size(), kept.size(), report.exactDocuments(),
                    report.nearDocuments(), bytesIn, trainBytes + valBytes);
            var tokens = new Manifest.Tokens(trainTokens, valTokens, tokenizer.vocabSize(), dtype,
                    (double) trainBytes / trainTokens, "UTF-8 bytes of the text per token, end-of-document tokens"
                    + " included; bits per byte = loss_nats / ln 2 / bytes_per_token");
            ObjectNode m = Manifest.of("text", sources, documents, tokens,
                    CorpusDir.sha256(tmp.resolve(Tokenizer.TIKTOKEN_FILE)), o.seed());
            m.put("paragraph_duplicates_removed", report.paragraphs());
            m.put("documents_emptied_by_paragraph_dedup", report.emptiedDocuments());
            m.put("train_documents", split.train().size());
            m.put("val_documents", split.val().size());
            m.put("train_bytes", trainBytes);
            m.put("val_bytes", valBytes);
            m.put("end_of_document_id", tokenizer.endOfDocument());
            m.put("val_bytes_per_token", valTokens == 0 ? 0.0 : (double) valBytes / valTokens);
            m.set("options", optionsJson(o));
            ObjectNode times = m.putObject("timings_seconds");
            times.put("read", tRead);
            times.put("dedup", tDedup - tRead);
            times.put("bpe", tBpe - tDedup);
            times.put("encode", tEncode - tBpe);
            times.put("encode_mb_per_second", (trainBytes + valBytes) / 1e6 / (tEncode - tBpe));
            times.put("total", seconds(t0));
            Json.write(tmp.resolve("manifest.json"), m);
            return m;
        });
        log.accept("corpus " + out + ": " + manifest.get("train_tokens").asLong() + " train + "
                + manifest.get("val_tokens").asLong() + " val tokens, " + String.format(Locale.ROOT,
                "%.2f bytes/token, %.1f s", manifest.get("bytes_per_token").asDouble(), seconds(t0)));
        return manifest;
    }

    /** Builds unless {@code o.out()} already holds a corpus built with the same options. */
    public static CorpusDir buildOrReuse(BuildOptions o) {
        Path manifest = o.out().resolve("manifest.json");
        if (Files.isRegularFile(manifest)) {
            JsonNode m = Json.read(manifest);
            JsonNode wanted;
            try { // through text, so numbers compare by value and not by Java type
                wanted = Json.MAPPER.readTree(Json.line(optionsJson(o)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (wanted.equals(m.get("options")) && LabVersion.VERSION.equals(m.path("lab_version").asText())) {
                o.log().accept("reuse corpus " + o.out() + " (same options)");
                return CorpusDir.open(o.out());
            }
        }
        build(o);
        return CorpusDir.open(o.out());
    }

    static ObjectNode optionsJson(BuildOptions o) {
        ObjectNode j = Json.object();
        o.sources().forEach(j.putArray("sources")::add);
        j.put("vocab_size", o.vocabSize());
        j.put("val_fraction", o.valFraction());
        j.put("seed", o.seed());
        j.put("shingle_words", o.dedup().near().shingleWords());
        j.put("lsh_bands", o.dedup().near().bands());
        j.put("lsh_rows", o.dedup().near().rows());
        j.put("near_jaccard_threshold", o.dedup().near().threshold());
        j.put("min_paragraph_chars", o.dedup().minParagraphChars());
        j.put("paragraph_dedup", o.dedup().paragraphs());
        return j;
    }

    /**
     * Encodes documents in parallel (longest first over a fixed pool, so one long book does not
     * leave a core idle) in batches that bound the memory held; each document is followed by the
     * end-of-document id, in corpus order.
     */
    static long encode(List<Document> docs, Tokenizer tokenizer, Path file, TokenDtype dtype) {
        int threads = Runtime.getRuntime().availableProcessors();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "encode");
            t.setDaemon(true);
            return t;
        });
        try (var w = new TokenWriter(file, dtype)) {
            for (int start = 0; start < docs.size(); start += ENCODE_BATCH) {
                int from = start;
                int to = Math.min(docs.size(), start + ENCODE_BATCH);
                int[][] ids = new int[to - from][];
                var order = IntStream.range(from, to).boxed()
                        .sorted(java.util.Comparator.comparingInt((Integer i) -> -docs.get(i).text().length())).toList();
                var futures = new ArrayList<java.util.concurrent.Future<?>>();
                for (int i : order) {
                    futures.add(pool.submit(() -> ids[i - from] = tokenizer.encode(docs.get(i).text())));
                }
                for (var f : futures) {
                    f.get();
                }
                for (int[] doc : ids) {
                    w.write(doc);
                    w.write(tokenizer.endOfDocument());
                }
            }
            return w.tokens();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
