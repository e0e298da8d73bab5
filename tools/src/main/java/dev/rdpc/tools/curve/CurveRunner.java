package dev.rdpc.tools.curve;

import dev.rdpc.decoder.ProgressListener;
import dev.rdpc.image.RasterImage;
import dev.rdpc.tools.ExitCodes;
import dev.rdpc.tools.ImageCompare;
import dev.rdpc.tools.metrics.MsSsim;
import dev.rdpc.tools.metrics.FeatureDistances;
import dev.rdpc.tools.metrics.FeatureNetwork;
import dev.rdpc.tools.metrics.RealismIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the sweep: every codec, image, rate and decode variant, each point taken from the cache when
 * present and otherwise coded (one encode per image and rate) and measured; then, per curve point,
 * the means over the images and the realism index over the whole set, computed from the decoded
 * images kept in the cache. A point that fails for an image is reported and left out of the means;
 * its curve point is then marked incomplete and has no realism index.
 */
public final class CurveRunner {

    /**
     * One curve point: a rate setting of one variant, over the image set.
     *
     * @param images        the measurements per image, in image order, of the images that succeeded
     * @param errors        one message per image that failed
     * @param bpp           mean bits per pixel over {@code images}
     * @param psnr          mean of the per-image PSNR (dB)
     * @param mse           mean of the per-image mean squared error (RGB, 8-bit scale)
     * @param msSsim        mean of the per-image MS-SSIM (NaN if any image is too small for it)
     * @param encodeSeconds mean encode wall time
     * @param decodeSeconds mean decode wall time
     * @param realism       the realism index over the whole set, or null (see {@code realismNote})
     * @param realismNote   why there is no realism index, or null
     * @param features      FID and KID against the originals when a feature network was given, else null
     */
    public record Point(CurveCodec.Rate rate, List<ImagePoint> images, List<String> errors, double bpp, double psnr,
                        double mse, double msSsim, double encodeSeconds, double decodeSeconds, RealismIndex.Result realism,
                        String realismNote, FeatureScores features) {
        /** Whether every image of the set was coded. */
        public boolean complete() {
            return errors.isEmpty() && !images.isEmpty();
        }

        /** The realism index value, NaN when there is none. */
        public double realismValue() {
            return realism == null ? Double.NaN : realism.index();
        }

        /** FID, NaN when there is none. */
        public double fid() {
            return features == null ? Double.NaN : features.fid();
        }

        /** KID, NaN when there is none. */
        public double kid() {
            return features == null ? Double.NaN : features.kid();
        }
    }

    /**
     * Feature-space distances of one curve point's reconstructions from the originals
     * (docs/metrics.md section 4).
     *
     * @param fid     Frechet distance of the fitted Gaussians
     * @param kid     kernel distance (unbiased MMD^2, cubic kernel)
     * @param patches feature patches per set
     */
    public record FeatureScores(double fid, double kid, int patches) {
    }

    /** The feature network's identity in the outputs: file name, SHA-256, patch size. */
    public record FeatureSettings(String model, String sha256, int patchWidth, int patchHeight) {
    }

    /** One curve: a codec's decode variant swept over the codec's rates. */
    public record Curve(CurveCodec codec, CurveCodec.Variant variant, List<Point> points) {
        public String id() {
            return variant.id();
        }

        public String label() {
            return variant.label();
        }
    }

    /**
     * The outcome of a run.
     *
     * @param computed points coded in this run
     * @param cached   points taken from the cache
     * @param encodes  encoder runs in this run
     * @param failed   (image, point) pairs that failed
     */
    public record Result(List<SourceImage> images, List<Curve> curves, RealismIndex.Settings realismSettings,
                         FeatureSettings featureSettings, int computed, int cached, int encodes, int failed) {
    }

    private final PointCache cache;
    private final RunContext context;
    private final Consumer<String> warn;
    private final ProgressListener progress;
    private final RealismIndex.Settings realismSettings;
    private final FeatureNetwork featureNetwork;
    private double[][] originalFeatures;

    /**
     * @param context  work folder, cache, verbose messages
     * @param warn     receives one line per failure (always shown)
     * @param progress receives (points done, points in all)
     * @param featureNetwork FID and KID come from it when it is not null (the caller closes it)
     */
    public CurveRunner(RunContext context, Consumer<String> warn, ProgressListener progress,
                       RealismIndex.Settings realismSettings, FeatureNetwork featureNetwork) {
        this.cache = context.cache();
        this.context = context;
        this.warn = warn;
        this.progress = progress;
        this.realismSettings = realismSettings;
        this.featureNetwork = featureNetwork;
    }

