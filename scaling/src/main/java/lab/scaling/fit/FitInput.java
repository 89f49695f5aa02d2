package lab.scaling.fit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import lab.util.Json;

/**
 * Reads the runs to fit: a CSV {@code params,tokens,loss[,flops]} or a sweep folder of run folders.
 *
 * <p>CSV: one header line; column names are case-insensitive and other columns are ignored, except
 * that a column whose name starts with {@code excluded} set to 1 drops the row (the Chinchilla file's
 * {@code excluded_by_epoch}). Missing (or blank) flops default to 6·params·tokens (Kaplan et al. 2020,
 * section 2.1). The file must be UTF-8.
 *
 * <p>Sweep folder: every {@code result.json} below it (outside {@code report/}) with
 * {@code status == "completed"} is one run; loss is {@code final_val_loss}; flops are the trainer's,
 * counted under its {@code flops_convention} (which must agree across runs); the curve for Approach 1
 * comes from the {@code metrics.jsonl} lines that carry {@code val_loss}, with their {@code tokens}.
 *
 * @param runs            the runs, sorted by flops then params
 * @param source          the file or folder read
 * @param convention      which parameter count {@code params} holds
 * @param flopsConvention how {@code flops} were counted: the trainer's label (6n, 6n-attention,
 *                        chinchilla), {@code csv} (the file's flops column), {@code 6n} when defaulted,
 *                        or {@code unknown}
 * @param skipped         runs seen but not used, with the reason (status not completed, excluded row)
 */
