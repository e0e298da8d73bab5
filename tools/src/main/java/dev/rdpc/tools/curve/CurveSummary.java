package dev.rdpc.tools.curve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.rdpc.tools.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The comparisons a reader wants from a run (docs/curve-json.md section 7): the BD-rate of every rdpc
 * curve against every classic codec (PSNR, {@link BdRate}), and every curve's PSNR, MS-SSIM and
 * realism index read off at chosen bit rates, so that codecs are compared at equal bpp.
 */
public final class CurveSummary {
    public static final String SCHEMA = "rdpc-curve-summary/1";
    public static final String FILE = "summary.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    /** One BD-rate: {@code test} against {@code anchor}; NaN with a note when it cannot be computed. */
    public record BdRateEntry(String test, String anchor, double bdRate, double psnrLow, double psnrHigh, String note) {
    }

    /** One curve's values at one bpp; NaN with a note when the bpp lies outside the curve. */
    public record AtBpp(String curve, double bpp, double psnr, double msSsim, double realism, String note) {
    }

    /** Everything the summary holds. */
    public record Summary(List<BdRateEntry> bdRates, List<AtBpp> atBpp) {
    }

    private CurveSummary() {
    }

    /** Computes the summary of {@code result} at the bit rates {@code bpps}. */
    public static Summary of(CurveRunner.Result result, List<Double> bpps) {
        List<BdRateEntry> bd = new ArrayList<>();
        for (CurveRunner.Curve test : result.curves()) {
            if (!test.codec().name().equals("rdpc")) {
                continue;
            }
            for (CurveRunner.Curve anchor : result.curves()) {
                if (anchor.codec().name().equals("rdpc")) {
                    continue;
                }
                bd.add(bdRate(test, anchor));
            }
        }
        List<AtBpp> at = new ArrayList<>();
        for (double b : bpps) {
            for (CurveRunner.Curve c : result.curves()) {
                at.add(atBpp(c, b));
            }
        }
        return new Summary(List.copyOf(bd), List.copyOf(at));
    }

    private static List<CurveRunner.Point> usable(CurveRunner.Curve c, ToDoubleFunction<CurveRunner.Point> metric) {
        List<CurveRunner.Point> ps = new ArrayList<>();
        for (CurveRunner.Point p : c.points()) {
            if (p.complete() && p.bpp() > 0 && Double.isFinite(p.bpp()) && Double.isFinite(metric.applyAsDouble(p))) {
                ps.add(p);
            }
        }
        ps.sort(Comparator.comparingDouble(CurveRunner.Point::bpp));
        return ps;
    }

    private static BdRateEntry bdRate(CurveRunner.Curve test, CurveRunner.Curve anchor) {
        List<CurveRunner.Point> t = usable(test, CurveRunner.Point::psnr);
        List<CurveRunner.Point> a = usable(anchor, CurveRunner.Point::psnr);
        double[] tr = t.stream().mapToDouble(CurveRunner.Point::bpp).toArray();
        double[] tq = t.stream().mapToDouble(CurveRunner.Point::psnr).toArray();
        double[] ar = a.stream().mapToDouble(CurveRunner.Point::bpp).toArray();
        double[] aq = a.stream().mapToDouble(CurveRunner.Point::psnr).toArray();
        double lo = Math.max(min(tq), min(aq));
        double hi = Math.min(max(tq), max(aq));
        try {
            return new BdRateEntry(test.id(), anchor.id(), BdRate.of(ar, aq, tr, tq), lo, hi, null);
        } catch (IllegalArgumentException e) {
            return new BdRateEntry(test.id(), anchor.id(), Double.NaN, Double.NaN, Double.NaN, e.getMessage());
        }
    }

    /**
     * Linear interpolation in log(bpp) between the two complete points around {@code bpp}; values
     * outside the curve's bpp range are not extrapolated.
     */
    static AtBpp atBpp(CurveRunner.Curve c, double bpp) {
        double psnr = interpolate(usable(c, CurveRunner.Point::psnr), bpp, CurveRunner.Point::psnr);
        double ms = interpolate(usable(c, CurveRunner.Point::msSsim), bpp, CurveRunner.Point::msSsim);
        double realism = interpolate(usable(c, CurveRunner.Point::realismValue), bpp, CurveRunner.Point::realismValue);
        String note = null;
        List<CurveRunner.Point> ps = usable(c, CurveRunner.Point::psnr);
        if (Double.isNaN(psnr)) {
            note = ps.isEmpty() ? "no complete point"
                    : String.format(Locale.ROOT, "%s bpp lies outside the curve's %.4f-%.4f bpp", Keys.fmt(bpp),
                            ps.get(0).bpp(), ps.get(ps.size() - 1).bpp());
        }
        return new AtBpp(c.id(), bpp, psnr, ms, realism, note);
    }

