package lab.scaling.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.scaling.sweep.Cell;
import lab.scaling.sweep.SweepIndex;
import lab.util.Json;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Every run's training loss against training compute (log compute axis) (metrics.jsonl's flops and
 * train_loss), one colour per budget: the envelope of these curves is what Approach 1 fits.
 */
final class LossCurves {
    private static final Color[] BUDGET_COLORS = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};

    private LossCurves() {}

    /** Writes loss_curves.png and .svg into {@code dir}; returns the PNG, or null when no run has metrics. */
    static Path write(SweepIndex index, Path dir) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(620)
                .title("Training loss against compute, per run (colour: budget)")
                .xAxisTitle("training compute C = 6ND so far (FLOPs, log scale)")
                .yAxisTitle("training loss (nats/token)").build();
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setXAxisLogarithmic(true);
        st.setXAxisDecimalPattern("0.#E0");
        st.setMarkerSize(0);
        List<Double> budgets = index.cells().stream().map(Cell::budget).distinct().sorted().toList();
        int series = 0;
        for (Cell c : index.cells()) {
            var xs = new ArrayList<Double>();
            var ys = new ArrayList<Double>();
            for (JsonNode m : metrics(index.runDir(c).resolve("metrics.jsonl"))) {
                double f = m.path("flops").asDouble(Double.NaN);
                double l = m.path("train_loss").asDouble(Double.NaN);
                if (f > 0 && l > 0 && Double.isFinite(f) && Double.isFinite(l)) {
                    xs.add(f);
                    ys.add(l);
                }
            }
            if (xs.size() < 2) {
                continue;
            }
            XYSeries s = chart.addSeries(c.id() + " (N=" + c.params() + ")", xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(BUDGET_COLORS[budgets.indexOf(c.budget()) % BUDGET_COLORS.length]);
            series++;
        }
        if (series == 0) {
            return null;
        }
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve("loss_curves.png");
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve("loss_curves.svg").toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the loss-curve chart in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<JsonNode> metrics(Path file) {
        var out = new ArrayList<JsonNode>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    try {
                        out.add(Json.MAPPER.readTree(line));
                    } catch (IOException e) {
                        // a torn last line of a run still writing: skip it
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }
}