    /** The cache key text of one image at one curve point. */
    public static String pointKey(CurveCodec codec, SourceImage image, CurveCodec.Rate rate, CurveCodec.Variant v) {
        StringBuilder sb = new StringBuilder("point|").append(codec.keyBase()).append("|image=").append(image.sha256())
                .append('|').append(rate.label());
        for (Map.Entry<String, Object> e : v.settings().entrySet()) {
            Object value = e.getValue();
            sb.append('|').append(e.getKey()).append('=')
                    .append(value instanceof Number ? Keys.fmt(((Number) value).doubleValue()) : String.valueOf(value));
        }
        return sb.toString();
    }

    /** Runs every codec over every image; see the class comment. */
    public Result run(List<SourceImage> images, List<CurveCodec> codecs) throws IOException {
        int total = 0;
        for (CurveCodec c : codecs) {
            total += images.size() * c.rates().size() * c.variants().size();
        }
        int done = 0;
        int computed = 0;
        int fromCache = 0;
        int encodes = 0;
        int failed = 0;
        // per codec: [variant][rate][image]
        List<ImagePoint[][][]> measured = new ArrayList<>();
        List<String[][][]> errors = new ArrayList<>();
        for (CurveCodec codec : codecs) {
            int nv = codec.variants().size();
            int nr = codec.rates().size();
            ImagePoint[][][] m = new ImagePoint[nv][nr][images.size()];
            String[][][] err = new String[nv][nr][images.size()];
            measured.add(m);
            errors.add(err);
            for (int i = 0; i < images.size(); i++) {
                SourceImage image = images.get(i);
                for (int r = 0; r < nr; r++) {
                    CurveCodec.Rate rate = codec.rates().get(r);
                    List<CurveCodec.Variant> todo = new ArrayList<>();
                    List<Integer> todoIndex = new ArrayList<>();
                    for (int v = 0; v < nv; v++) {
                        CurveCodec.Variant variant = codec.variants().get(v);
                        Optional<ImagePoint> hit = cache.point(pointKey(codec, image, rate, variant));
                        if (hit.isPresent()) {
                            m[v][r][i] = hit.get();
                            fromCache++;
                        } else {
                            todo.add(variant);
                            todoIndex.add(v);
                        }
                    }
                    if (!todo.isEmpty()) {
                        List<CurveCodec.Coded> coded = null;
                        try {
                            coded = codec.code(image, rate, todo, context);
                        } catch (Exception e) {
                            // One failing point (a codec crash, a bpp target below the smallest file) must not
                            // cost the rest of a long run: report it, leave it out, carry on.
                            String message = ExitCodes.message(e, true);
                            warn.accept("warning: " + codec.name() + " " + rate.label() + " failed on " + image.name()
                                    + ": " + message);
                            for (int v : todoIndex) {
                                err[v][r][i] = image.name() + ": " + message;
                                failed++;
                            }
                        }
                        if (coded != null) {
                            boolean encoded = false;
                            for (int k = 0; k < coded.size(); k++) {
                                CurveCodec.Coded c = coded.get(k);
                                ImagePoint p = measure(pointKey(codec, image, rate, c.variant()), image, c);
                                cache.putPoint(p, c.decoded()); // a failure here is the run's own I/O: it stops the run
                                m[todoIndex.get(k)][r][i] = p;
                                computed++;
                                encoded |= c.encodedNow();
                            }
                            if (encoded) {
                                encodes++;
                            }
                            CurveCodec.Coded first = coded.get(0);
                            context.verbose().accept(String.format(Locale.ROOT,
                                    "%s %s %s: %.4f bpp, encode %.3f s%s, %d decode(s)", codec.name(), rate.label(),
                                    image.name(), 8.0 * first.bytes() / image.image().pixelCount(),
                                    first.encodeSeconds(), encoded ? "" : " (cached file)", coded.size()));
                        }
                    }
                    done += nv;
                    progress.onProgress(done, total);
                }
            }
        }

        List<RasterImage> originals = new ArrayList<>();
        for (SourceImage s : images) {
            originals.add(s.image().toRgb());
        }
        List<Curve> curves = new ArrayList<>();
        for (int c = 0; c < codecs.size(); c++) {
            CurveCodec codec = codecs.get(c);
            for (int v = 0; v < codec.variants().size(); v++) {
                List<Point> points = new ArrayList<>();
                for (int r = 0; r < codec.rates().size(); r++) {
                    points.add(aggregate(codec.rates().get(r), measured.get(c)[v][r], errors.get(c)[v][r], originals));
                }
                curves.add(new Curve(codec, codec.variants().get(v), List.copyOf(points)));
            }
        }
        FeatureSettings fs = featureNetwork == null ? null : new FeatureSettings(featureNetwork.fileName(),
                featureNetwork.sha256(), featureNetwork.patchWidth(), featureNetwork.patchHeight());
        return new Result(List.copyOf(images), List.copyOf(curves), realismSettings, fs, computed, fromCache, encodes,
                failed);
    }