    private static double interpolate(List<CurveRunner.Point> ps, double bpp, ToDoubleFunction<CurveRunner.Point> f) {
        for (int i = 0; i < ps.size(); i++) {
            CurveRunner.Point p = ps.get(i);
            if (p.bpp() == bpp) {
                return f.applyAsDouble(p);
            }
            if (i > 0 && ps.get(i - 1).bpp() < bpp && bpp < p.bpp()) {
                CurveRunner.Point q = ps.get(i - 1);
                double w = (Math.log(bpp) - Math.log(q.bpp())) / (Math.log(p.bpp()) - Math.log(q.bpp()));
                return (1 - w) * f.applyAsDouble(q) + w * f.applyAsDouble(p);
            }
        }
        return Double.NaN;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** Writes {@code summary.json} into {@code out}. */
    public static void write(Summary s, Path out) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("schema", SCHEMA);
        JsonArray bd = new JsonArray();
        for (BdRateEntry e : s.bdRates()) {
            JsonObject j = new JsonObject();
            j.addProperty("test", e.test());
            j.addProperty("anchor", e.anchor());
            j.addProperty("metric", "psnr");
            j.add("bdRate", ImagePoint.number(e.bdRate()));
            j.add("psnrLow", ImagePoint.number(e.psnrLow()));
            j.add("psnrHigh", ImagePoint.number(e.psnrHigh()));
            j.addProperty("note", e.note());
            bd.add(j);
        }
        o.add("bdRates", bd);
        JsonArray at = new JsonArray();
        for (AtBpp a : s.atBpp()) {
            JsonObject j = new JsonObject();
            j.addProperty("curve", a.curve());
            j.addProperty("bpp", a.bpp());
            j.add("psnr", ImagePoint.number(a.psnr()));
            j.add("msSsim", ImagePoint.number(a.msSsim()));
            j.add("realism", ImagePoint.number(a.realism()));
            j.addProperty("note", a.note());
            at.add(j);
        }
        o.add("atBpp", at);
        AtomicOutput.write(out.resolve(FILE), true, (GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The report's two tables. */
    static void html(Summary s, List<Double> bpps, StringBuilder h) {
        h.append("<h2>BD-rate (PSNR)</h2>\n");
        if (s.bdRates().isEmpty()) {
            h.append("<p>Needs an rdpc curve and a classic codec in the run.</p>\n");
        } else {
            h.append("<p>Average bit-rate difference of each rdpc curve against each classic codec at equal PSNR ")
                    .append("(Bjontegaard, cubic fit of log rate against PSNR, over the PSNR range both cover); ")
                    .append("negative: rdpc needs fewer bits.</p>\n<table>\n<tr><th>rdpc curve</th><th>anchor</th>")
                    .append("<th>BD-rate</th><th>PSNR range dB</th></tr>\n");
            for (BdRateEntry e : s.bdRates()) {
                h.append("<tr><td>").append(HtmlReport.esc(e.test())).append("</td><td>")
                        .append(HtmlReport.esc(e.anchor())).append("</td><td>")
                        .append(Double.isFinite(e.bdRate()) ? String.format(Locale.ROOT, "%+.1f%%", 100 * e.bdRate())
                                : HtmlReport.esc(e.note()))
                        .append("</td><td>").append(Double.isFinite(e.psnrLow())
                                ? String.format(Locale.ROOT, "%.2f-%.2f", e.psnrLow(), e.psnrHigh()) : "")
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h2>At equal bit rate</h2>\n<p>Each curve read off at ");
        for (int i = 0; i < bpps.size(); i++) {
            h.append(i == 0 ? "" : ", ").append(Keys.fmt(bpps.get(i)));
        }
        h.append(" bpp (linear in log bpp between its two nearest points, never extrapolated). Realism: lower is ")
                .append("more realistic.</p>\n<table>\n<tr><th>curve</th><th>bpp</th><th>PSNR dB</th><th>MS-SSIM</th>")
                .append("<th>realism</th></tr>\n");
        for (AtBpp a : s.atBpp()) {
            h.append("<tr><td>").append(HtmlReport.esc(a.curve())).append("</td><td>").append(Keys.fmt(a.bpp()))
                    .append("</td><td>").append(num("%.2f", a.psnr())).append("</td><td>").append(num("%.4f", a.msSsim()))
                    .append("</td><td>").append(a.note() == null ? num("%.2f", a.realism()) : HtmlReport.esc(a.note()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String num(String format, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "";
    }
}
