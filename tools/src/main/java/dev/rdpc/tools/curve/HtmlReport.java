package dev.rdpc.tools.curve;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import dev.rdpc.tools.AtomicOutput;
import dev.rdpc.tools.metrics.RealismIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The static HTML report of a run, {@code OUT/report.html}: every plot, crops of one image side by
 * side (the original, then each curve at its rate point nearest a chosen bpp, saved as PNGs under
 * {@code OUT/crops/}), a table of all curve points, and links to the JSON and CSV files. All links
 * are relative, so the folder can be moved or published as it is.
 */
public final class HtmlReport {
    /** Name of the report file. */
    public static final String FILE = "report.html";
    /** Folder of the crops, relative to the output folder. */
    public static final String CROPS = "crops";

    /**
     * What the crops show.
     *
     * @param image  file name of the image to crop, or null for the first image
     * @param bpp    each curve shows its rate point whose bpp on that image is nearest to this
     * @param size   edge of the square crop in pixels (smaller images give smaller crops)
     */
    public record CropSettings(String image, double bpp, int size) {
    }

    private HtmlReport() {
    }

    /**
     * Writes the crops and the report.
     *
     * @param notes     lines shown under the title (e.g. codecs that were skipped)
     * @param jsonFiles the curve JSON file names, in curve order
     * @param summary   BD-rates and values at {@code compareBpp}, shown as two tables
     * @return the path of the report
     */
    public static Path write(CurveRunner.Result result, Path out, PointCache cache, List<CurvePlots.Plot> plots,
                             List<String> jsonFiles, CropSettings crop, List<String> notes,
                             CurveSummary.Summary summary, List<Double> compareBpp) throws IOException {
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>rdpc curve report</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1400px;color:#222}\n")
                .append("figure{margin:0 0 1.5em 0}figcaption{font-size:90%;color:#555}\n")
                .append("img.plot{max-width:100%;border:1px solid #ddd}\n")
                .append(".crops{display:flex;flex-wrap:wrap;gap:12px}.crops figure{margin:0}\n")
                .append(".crops img{image-rendering:pixelated;border:1px solid #ddd}\n")
                .append("table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:2px 8px;")
                .append("text-align:right}td:first-child,th:first-child{text-align:left}\n")
                .append("tr.incomplete{color:#a00}\n</style>\n</head>\n<body>\n")
                .append("<h1>Rate-distortion-perception curves</h1>\n");
        List<SourceImage> images = result.images();
        h.append("<p>").append(images.size()).append(" image(s): ");
        for (int i = 0; i < images.size(); i++) {
            h.append(i == 0 ? "" : ", ").append(esc(images.get(i).name()));
        }
        RealismIndex.Settings rs = result.realismSettings();
        h.append(". ").append(result.curves().size()).append(String.format(Locale.ROOT,
                " curve(s). Realism index: %d pyramid levels, %dx%d patches, %d patches per image, %d directions, "
                        + "seed %d (docs/metrics.md section 2).</p>%n", rs.levels(), rs.patchSize(), rs.patchSize(),
                rs.patchesPerImage(), rs.directions(), rs.seed()));
        CurveRunner.FeatureSettings fs = result.featureSettings();
        boolean features = fs != null;
        if (features) {
            h.append(String.format(Locale.ROOT, "<p>FID and KID: features of %s (SHA-256 %s) on %dx%d patches "
                    + "(docs/metrics.md section 4).</p>%n", esc(fs.model()), esc(fs.sha256()), fs.patchWidth(),
                    fs.patchHeight()));
        }
        for (String n : notes) {
            h.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
        }

        h.append("<h2>Plots</h2>\n");
        if (plots.isEmpty()) {
            h.append("<p>No complete curve points to plot.</p>\n");
        }
        for (CurvePlots.Plot p : plots) {
            h.append("<figure><img class=\"plot\" src=\"").append(esc(p.file())).append("\" alt=\"")
                    .append(esc(p.title())).append("\"><figcaption>").append(esc(p.title())).append(". ")
                    .append(esc(p.caption())).append("</figcaption></figure>\n");
        }

        CurveSummary.html(summary, compareBpp, h);

        crops(h, result, out, cache, crop);

        h.append("<h2>Curve points</h2>\n<table>\n<tr><th>curve</th><th>setting</th><th>bpp</th><th>PSNR dB</th>")
                .append("<th>MS-SSIM</th><th>realism</th>").append(features ? "<th>FID</th><th>KID</th>" : "")
                .append("<th>encode s</th><th>decode s</th><th>images</th></tr>\n");
        for (CurveRunner.Curve c : result.curves()) {
            for (CurveRunner.Point p : c.points()) {
                h.append(p.complete() ? "<tr>" : "<tr class=\"incomplete\">").append("<td>").append(esc(c.label()))
                        .append("</td><td>").append(esc(p.rate().label())).append("</td><td>")
                        .append(num("%.4f", p.bpp())).append("</td><td>").append(num("%.2f", p.psnr()))
                        .append("</td><td>").append(num("%.4f", p.msSsim())).append("</td><td>")
                        .append(num("%.2f", p.realismValue())).append("</td><td>")
                        .append(features ? num("%.2f", p.fid()) + "</td><td>" + num("%.5f", p.kid()) + "</td><td>" : "")
                        .append(num("%.3f", p.encodeSeconds()))
                        .append("</td><td>").append(num("%.3f", p.decodeSeconds())).append("</td><td>")
                        .append(p.images().size()).append(p.complete() ? "" : " (" + p.errors().size() + " failed)")
                        .append("</td></tr>\n");
            }
        }
        h.append("</table>\n");

        h.append("<h2>Files</h2>\n<ul>\n<li><a href=\"").append(CurveOutputs.CSV).append("\">")
                .append(CurveOutputs.CSV).append("</a>: one row per curve point</li>\n");
        h.append("<li><a href=\"").append(CurveSummary.FILE).append("\">").append(CurveSummary.FILE)
                .append("</a>: BD-rates and values at equal bpp</li>\n");
        for (int i = 0; i < jsonFiles.size(); i++) {
            h.append("<li><a href=\"").append(esc(jsonFiles.get(i))).append("\">").append(esc(jsonFiles.get(i)))
                    .append("</a>: ").append(esc(result.curves().get(i).label())).append(" (")
                    .append(esc(result.curves().get(i).codec().version())).append(")</li>\n");
        }
        h.append("</ul>\n<p>JSON schema: docs/curve-json.md in the rdpc sources.</p>\n</body>\n</html>\n");
        Path file = out.resolve(FILE);
        AtomicOutput.write(file, true, h.toString().getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static void crops(StringBuilder h, CurveRunner.Result result, Path out, PointCache cache, CropSettings crop)
            throws IOException {
        List<SourceImage> images = result.images();
        if (images.isEmpty()) {
            return;
        }
        Path dir = out.resolve(CROPS);
        Files.createDirectories(dir);
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().endsWith(".png")) {
                    Files.delete(p); // crops of an earlier run would otherwise linger beside the report
                }
            }
        }
        int index = 0;
        if (crop.image() != null) {
            index = -1;
            for (int i = 0; i < images.size(); i++) {
                if (images.get(i).name().equals(crop.image())) {
                    index = i;
                }
            }
            if (index < 0) {
                h.append("<h2>Crops</h2>\n<p>No image named ").append(esc(crop.image())).append(" in this run.</p>\n");
                return;
            }
        }
        SourceImage source = images.get(index);
        RasterImage original = source.image();
        int cw = Math.min(crop.size(), original.width());
        int ch = Math.min(crop.size(), original.height());
        int x0 = (original.width() - cw) / 2;
        int y0 = (original.height() - ch) / 2;
        // Small crops are shown enlarged, without smoothing, so that artefacts stay visible.
        int shown = cw < 128 ? 2 : 1;
        h.append("<h2>Crops</h2>\n<p>").append(esc(source.name())).append(String.format(Locale.ROOT,
                        ", the %dx%d pixels at (%d, %d); each curve at its rate point nearest %s bpp on this image",
                        cw, ch, x0, y0, Keys.fmt(crop.bpp())))
                .append(shown > 1 ? ", shown at twice their size" : "").append(".</p>\n<div class=\"crops\">\n");
        writePng(original.crop(x0, y0, cw, ch), dir.resolve("original.png"));
        figure(h, CROPS + "/original.png", "original", cw * shown, ch * shown);
        for (CurveRunner.Curve c : result.curves()) {
            ImagePoint best = null;
            CurveCodec.Rate bestRate = null;
            for (CurveRunner.Point p : c.points()) {
                for (ImagePoint ip : p.images()) {
                    if (ip.image().equals(source.name())
                            && (best == null || Math.abs(ip.bpp() - crop.bpp()) < Math.abs(best.bpp() - crop.bpp()))) {
                        best = ip;
                        bestRate = p.rate();
                    }
                }
            }
            if (best == null) {
                continue;
            }
            RasterImage decoded = cache.decoded(best.key());
            String file = CROPS + "/" + c.id() + ".png";
            writePng(decoded.crop(x0, y0, cw, ch), out.resolve(file));
            figure(h, file, String.format(Locale.ROOT, "%s, %s: %.3f bpp, %.2f dB", c.label(), bestRate.label(),
                    best.bpp(), best.psnr()), cw * shown, ch * shown);
        }
        h.append("</div>\n");
    }

    private static void writePng(RasterImage image, Path file) throws IOException {
        AtomicOutput.write(file, true, o -> ImageFiles.writePng(image, o));
    }

    private static void figure(StringBuilder h, String src, String caption, int w, int hgt) {
        h.append("<figure><img src=\"").append(esc(src)).append("\" width=\"").append(w).append("\" height=\"")
                .append(hgt).append("\" alt=\"").append(esc(caption)).append("\"><figcaption>").append(esc(caption))
                .append("</figcaption></figure>\n");
    }

    private static String num(String format, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "-";
    }

    /** Text escaped for HTML content and attribute values. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}
