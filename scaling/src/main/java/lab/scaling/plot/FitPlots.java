package lab.scaling.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lab.scaling.fit.Approach2;
import lab.scaling.fit.Bootstrap;
import lab.scaling.fit.FitReport;
import lab.scaling.fit.PowerLaw;
import lab.scaling.fit.Run;
import lab.scaling.fit.ScalingLaw;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The fit's charts, headless, each as PNG and SVG: IsoFLOP curves with their parabolas and minima,
 * N_opt and D_opt against compute with the power laws and bootstrap bands, iso-loss contours of the
 * fitted law with its efficient frontier (as in Hoffmann et al. 2022, Figure 4), and residuals.
 */
public final class FitPlots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 620;
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    private FitPlots() {}

    /** Writes every chart the report supports into {@code dir}; returns the files written. */
    public static List<Path> write(FitReport report, Path dir) {
        System.setProperty("java.awt.headless", "true");
        var written = new ArrayList<Path>();
        if (report.approach2() != null) {
            written.addAll(save(isoFlop(report.approach2(), report.input().runs()), dir, "isoflop"));
        }
        if (report.approach1() != null || report.approach2() != null
                || (report.approach3() != null && report.approach3().law().hasFrontier())) {
            written.addAll(save(frontier(report, true), dir, "frontier_params"));
            written.addAll(save(frontier(report, false), dir, "frontier_tokens"));
        }
        if (report.approach3() != null && report.approach3().law().hasFrontier()) {
            written.addAll(save(contours(report), dir, "isoloss"));
            written.addAll(save(residuals(report), dir, "residuals"));
        }
        return written;
    }

    static XYChart isoFlop(Approach2.Result fit, List<Run> runs) {
        var chart = chart("IsoFLOP curves (Approach 2): parabola in log N per budget",
                "parameters N (log scale)", "final validation loss (nats/token)");
        chart.getStyler().setXAxisLogarithmic(true);
        int k = 0;
        for (var curve : fit.curves()) {
            Color color = PALETTE[k++ % PALETTE.length];
            String label = String.format(Locale.ROOT, "%.2g FLOPs", curve.flops());
            var xs = new ArrayList<Double>();
            var ys = new ArrayList<Double>();
            for (int i : curve.runs()) {
                xs.add((double) runs.get(i).params());
                ys.add(runs.get(i).loss());
            }
            XYSeries points = chart.addSeries(label, xs, ys);
            points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            points.setMarker(SeriesMarkers.CIRCLE);
            points.setMarkerColor(color);
            double lo = Math.log(curve.minParams()) - 0.15;
            double hi = Math.log(curve.maxParams()) + 0.15;
            var px = new ArrayList<Double>();
            var py = new ArrayList<Double>();
            for (int j = 0; j <= 60; j++) {
                double n = Math.exp(lo + (hi - lo) * j / 60.0);
                px.add(n);
                py.add(curve.lossAt(n));
            }
            XYSeries parabola = chart.addSeries(label + " parabola", px, py);
            line(parabola, color, false);
            parabola.setShowInLegend(false);
            if (curve.opensUpward()) {
                XYSeries vertex = chart.addSeries(label + " minimum", new double[] {curve.paramsOpt()}, new double[] {curve.lossMin()});
                vertex.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                vertex.setMarker(SeriesMarkers.DIAMOND);
                vertex.setMarkerColor(Color.BLACK);
                vertex.setShowInLegend(false);
            }
        }
        return chart;
    }

    static XYChart frontier(FitReport report, boolean params) {
        String what = params ? "N_opt" : "D_opt";
        var chart = chart("Compute-optimal " + (params ? "model size" : "training tokens") + " against compute",
                "training compute C (FLOPs, log scale)",
                params ? "optimal parameters N_opt (log scale)" : "optimal tokens D_opt (log scale)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setLegendBorderColor(new Color(200, 200, 200));
        var runs = report.input().runs();
        double cMin = runs.stream().mapToDouble(Run::flops).min().orElseThrow();
        double cMax = runs.stream().mapToDouble(Run::flops).max().orElseThrow();
        for (double c : report.options().budgets()) {
            cMax = Math.max(cMax, c);
            cMin = Math.min(cMin, c);
        }
        double[] cs = logSpace(cMin, cMax, 40);
        if (report.approach3() != null && report.approach3().law().hasFrontier()) {
            ScalingLaw law = report.approach3().law();
            double[] y = new double[cs.length];
            for (int i = 0; i < cs.length; i++) {
                y[i] = params ? law.paramsOpt(cs[i]) : law.tokensOpt(cs[i]);
            }
            String label = String.format(Locale.ROOT, "Approach 3 law: %s ∝ C^%.3f", what, params ? law.a() : law.b());
            line(chart.addSeries(label, cs, y), PALETTE[0], false);
        }
        if (report.approach2() != null) {
            PowerLaw law = params ? report.approach2().paramsOpt() : report.approach2().tokensOpt();
            line(chart.addSeries(String.format(Locale.ROOT, "Approach 2 fit: %s ∝ C^%.3f", what, law.exponent()),
                    cs, eval(law, cs)), PALETTE[1], false);
        }
        if (report.approach1() != null) {
            PowerLaw law = params ? report.approach1().paramsOpt() : report.approach1().tokensOpt();
            line(chart.addSeries(String.format(Locale.ROOT, "Approach 1 fit: %s ∝ C^%.3f", what, law.exponent()),
                    cs, eval(law, cs)), PALETTE[2], false);
        }
        bands(chart, report, params, what);
        if (report.approach1() != null) {
            var env = report.approach1().envelope();
            int stride = Math.max(1, env.size() / 60);
            var xs = new ArrayList<Double>();
            var ys = new ArrayList<Double>();
            for (int i = 0; i < env.size(); i += stride) {
                xs.add(env.get(i).flops());
                ys.add(params ? env.get(i).params() : env.get(i).tokens());
            }
            XYSeries pts = chart.addSeries("Approach 1 envelope (run attaining it)", xs, ys);
            pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            pts.setMarker(SeriesMarkers.CIRCLE);
            pts.setMarkerColor(PALETTE[2]);
        }
        if (report.approach2() != null) {
            var xs = new ArrayList<Double>();
            var ys = new ArrayList<Double>();
            for (var curve : report.approach2().used()) {
                xs.add(curve.flops());
                ys.add(params ? curve.paramsOpt() : curve.tokensOpt());
            }
            XYSeries pts = chart.addSeries("Approach 2 parabola minima", xs, ys);
            pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            pts.setMarker(SeriesMarkers.DIAMOND);
            pts.setMarkerColor(PALETTE[1]);
        }
        labelTicksWhenNarrow(chart);
        return chart;
    }

    /** Dashed lines at the bootstrap percentiles of each approach's prediction across the plotted budgets. */
    private static void bands(XYChart chart, FitReport report, boolean params, String what) {
        Bootstrap.Result boot = report.bootstrap();
        if (boot == null) {
            return;
        }
        int k = 0;
        for (String approach : new String[] {"approach3", "approach2", "approach1"}) {
            Color color = PALETTE[k++];
            var xs = new ArrayList<Double>();
            var lo = new ArrayList<Double>();
            var hi = new ArrayList<Double>();
            for (double c : FitReport.bandBudgets(report)) {
                var iv = boot.intervals().get(approach + ".band_" + (params ? "n" : "d") + "@" + c);
                if (iv != null) {
                    xs.add(c);
                    lo.add(iv.lo());
                    hi.add(iv.hi());
                }
            }
            if (xs.size() >= 2) {
                String label = approach.replace("approach", "Approach ") + " " + what + " " + boot.percentiles() + " band";
                line(chart.addSeries(label, xs, lo), color, true);
                XYSeries upper = chart.addSeries(label + " (upper)", xs, hi);
                line(upper, color, true);
                upper.setShowInLegend(false);
            }
        }
    }

    static XYChart contours(FitReport report) {
        ScalingLaw law = report.approach3().law();
        var runs = report.input().runs();
        var chart = chart("Iso-loss contours of the fitted law and its efficient frontier",
                "training compute C = 6ND (FLOPs, log scale)", "parameters N (log scale)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        double nMin = runs.stream().mapToDouble(Run::params).min().orElseThrow() / 2;
        double nMax = runs.stream().mapToDouble(Run::params).max().orElseThrow() * 2;
        double cMin = runs.stream().mapToDouble(Run::flops).min().orElseThrow() / 2;
        double cMax = runs.stream().mapToDouble(Run::flops).max().orElseThrow() * 2;
        double lMin = runs.stream().mapToDouble(Run::loss).min().orElseThrow();
        double lMax = runs.stream().mapToDouble(Run::loss).max().orElseThrow();
        XYSeries data = chart.addSeries("runs", runs.stream().mapToDouble(Run::flops).toArray(),
                runs.stream().mapToDouble(r -> (double) r.params()).toArray());
        data.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        data.setMarker(SeriesMarkers.CIRCLE);
        data.setMarkerColor(new Color(120, 120, 120, 150));
        int levels = 7;
        for (int k = 0; k < levels; k++) {
            double loss = lMin + (lMax - lMin) * (k + 0.5) / levels;
            var xs = new ArrayList<Double>();
            var ys = new ArrayList<Double>();
            for (double n : logSpace(nMin, nMax, 120)) {
                double rest = loss - law.E() - law.A() / Math.pow(n, law.alpha());
                if (rest > 0) {
                    double d = Math.pow(law.B() / rest, 1 / law.beta());   // solves L(N, D) = loss for D
                    double c = 6 * n * d;
                    if (c >= cMin && c <= cMax) {
                        xs.add(c);
                        ys.add(n);
                    }
                }
            }
            if (xs.size() >= 2) {
                XYSeries s = chart.addSeries(String.format(Locale.ROOT, "loss %.2f", loss), xs, ys);
                line(s, PALETTE[(k + 2) % PALETTE.length], false);
            }
        }
        double[] cs = logSpace(cMin, cMax, 40);
        double[] ns = new double[cs.length];
        for (int i = 0; i < cs.length; i++) {
            ns[i] = law.paramsOpt(cs[i]);
        }
        XYSeries frontier = chart.addSeries(String.format(Locale.ROOT, "efficient frontier N_opt ∝ C^%.3f", law.a()), cs, ns);
        frontier.setLineColor(Color.BLACK);
        frontier.setLineStyle(new BasicStroke(3f));
        frontier.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    static XYChart residuals(FitReport report) {
        var res = report.diagnostics().residuals();
        var chart = chart(String.format(Locale.ROOT, "Approach 3 residuals (RMS %.4f)", report.diagnostics().residualRms()),
                "training compute C (FLOPs, log scale)", "log(observed / predicted loss)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        chart.getStyler().setLegendVisible(false);
        double[] x = res.stream().mapToDouble(r -> r.flops()).toArray();
        XYSeries s = chart.addSeries("runs", x, res.stream().mapToDouble(r -> r.logResidual()).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(PALETTE[0]);
        double lo = java.util.Arrays.stream(x).min().orElseThrow();
        double hi = java.util.Arrays.stream(x).max().orElseThrow();
        XYSeries zero = chart.addSeries("zero", new double[] {lo, hi}, new double[] {0, 0});
        line(zero, Color.BLACK, true);
        zero.setShowInLegend(false);
        return chart;
    }

    /** On a log y axis spanning under two decades, label every tick (2x, 3x, ...) rather than only decades. */
    private static void labelTicksWhenNarrow(XYChart chart) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                if (y > 0) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        chart.getStyler().setYAxisLogarithmicDecadeOnly(hi / lo >= 100);
    }

    private static XYChart chart(String title, String x, String y) {
        var chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(232, 232, 232));
        st.setPlotGridLinesStroke(new BasicStroke(0.6f));   // solid: dashed grids make SVGs ten times larger
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(Color.WHITE);
        st.setMarkerSize(7);
        st.setXAxisDecimalPattern("0.#E0");
        return chart;
    }

    private static void line(XYSeries s, Color color, boolean dashed) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                : new BasicStroke(2f));
    }

    private static double[] eval(PowerLaw law, double[] xs) {
        double[] y = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            y[i] = law.at(xs[i]);
        }
        return y;
    }

    static double[] logSpace(double lo, double hi, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (n - 1));
        }
        return v;
    }

    private static List<Path> save(XYChart chart, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve(name + ".png");
            Path svg = dir.resolve(name + ".svg");
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return List.of(png, svg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }
}
