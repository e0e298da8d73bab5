package dev.rdpc.tools.curve;

import dev.rdpc.tools.AtomicOutput;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG plots of a run, drawn with JFreeChart into {@code OUT/plots/}: rate-PSNR, rate-MS-SSIM
 * and rate-realism with one line per curve, and, for rdpc, one distortion-perception plot per rate
 * setting (mean MSE against the realism index, one line per decode mode through its knob values,
 * each point labelled with its knob). Only complete curve points are drawn. Stale PNGs of earlier
 * runs are removed so that the folder and the report always agree.
 */
public final class CurvePlots {
    /** Folder of the plots, relative to the output folder. */
    public static final String DIR = "plots";
    static final int WIDTH = 900;
    static final int HEIGHT = 600;

    static {
        // Plots are drawn off-screen; without this a JVM on a machine with a display variable set but no
        // reachable display would fail when AWT starts.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * Line colours that stay apart on white and in print (JFreeChart's default cycle includes a pale
     * yellow that nearly vanishes); beyond ten series the shapes, which JFreeChart varies, tell them apart.
     */
    private static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD),
        new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0x17BECF), new Color(0xBCBD22),
    };

    /** One written plot: its title, its path relative to the output folder, and a caption. */
    public record Plot(String title, String file, String caption) {
    }

    private CurvePlots() {
    }

    /** Draws every plot of {@code result} into {@code out/plots}; returns them in report order. */
    public static List<Plot> write(CurveRunner.Result result, Path out) throws IOException {
        Path dir = out.resolve(DIR);
        Files.createDirectories(dir);
        deleteOldPlots(dir);
        List<Plot> plots = new ArrayList<>();
        rate(result, dir, plots, "rate-psnr.png", "Rate - PSNR", "PSNR (dB, RGB, mean over images)",
                CurveRunner.Point::psnr, "Higher is better.");
        rate(result, dir, plots, "rate-msssim.png", "Rate - MS-SSIM", "MS-SSIM (RGB, mean over images)",
                CurveRunner.Point::msSsim, "Higher is better.");
        rate(result, dir, plots, "rate-realism.png", "Rate - realism index",
                "realism index (sliced Wasserstein, lower = more realistic)", CurveRunner.Point::realismValue,
                "Lower is more realistic; computed over the whole image set per point (docs/metrics.md section 2).");
        if (result.featureSettings() != null) {
            rate(result, dir, plots, "rate-fid.png", "Rate - FID", "FID (" + result.featureSettings().model()
                    + " features, lower = more realistic)", CurveRunner.Point::fid,
                    "Frechet distance of the feature network's patch features (docs/metrics.md section 4).");
        }
        distortionPerception(result, dir, plots);
        return plots;
    }

    private static void deleteOldPlots(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().endsWith(".png")) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void rate(CurveRunner.Result result, Path dir, List<Plot> plots, String file, String title,
                             String yLabel, ToDoubleFunction<CurveRunner.Point> y, String caption) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (CurveRunner.Curve c : result.curves()) {
            XYSeries s = new XYSeries(c.label(), true, true);
            for (CurveRunner.Point p : c.points()) {
                double v = y.applyAsDouble(p);
                if (p.complete() && Double.isFinite(p.bpp()) && Double.isFinite(v)) {
                    s.add(p.bpp(), v);
                }
            }
            if (s.getItemCount() > 0) {
                data.addSeries(s);
            }
        }
        if (data.getSeriesCount() == 0) {
            return;
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "bits per pixel (real file size, mean over images)",
                yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        style(chart, null);
        save(chart, dir.resolve(file));
        plots.add(new Plot(title, DIR + "/" + file, caption));
    }

    private static void distortionPerception(CurveRunner.Result result, Path dir, List<Plot> plots)
            throws IOException {
        List<CurveRunner.Curve> rdpc = new ArrayList<>();
        for (CurveRunner.Curve c : result.curves()) {
            if (c.codec() instanceof RdpcCurveCodec) {
                rdpc.add(c);
            }
        }
        if (rdpc.isEmpty()) {
            return;
        }
        int rates = rdpc.get(0).points().size();
        for (int r = 0; r < rates; r++) {
            CurveCodec.Rate rate = rdpc.get(0).points().get(r).rate();
            Map<String, XYSeries> byMode = new LinkedHashMap<>();
            Map<String, List<String>> labels = new LinkedHashMap<>();
            double bppSum = 0;
            int bppCount = 0;
            for (CurveRunner.Curve c : rdpc) {
                CurveRunner.Point p = c.points().get(r);
                if (!p.complete() || !Double.isFinite(p.realismValue()) || !Double.isFinite(p.mse())) {
                    continue;
                }
                String mode = String.valueOf(c.variant().settings().get("mode"));
                Object knob = c.variant().settings().get("perception");
                byMode.computeIfAbsent(mode, m -> new XYSeries("rdpc " + m, false, true)).add(p.mse(), p.realismValue());
                labels.computeIfAbsent(mode, m -> new ArrayList<>())
                        .add("P=" + (knob instanceof Number ? Keys.fmt(((Number) knob).doubleValue()) : knob));
                bppSum += p.bpp();
                bppCount++;
            }
            if (byMode.isEmpty()) {
                continue;
            }
            XYSeriesCollection data = new XYSeriesCollection();
            List<List<String>> seriesLabels = new ArrayList<>();
            for (Map.Entry<String, XYSeries> e : byMode.entrySet()) {
                data.addSeries(e.getValue());
                seriesLabels.add(labels.get(e.getKey()));
            }
            String title = String.format(Locale.ROOT, "Distortion - perception at %s (mean %.3f bpp)", rate.label(),
                    bppSum / bppCount);
            JFreeChart chart = ChartFactory.createXYLineChart(title, "MSE (RGB, 8-bit scale, mean over images)",
                    "realism index (lower = more realistic)", data, PlotOrientation.VERTICAL, true, false, false);
            style(chart, (dataset, series, item) -> seriesLabels.get(series).get(item));
            String file = "dp-" + rate.label().replace('=', '-') + ".png";
            save(chart, dir.resolve(file));
            plots.add(new Plot(title, DIR + "/" + file, "rdpc decoded from the same files at " + rate.label()
                    + " with each decode mode swept over its knob (labels); towards the lower left is better."));
        }
    }

    private static void style(JFreeChart chart, XYItemLabelGenerator labels) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < plot.getDataset().getSeriesCount(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
            renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        }
        if (labels != null) {
            renderer.setDefaultItemLabelGenerator(labels);
            renderer.setDefaultItemLabelsVisible(true);
            renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
        plot.setRenderer(renderer);
    }

    private static void save(JFreeChart chart, Path file) throws IOException {
        AtomicOutput.write(file, true, o -> ChartUtils.writeChartAsPNG(o, chart, WIDTH, HEIGHT));
    }
}