public record FitInput(List<Run> runs, Path source, ParamsConvention convention, String flopsConvention,
                       List<String> skipped) {
    /** The label for flops computed here as 6·N_total·D. */
    public static final String SIX_N = "6n";

    public FitInput {
        runs = List.copyOf(runs);
        skipped = List.copyOf(skipped);
        if (flopsConvention == null || flopsConvention.isBlank()) {
            throw new IllegalArgumentException("flops convention must be named (6n when flops = 6·N·D)");
        }
    }

    /** In-memory runs whose flops are 6·N·D. */
    public FitInput(List<Run> runs, Path source, ParamsConvention convention, List<String> skipped) {
        this(runs, source, convention, SIX_N, skipped);
    }

    /** Smallest compute among the runs: with {@link #maxFlops} and {@link #maxParams}, the range fitted. */
    public double minFlops() {
        return runs.stream().mapToDouble(Run::flops).min().orElse(Double.NaN);
    }

    /** Largest compute among the runs; plans far beyond it extrapolate the fitted exponents. */
    public double maxFlops() {
        return runs.stream().mapToDouble(Run::flops).max().orElse(Double.NaN);
    }

    /** Largest model among the runs (under {@link #convention}). */
    public long maxParams() {
        return runs.stream().mapToLong(Run::params).max().orElse(0);
    }

    public static FitInput read(Path path, ParamsConvention convention) {
        if (Files.isDirectory(path)) {
            return readSweep(path, convention);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("--input " + path + ": no such file or folder");
        }
        if (convention != ParamsConvention.TOTAL) {
            throw new IllegalArgumentException("--params-convention " + convention.label()
                    + " needs a sweep folder (a CSV has one params column)");
        }
        return readCsv(path);
    }

    public static FitInput readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text (" + e + "); save the CSV as UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file, expected a header params,tokens,loss[,flops]");
        }
        String[] header = lines.get(0).split(",", -1);
        int params = column(header, "params");
        int tokens = column(header, "tokens");
        int loss = column(header, "loss");
        int flops = column(header, "flops");
        int excluded = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().toLowerCase(Locale.ROOT).startsWith("excluded")) {
                excluded = i;
            }
        }
        var missing = new ArrayList<String>();
        if (params < 0) missing.add("params");
        if (tokens < 0) missing.add("tokens");
        if (loss < 0) missing.add("loss");
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ": missing column(s) " + String.join(", ", missing)
                    + "; the header must name params,tokens,loss[,flops]");
        }
        var runs = new ArrayList<Run>();
        var skipped = new ArrayList<String>();
        for (int row = 1; row < lines.size(); row++) {
            String line = lines.get(row);
            if (line.isBlank()) {
                continue;
            }
            String where = file + " row " + (row + 1);
            String[] cells = line.split(",", -1);
            if (cells.length < header.length) {
                throw new IllegalArgumentException(where + ": " + cells.length + " cells, header has " + header.length);
            }
            if (excluded >= 0 && number(cells, excluded, where, header) == 1) {
                skipped.add(where + ": " + header[excluded].trim() + "=1");
                continue;
            }
            double n = positive(cells, params, where, header);
            double d = positive(cells, tokens, where, header);
            double l = positive(cells, loss, where, header);
            long nCount = Math.round(n);
            long dCount = Math.round(d);
            if (nCount <= 0 || dCount <= 0) {
                throw new IllegalArgumentException(where + ": params and tokens must be at least 1");
            }
            double c = flops >= 0 && !cells[flops].isBlank() ? positive(cells, flops, where, header)
                    : Run.sixND(nCount, dCount);
            runs.add(new Run(file.getFileName() + ":" + (row + 1), nCount, dCount, c, l));
        }
        return new FitInput(sorted(runs), file, ParamsConvention.TOTAL, flops >= 0 ? "csv" : SIX_N, skipped);
    }

    public static FitInput readSweep(Path dir, ParamsConvention convention) {
        List<Path> results;
        try (Stream<Path> walk = Files.walk(dir)) {
            results = walk.filter(p -> p.getFileName().toString().equals("result.json"))
                    .filter(p -> !dir.relativize(p).getName(0).toString().equals("report"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no result.json found below this folder");
        }
        var runs = new ArrayList<Run>();
        var skipped = new ArrayList<String>();
        var conventions = new TreeSet<String>();
        for (Path file : results) {
            JsonNode r = Json.read(file);
            String id = dir.relativize(file.getParent()).toString();
            String status = r.path("status").asText("");
            if (!status.equals("completed")) {
                skipped.add(id + ": status " + (status.isEmpty() ? "missing" : status));
                continue;
            }
            long n = count(r, convention.resultKey(), file);
            long d = count(r, "tokens", file);
            double loss = real(r, "final_val_loss", file);
            double c;
            if (r.hasNonNull("flops")) {
                c = real(r, "flops", file);
                conventions.add(r.path("flops_convention").asText("unknown"));
            } else {
                // no flops recorded: 6·N·D with N counting every parameter (Hoffmann et al. 2022, section 3)
                c = Run.sixND(r.hasNonNull("params") ? count(r, "params", file) : n, d);
                conventions.add(SIX_N);
            }
            runs.add(new Run(id, n, d, c, loss, readCurve(file.resolveSibling("metrics.jsonl"), d / c)));
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no completed runs (" + skipped.size() + " skipped)");
        }
        if (conventions.size() > 1) {
            throw new IllegalArgumentException(dir + ": runs count flops under different conventions " + conventions
                    + "; IsoFLOP groups need one (rerun with one train.flops_convention)");
        }
        return new FitInput(sorted(runs), dir, convention, conventions.first(), skipped);
    }

    /**
     * The (flops, tokens, val_loss) points of a run's metrics.jsonl; empty when the file is absent. A line
     * without {@code tokens} gets flops × {@code tokensPerFlop} (the run's final D / C: flops per token is
     * fixed within a run under every convention).
     */
    static List<Run.CurvePoint> readCurve(Path metrics, double tokensPerFlop) {
        if (!Files.isRegularFile(metrics)) {
            return List.of();
        }
        var points = new ArrayList<Run.CurvePoint>();
        try (Stream<String> lines = Files.lines(metrics)) {
            int[] row = {0};
            lines.forEach(line -> {
                row[0]++;
                if (line.isBlank()) {
                    return;
                }
                JsonNode m;
                try {
                    m = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException(metrics + " line " + row[0] + ": not valid JSON");
                }
                if (m.hasNonNull("val_loss") && m.hasNonNull("flops")) {
                    double c = m.get("flops").asDouble();
                    double l = m.get("val_loss").asDouble();
                    double t = m.hasNonNull("tokens") ? m.get("tokens").asDouble() : c * tokensPerFlop;
                    if (c > 0 && t > 0 && l > 0 && Double.isFinite(l)) {
                        points.add(new Run.CurvePoint(c, t, l));
                    }
                }
            });
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new IllegalArgumentException(metrics + ": not UTF-8 text (" + e.getCause() + ")");
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics + ": " + e.getMessage(), e);
        }
        points.sort(Comparator.comparingDouble(Run.CurvePoint::flops));
        return points;
    }

    private static List<Run> sorted(List<Run> runs) {
        var copy = new ArrayList<>(runs);
        copy.sort(Comparator.comparingDouble(Run::flops).thenComparingLong(Run::params));
        return copy;
    }

    private static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static double number(String[] cells, int col, String where, String[] header) {
        try {
            return Double.parseDouble(cells[col].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": column " + header[col].trim() + " is not a number: '"
                    + cells[col].trim() + "'");
        }
    }

    private static double positive(String[] cells, int col, String where, String[] header) {
        double v = number(cells, col, where, header);
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(where + ": " + header[col].trim() + " must be positive, got " + cells[col].trim());
        }
        return v;
    }

    private static long count(JsonNode r, String key, Path file) {
        if (!r.hasNonNull(key) || r.get(key).asLong() <= 0) {
            throw new IllegalArgumentException(file + ": completed run needs a positive '" + key + "'");
        }
        return r.get(key).asLong();
    }

    private static double real(JsonNode r, String key, Path file) {
        double v = r.path(key).asDouble(Double.NaN);
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(file + ": completed run needs a positive, finite '" + key + "'");
        }
        return v;
    }
}
