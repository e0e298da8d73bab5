package dev.rdpc.tools.curve.synthetic;

import dev.rdpc.tools.AtomicOutput;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code plots/synthetic-rate-mse.png}: per curve, the measured MSE against the coded bits per dimension (solid,
 * with markers) and its closed form against the ideal rate (dashed, same colour; Gaussian source only), plus for
 * the mixture the numeric MMSE against its numeric ideal rate. Drawn with JFreeChart in the style of
 * {@link dev.rdpc.tools.curve.CurvePlots}.
 */
final class SyntheticPlot {
    static final String FILE = "plots/synthetic-rate-mse.png";
    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final int LINE_POINTS = 64;
    private static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD),
        new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0x17BECF), new Color(0xBCBD22),
    };

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SyntheticPlot() {
    }

    static void write(SyntheticRunner.Result result, Path out) throws IOException {
        SyntheticSource source = result.settings().source();
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (SyntheticRunner.Curve c : result.curves()) {
            for (SyntheticRunner.Point p : c.points()) {
                low = Math.min(low, Math.min(p.idealRateBits(), p.bitsPerDimension()));
                high = Math.max(high, Math.max(p.idealRateBits(), p.bitsPerDimension()));
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        List<Color> colours = new ArrayList<>();
        List<Boolean> dashed = new ArrayList<>();
        int index = 0;
        for (SyntheticRunner.Curve c : result.curves()) {
            Color colour = PALETTE[index++ % PALETTE.length];
            XYSeries measured = new XYSeries(c.label().replaceFirst(" \\(.*\\)$", "") + " measured", false, true);
            for (SyntheticRunner.Point p : c.points()) {
                if (Double.isFinite(p.mse()) && p.mse() > 0) {
                    measured.add(p.bitsPerDimension(), p.mse());
                }
            }
            data.addSeries(measured);
            colours.add(colour);
            dashed.add(false);
            if (source.isGaussian() && high > 0) {
                XYSeries theory = new XYSeries(c.label().replaceFirst(" \\(.*\\)$", "") + " theory", false, true);
                double v = source.variance();
                for (int i = 0; i < LINE_POINTS; i++) {
                    double r = rateAt(low, high, i);
                    double mse = GaussianTheory.predict(v, GaussianTheory.sigmaForRate(v, r), c.mode(), c.knob()).mse();
                    if (Double.isFinite(mse) && mse > 0) {
                        theory.add(r, mse);
                    }
                }
                if (theory.getItemCount() > 0) {
                    data.addSeries(theory);
                    colours.add(colour);
                    dashed.add(true);
                }
            }
        }
        if (!source.isGaussian() && high > 0) {
            XYSeries mmse = new XYSeries("MMSE (numeric)", false, true);
            for (int i = 0; i < LINE_POINTS; i++) {
                double r = rateAt(low, high, i);
                double sigma = source.sigmaForRate(r);
                mmse.add(r, source.mmse(sigma));
            }
            data.addSeries(mmse);
            colours.add(Color.BLACK);
            dashed.add(true);
        }
        if (data.getSeriesCount() == 0) {
            return;
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Synthetic source " + source.label() + ": rate - MSE",
                "bits per dimension (measured: coded payload; theory: ideal rate)", "MSE (model units)", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        LogAxis y = new LogAxis("MSE (model units, log scale)");
        y.setSmallestValue(1e-12);
        y.setNumberFormatOverride(new java.text.DecimalFormat("0.#####"));
        plot.setRangeAxis(y);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, colours.get(s));
            if (dashed.get(s)) {
                renderer.setSeriesStroke(s, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
                renderer.setSeriesShapesVisible(s, false);
            } else {
                renderer.setSeriesStroke(s, new BasicStroke(2f));
            }
        }
        plot.setRenderer(renderer);
        Path file = out.resolve(FILE);
        Files.createDirectories(file.getParent());
        AtomicOutput.write(file, true, o -> ChartUtils.writeChartAsPNG(o, chart, WIDTH, HEIGHT));
    }

    private static double rateAt(double low, double high, int i) {
        double a = 0.9 * low;
        double b = 1.1 * high;
        return a + (b - a) * i / (LINE_POINTS - 1);
    }
}