    /** Measures one decoded image against its original. */
    static ImagePoint measure(String key, SourceImage image, CurveCodec.Coded c) {
        RasterImage ref = image.image().toRgb();
        RasterImage test = c.decoded().toRgb();
        double psnrRaw = ImageCompare.psnr(ref, test);
        double mse = Double.isInfinite(psnrRaw) ? 0.0 : 255.0 * 255.0 / Math.pow(10, psnrRaw / 10);
        double ms;
        try {
            ms = MsSsim.msSsim(ref, test);
        } catch (IllegalArgumentException e) {
            ms = Double.NaN; // under 11 pixels on a side: no SSIM window fits
        }
        int w = ref.width();
        int h = ref.height();
        return new ImagePoint(key, image.name(), w, h, c.bytes(), 8.0 * c.bytes() / ((double) w * h), mse,
                ImagePoint.psnrOf(mse), ms, c.encodeSeconds(), c.decodeSeconds());
    }

    private Point aggregate(CurveCodec.Rate rate, ImagePoint[] perImage, String[] errs, List<RasterImage> originals)
            throws IOException {
        List<ImagePoint> ok = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < perImage.length; i++) {
            if (perImage[i] != null) {
                ok.add(perImage[i]);
            } else {
                failures.add(errs[i] == null ? "image " + i + ": not coded" : errs[i]);
            }
        }
        double n = ok.size();
        double bpp = 0;
        double psnr = 0;
        double mse = 0;
        double ms = 0;
        double enc = 0;
        double dec = 0;
        for (ImagePoint p : ok) {
            bpp += p.bpp();
            psnr += p.psnr();
            mse += p.mse();
            ms += p.msSsim();
            enc += p.encodeSeconds();
            dec += p.decodeSeconds();
        }
        RealismIndex.Result realism = null;
        String note = null;
        if (!failures.isEmpty()) {
            note = "not every image was coded";
        } else {
            // The index depends only on the settings and the decoded images, which the point keys pin down;
            // caching it keeps a rerun over a large set from recomputing every pyramid.
            StringBuilder key = new StringBuilder("realism|").append(realismSettings);
            for (ImagePoint p : ok) {
                key.append('|').append(p.key());
            }
            Optional<RealismIndex.Result> hit = cache.realism(key.toString());
            if (hit.isPresent()) {
                realism = hit.get();
            } else {
                List<RasterImage> recs = new ArrayList<>();
                for (ImagePoint p : ok) {
                    recs.add(cache.decoded(p.key()).toRgb());
                }
                try {
                    realism = RealismIndex.compute(originals, recs, realismSettings);
                    cache.putRealism(key.toString(), realism);
                } catch (IllegalArgumentException e) {
                    note = e.getMessage();
                }
            }
        }
        FeatureScores features = null;
        if (featureNetwork != null && failures.isEmpty()) {
            features = featureScores(ok, originals);
        }
        if (ok.isEmpty()) {
            return new Point(rate, List.of(), List.copyOf(failures), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, null, note, null);
        }
        return new Point(rate, List.copyOf(ok), List.copyOf(failures), bpp / n, psnr / n, mse / n, ms / n, enc / n, dec / n,
                realism, note, features);
    }

    private FeatureScores featureScores(List<ImagePoint> ok, List<RasterImage> originals) throws IOException {
        StringBuilder key = new StringBuilder("features|").append(featureNetwork.sha256()).append('|')
                .append(featureNetwork.patchWidth()).append('x').append(featureNetwork.patchHeight());
        for (ImagePoint p : ok) {
            key.append('|').append(p.key());
        }
        Optional<FeatureScores> hit = cache.features(key.toString());
        if (hit.isPresent()) {
            return hit.get();
        }
        try {
            if (originalFeatures == null) {
                originalFeatures = featureNetwork.features(originals);
            }
            List<RasterImage> recs = new ArrayList<>();
            for (ImagePoint p : ok) {
                recs.add(cache.decoded(p.key()).toRgb());
            }
            double[][] f = featureNetwork.features(recs);
            FeatureScores scores = new FeatureScores(FeatureDistances.frechet(originalFeatures, f),
                    FeatureDistances.kernel(originalFeatures, f, realismSettings.seed()), f.length);
            cache.putFeatures(key.toString(), scores);
            return scores;
        } catch (IllegalArgumentException e) {
            warn.accept("warning: no FID/KID: " + e.getMessage());
            return null;
        }
    }
}
