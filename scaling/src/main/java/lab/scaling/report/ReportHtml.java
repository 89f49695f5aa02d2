package lab.scaling.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lab.scaling.fit.Bootstrap;
import lab.scaling.fit.FitReport;
import lab.scaling.fit.PowerLaw;
import lab.scaling.sweep.Cell;
import lab.scaling.sweep.SweepStatus;
import lab.util.Json;

/**
 * The report page: one self-contained HTML file (inline CSS, charts as base64 PNG data URIs, no
 * scripts, nothing fetched) with a summary, the charts, the table of runs and the provenance.
 */
final class ReportHtml {
    private static final Map<String, String> CAPTIONS = Map.of(
            "loss_curves", "Training loss of every run against the compute it has used so far (log compute axis). "
                    + "The lower envelope is Approach 1's input.",
            "isoflop", "IsoFLOP curves (Approach 2): final validation loss against N at each budget, with the "
                    + "parabola in log N and its minimum.",
            "frontier_params", "Compute-optimal model size N_opt against compute: each approach's power law "
                    + "(bands: bootstrap intervals).",
            "frontier_tokens", "Compute-optimal training tokens D_opt against compute.",
            "isoloss", "Iso-loss contours of the fitted parametric law L(N, D) = E + A/N^alpha + B/D^beta (Approach 3) "
                    + "with its efficient frontier and the runs.",
            "residuals", "Residuals of the parametric fit: log(observed / predicted) loss per run.");

    private ReportHtml() {}

    static String render(SweepReport.Contents c, SweepReport.Provenance p) {
        var h = new StringBuilder();
        String name = c.index().sweep().path("name").asText("sweep");
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Scaling report: ")
                .append(esc(name)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:90%}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}\n")
                .append(".warn{background:#fff6dd;border-left:4px solid #e0a800;padding:.5em 1em}\n")
                .append("figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}")
                .append("pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:80%}\n</style></head><body>\n");
        h.append("<h1>Scaling report: ").append(esc(name)).append("</h1>\n<p>")
                .append(c.fit().input().runs().size()).append(" completed runs of ").append(c.index().cells().size())
                .append(" cells in <code>").append(esc(c.index().dir().toAbsolutePath().toString())).append("</code>; written ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(".</p>\n");
        summary(h, c);
        h.append("<h2 id=\"plots\">Plots</h2>\n");
        for (Path png : c.plots()) {
            String stem = png.getFileName().toString().replace(".png", "");
            h.append("<figure><img alt=\"").append(esc(stem)).append("\" src=\"data:image/png;base64,")
                    .append(base64(png)).append("\"><figcaption>").append(esc(CAPTIONS.getOrDefault(stem, stem)))
                    .append(" (<a href=\"plots/").append(esc(stem)).append(".svg\">SVG</a>)</figcaption></figure>\n");
        }
        runs(h, c);
        provenance(h, p);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, SweepReport.Contents c) {
        FitReport fit = c.fit();
        Bootstrap.Result boot = fit.bootstrap();
        h.append("<h2 id=\"summary\">Summary</h2>\n<p>N_opt ∝ C<sup>a</sup> and D_opt ∝ C<sup>b</sup> (Hoffmann et al. 2022, "
                + "Sec. 3); Chinchilla measured a ≈ b ≈ 0.5. N counts every parameter; the last columns count non-embedding "
                + "parameters (Kaplan et al. 2020).");
        if (boot != null) {
            h.append(" Intervals: ").append(boot.resamples()).append(" bootstrap resamples over runs, ")
                    .append(esc(boot.percentiles())).append('.');
        }
        h.append("</p>\n<table><tr><th class=\"l\">approach</th><th>a</th><th>b</th><th>a (non-embedding)</th>"
                + "<th>b (non-embedding)</th></tr>\n");
        exponentRow(h, "1: envelope of loss curves", fit, c.nonEmbedding(), 1);
        exponentRow(h, "2: IsoFLOP parabolas", fit, c.nonEmbedding(), 2);
        exponentRow(h, "3: parametric L(N, D)", fit, c.nonEmbedding(), 3);
        h.append("</table>\n");
        fit.skipped().forEach((k, why) -> h.append("<p>Approach ").append(k).append(" skipped: ").append(esc(why)).append("</p>\n"));
        if (c.nonEmbeddingError() != null) {
            h.append("<p>Non-embedding fits failed: ").append(esc(c.nonEmbeddingError())).append("</p>\n");
        }
        if (fit.approach3() != null) {
            var law = fit.approach3().law();
            h.append("<p>Approach 3 law: ");
            for (var q : List.of("E", "A", "B", "alpha", "beta")) {
                double v = switch (q) {
                    case "E" -> law.E();
                    case "A" -> law.A();
                    case "B" -> law.B();
                    case "alpha" -> law.alpha();
                    default -> law.beta();
                };
                h.append(q).append(" = ").append(num(v)).append(interval(boot, "approach3." + q)).append("; ");
            }
            h.append(String.format(Locale.ROOT, "Huber objective %.4g over %d runs.</p>%n", fit.approach3().objective(),
                    fit.approach3().nPoints()));
        }
        // Tokens per parameter at each budget.
        h.append("<h3>Compute-optimal allocation at each budget</h3>\n<table><tr><th>budget C</th><th>N_opt (2)</th>"
                + "<th>D_opt (2)</th><th>D/N (2)</th><th>N_opt (3)</th><th>D_opt (3)</th><th>D/N (3)</th></tr>\n");
        List<Double> budgets = c.index().cells().stream().map(Cell::budget).distinct().sorted().toList();
        for (double b : budgets) {
            h.append("<tr><td>").append(Cell.formatFlops(b)).append("</td>");
            var curve = fit.approach2() == null ? null : fit.approach2().used().stream()
                    .filter(k -> Math.abs(Math.log(k.flops() / b)) < 0.02).findFirst().orElse(null);
            if (curve != null) {
                h.append(td(curve.paramsOpt())).append(td(curve.tokensOpt())).append(td(curve.tokensOpt() / curve.paramsOpt()));
            } else {
                h.append("<td>-</td><td>-</td><td>-</td>");
            }
            if (fit.approach3() != null && fit.approach3().law().hasFrontier()) {
                var law = fit.approach3().law();
                h.append(td(law.paramsOpt(b))).append(td(law.tokensOpt(b))).append(td(law.tokensOpt(b) / law.paramsOpt(b)));
            } else {
                h.append("<td>-</td><td>-</td><td>-</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        // The extrapolation.
        double t = c.target();
        h.append("<h3>Compute-optimal N and D at ").append(Cell.formatFlops(t)).append(" FLOPs (")
                .append(String.format(Locale.ROOT, "%.0f", SweepReport.EXTRAPOLATION_FACTOR)).append("x the largest budget)</h3>\n")
                .append("<table><tr><th class=\"l\">approach</th><th>N_opt</th><th>D_opt</th><th>D/N</th></tr>\n");
        if (fit.approach1() != null) {
            optRow(h, "1", fit.approach1().paramsOpt(), fit.approach1().tokensOpt(), t, boot);
        }
        if (fit.approach2() != null) {
            optRow(h, "2", fit.approach2().paramsOpt(), fit.approach2().tokensOpt(), t, boot);
        }
        if (fit.approach3() != null && fit.approach3().law().hasFrontier()) {
            var law = fit.approach3().law();
            h.append("<tr><td class=\"l\">3</td><td>").append(num(law.paramsOpt(t))).append(interval(boot, "approach3.n_opt@" + t))
                    .append("</td><td>").append(num(law.tokensOpt(t))).append(interval(boot, "approach3.d_opt@" + t))
                    .append("</td>").append(td(law.tokensOpt(t) / law.paramsOpt(t))).append("</tr>\n");
        }
        h.append(String.format(Locale.ROOT, "<tr><td class=\"l\">20 tokens/param rule</td>%s%s%s</tr>%n",
                td(Math.sqrt(t / 120)), td(20 * Math.sqrt(t / 120)), td(20)));
        h.append("</table>\n");
        if (!c.warnings().isEmpty()) {
            h.append("<div class=\"warn\"><b>Warnings</b><ul>\n");
            c.warnings().forEach(w -> h.append("<li>").append(esc(w)).append("</li>\n"));
            h.append("</ul></div>\n");
        }
    }

    private static void exponentRow(StringBuilder h, String label, FitReport fit, FitReport ne, int approach) {
        h.append("<tr><td class=\"l\">").append(esc(label)).append("</td>");
        double[] ab = exponents(fit, approach);
        double[] neAb = ne == null ? null : exponents(ne, approach);
        Bootstrap.Result boot = fit.bootstrap();
        h.append("<td>").append(ab == null ? "-" : num(ab[0]) + interval(boot, "approach" + approach + ".a")).append("</td>");
        h.append("<td>").append(ab == null ? "-" : num(ab[1]) + interval(boot, "approach" + approach + ".b")).append("</td>");
        h.append("<td>").append(neAb == null ? "-" : num(neAb[0])).append("</td><td>")
                .append(neAb == null ? "-" : num(neAb[1])).append("</td></tr>\n");
    }

    private static double[] exponents(FitReport f, int approach) {
        return switch (approach) {
            case 1 -> f.approach1() == null ? null : new double[] {f.approach1().a(), f.approach1().b()};
            case 2 -> f.approach2() == null ? null : new double[] {f.approach2().a(), f.approach2().b()};
            default -> f.approach3() == null || !f.approach3().law().hasFrontier() ? null
                    : new double[] {f.approach3().law().a(), f.approach3().law().b()};
        };
    }

    private static void optRow(StringBuilder h, String approach, PowerLaw n, PowerLaw d, double t, Bootstrap.Result boot) {
        h.append("<tr><td class=\"l\">").append(approach).append("</td><td>").append(num(n.at(t)))
                .append(interval(boot, "approach" + approach + ".n_opt@" + t)).append("</td><td>").append(num(d.at(t)))
                .append(interval(boot, "approach" + approach + ".d_opt@" + t)).append("</td>").append(td(d.at(t) / n.at(t)))
                .append("</tr>\n");
    }

    private static void runs(StringBuilder h, SweepReport.Contents c) {
        h.append("<h2 id=\"runs\">Runs</h2>\n<table><tr><th class=\"l\">cell</th><th>budget</th><th>shape</th><th>N</th>"
                + "<th>N non-emb.</th><th>D</th><th>D/N</th><th>steps</th><th class=\"l\">state</th><th>val loss</th>"
                + "<th>val bpb</th><th>wall s</th></tr>\n");
        for (var r : SweepStatus.of(c.index())) {
            Cell cell = r.cell();
            h.append("<tr><td class=\"l\">").append(esc(cell.id())).append("</td><td>").append(Cell.formatFlops(cell.budget()))
                    .append("</td><td>").append(esc(cell.shape().describe())).append("</td><td>").append(cell.params())
                    .append("</td><td>").append(cell.paramsNonEmbedding()).append("</td><td>").append(cell.tokens())
                    .append("</td>").append(td(cell.tokensPerParam())).append("<td>").append(cell.steps())
                    .append("</td><td class=\"l\">").append(esc(r.state())).append("</td>").append(td(r.valLoss()))
                    .append(td(r.bpb())).append(td(r.wallSeconds())).append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void provenance(StringBuilder h, SweepReport.Provenance p) {
        h.append("<h2 id=\"provenance\">Provenance</h2>\n<table>");
        for (String[] row : new String[][] {{"lab", p.lab()}, {"Java", p.java()}, {"OS", p.os()}, {"git commit", p.commit()}}) {
            h.append("<tr><th class=\"l\">").append(row[0]).append("</th><td class=\"l\">").append(esc(row[1])).append("</td></tr>");
        }
        h.append("</table>\n");
        pre(h, "Sweep spec (resolved)", p.spec());
        pre(h, "Corpus manifest", p.corpusManifest());
        pre(h, "Trainer manifest of the first run (versions, device, threads)", p.runManifest());
    }

    private static void pre(StringBuilder h, String title, JsonNode node) {
        h.append("<h3>").append(esc(title)).append("</h3>\n");
        h.append(node == null || node.isMissingNode() ? "<p>none (synthetic data or not recorded)</p>\n"
                : "<pre>" + esc(Json.pretty(node)) + "</pre>\n");
    }

    private static String interval(Bootstrap.Result boot, String key) {
        if (boot == null || !boot.intervals().containsKey(key)) {
            return "";
        }
        var i = boot.intervals().get(key);
        return " [" + num(i.lo()) + ", " + num(i.hi()) + "]";
    }

    private static String td(double v) {
        return "<td>" + (Double.isFinite(v) ? num(v) : "-") + "</td>";
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return a != 0 && (a >= 1e5 || a < 1e-3) ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String base64(Path png) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + png, e);
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
