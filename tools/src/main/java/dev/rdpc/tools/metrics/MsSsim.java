package dev.rdpc.tools.metrics;

import dev.rdpc.image.RasterImage;
import java.util.Objects;

/**
 * Structural similarity: single-scale SSIM and the multi-scale MS-SSIM of Wang, Simoncelli and
 * Bovik (2003) with the constants used throughout the image-compression literature. The normative
 * definition, including every edge case, is {@code docs/metrics.md} section 1; in short:
 *
 * <ul>
 *   <li>samples are the 8-bit values 0..255 as doubles, dynamic range L = 255, K1 = 0.01,
 *       K2 = 0.03, C1 = (K1 L)^2, C2 = (K2 L)^2;</li>
 *   <li>local statistics use an 11x11 Gaussian window with standard deviation 1.5 (normalised to
 *       sum 1) with "valid" filtering: no padding, so a w x h plane gives a (w-10) x (h-10) map;</li>
 *   <li>5 scales with weights 0.0448, 0.2856, 0.3001, 0.2363, 0.1333; between scales 2x2 average
 *       pooling, an odd trailing row or column being paired with itself (edge replication, as in
 *       Wang's MATLAB code and TensorFlow), so a side n becomes ceil(n / 2);</li>
 *   <li>the mean contrast-structure term cs_j at scales 1..M-1 and the mean SSIM (luminance times
 *       contrast-structure, averaged over the map) at the coarsest scale M; each mean is clamped at 0
 *       before being raised to its weight;</li>
 *   <li>images whose smaller side is below 161 pixels (too small for 5 scales) use the largest
 *       M &lt; 5 at which the coarsest plane still has both sides of at least 11, with the first M
 *       weights renormalised to sum 1 ({@link #scales(int, int)}); below 11 pixels they are refused;</li>
 *   <li>RGB images: the value is computed on R, G and B separately and the three values are
 *       averaged. Both images must have the same size and channel count.</li>
 * </ul>
 *
 * <p>All methods are pure functions; the class holds no state.
 */
public final class MsSsim {
    /** Dynamic range of the samples. */
    public static final double DYNAMIC_RANGE = 255.0;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;
    /** (K1 L)^2 = 6.5025. */
    public static final double C1 = (K1 * DYNAMIC_RANGE) * (K1 * DYNAMIC_RANGE);
    /** (K2 L)^2 = 58.5225. */
    public static final double C2 = (K2 * DYNAMIC_RANGE) * (K2 * DYNAMIC_RANGE);
    /** Side of the square Gaussian window. */
    public static final int WINDOW = 11;
    /** Standard deviation of the Gaussian window, in pixels. */
    public static final double WINDOW_SIGMA = 1.5;
    /** Number of scales of the full MS-SSIM. */
    public static final int MAX_SCALES = 5;
    /** Smallest image side that admits all 5 scales: ceil(161 / 16) = 11. */
    public static final int MIN_SIDE_FULL = 161;

    private static final double[] WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};
    private static final double[] KERNEL = gaussianKernel();

    private MsSsim() {}

    /** The 5 standard scale weights (a copy), finest scale first. */
    public static double[] weights() {
        return WEIGHTS.clone();
    }

    /**
     * The 1-D Gaussian kernel (a copy): g[i] = exp(-(i - 5)^2 / (2 * 1.5^2)) / sum, i = 0..10. The
     * 2-D window is its outer product with itself.
     */
    public static double[] kernel() {
        return KERNEL.clone();
    }

    private static double[] gaussianKernel() {
        double[] g = new double[WINDOW];
        double sum = 0;
        int half = WINDOW / 2;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - half;
            g[i] = Math.exp(-(d * d) / (2 * WINDOW_SIGMA * WINDOW_SIGMA));
            sum += g[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            g[i] /= sum;
        }
        return g;
    }

    /**
     * The number of scales MS-SSIM uses for a {@code width x height} image: 5 when the smaller side
     * is at least 161, otherwise the largest M such that after M - 1 halvings (n -> ceil(n / 2)) both
     * sides are still at least 11.
     *
     * @throws IllegalArgumentException if a side is below 11 (not even one SSIM window fits)
     */
    public static int scales(int width, int height) {
        if (width < WINDOW || height < WINDOW) {
            throw new IllegalArgumentException("MS-SSIM needs images of at least " + WINDOW + "x" + WINDOW
                    + " pixels (one " + WINDOW + "x" + WINDOW + " window), got " + width + "x" + height);
        }
        int m = 1;
        int w = width;
        int h = height;
        while (m < MAX_SCALES) {
            w = (w + 1) / 2;
            h = (h + 1) / 2;
            if (w < WINDOW || h < WINDOW) {
                break;
            }
            m++;
        }
        return m;
    }

    /**
     * The weights used for {@code scales} scales: the first {@code scales} standard weights divided by
     * their sum (the standard weights themselves, which sum to 1.0001, when {@code scales} is 5).
     */
    public static double[] weights(int scales) {
        if (scales < 1 || scales > MAX_SCALES) {
            throw new IllegalArgumentException("scales must be in 1.." + MAX_SCALES + ", got " + scales);
        }
        if (scales == MAX_SCALES) {
            return WEIGHTS.clone();
        }
        double sum = 0;
        for (int j = 0; j < scales; j++) {
            sum += WEIGHTS[j];
        }
        double[] w = new double[scales];
        for (int j = 0; j < scales; j++) {
            w[j] = WEIGHTS[j] / sum;
        }
        return w;
    }

    /**
     * MS-SSIM of {@code test} against {@code reference}, in [0, 1]; exactly 1 for identical images.
     * The measure is symmetric, the argument names only follow the usual convention.
     *
     * @throws IllegalArgumentException if the images differ in size or channel count, or a side is
     *     below 11 pixels
     */
    public static double msSsim(RasterImage reference, RasterImage test) {
        checkPair(reference, test);
        int w = reference.width();
        int h = reference.height();
        int m = scales(w, h);
        double[] weights = weights(m);
        int channels = reference.channels();
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            double[] t = scaleTerms(plane(reference, c), plane(test, c), w, h, m);
            sum += combine(t, weights);
        }
        return sum / channels;
    }

    /** MS-SSIM in decibels: {@link #toDb(double) toDb}({@link #msSsim(RasterImage, RasterImage) msSsim}). */
    public static double msSsimDb(RasterImage reference, RasterImage test) {
        return toDb(msSsim(reference, test));
    }

    /**
     * An MS-SSIM (or SSIM) value expressed in dB: {@code -10 log10(1 - value)}; positive infinity
     * for 1.
     *
     * @throws IllegalArgumentException if {@code value} is NaN or above 1
     */
    public static double toDb(double value) {
        if (!(value <= 1.0)) {
            throw new IllegalArgumentException("similarity must be at most 1, got " + value);
        }
        return 0.0 - 10.0 * Math.log10(1.0 - value); // 0.0 - x: +0.0 rather than -0.0 for value 0
    }

    /**
     * Single-scale SSIM: the mean of the SSIM map at full resolution (same window and constants as
     * MS-SSIM, "valid" filtering), averaged over the RGB channels for colour images. Unlike
     * MS-SSIM it is not clamped and may be negative for anti-correlated images.
     *
     * @throws IllegalArgumentException if the images differ in size or channel count, or a side is
     *     below 11 pixels
     */
    public static double ssim(RasterImage a, RasterImage b) {
        checkPair(a, b);
        int w = a.width();
        int h = a.height();
        if (w < WINDOW || h < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW
                    + " pixels, got " + w + "x" + h);
        }
        int channels = a.channels();
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            sum += meanMaps(plane(a, c), plane(b, c), w, h)[1];
        }
        return sum / channels;
    }

    private static void checkPair(RasterImage a, RasterImage b) {
        Objects.requireNonNull(a, "reference");
        Objects.requireNonNull(b, "test");
        if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
            throw new IllegalArgumentException("images differ in size or channels: " + a + " vs " + b);
        }
    }

    /** Channel {@code c} of an image as doubles 0..255, row-major. */
    static double[] plane(RasterImage img, int c) {
        int w = img.width();
        int h = img.height();
        int ch = img.channels();
        double[] p = new double[w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = img.sampleAt(i * ch + c);
        }
        return p;
    }

    /**
     * The raw (unclamped) per-scale terms of one channel: entries 0..m-2 are the mean
     * contrast-structure terms cs_1..cs_{m-1}, entry m-1 is the mean SSIM at scale m.
     */
    static double[] scaleTerms(double[] x, double[] y, int w, int h, int m) {
        double[] terms = new double[m];
        for (int j = 0; j < m; j++) {
            double[] means = meanMaps(x, y, w, h);
            terms[j] = j < m - 1 ? means[0] : means[1];
            if (j < m - 1) {
                x = downsample(x, w, h);
                y = downsample(y, w, h);
                w = (w + 1) / 2;
                h = (h + 1) / 2;
            }
        }
        return terms;
    }

    /** prod_j max(terms[j], 0)^weights[j]. */
    static double combine(double[] terms, double[] weights) {
        double r = 1.0;
        for (int j = 0; j < terms.length; j++) {
            r *= Math.pow(Math.max(terms[j], 0.0), weights[j]);
        }
        return r;
    }

    /**
     * 2x2 average pooling to ceil(w/2) x ceil(h/2); an odd last column (row) is averaged with itself,
     * i.e. the plane is extended by replicating its last column (row).
     */
    static double[] downsample(double[] p, int w, int h) {
        int ow = (w + 1) / 2;
        int oh = (h + 1) / 2;
        double[] o = new double[ow * oh];
        for (int oy = 0; oy < oh; oy++) {
            int y0 = 2 * oy;
            int y1 = Math.min(y0 + 1, h - 1);
            for (int ox = 0; ox < ow; ox++) {
                int x0 = 2 * ox;
                int x1 = Math.min(x0 + 1, w - 1);
                o[oy * ow + ox] = (p[y0 * w + x0] + p[y0 * w + x1] + p[y1 * w + x0] + p[y1 * w + x1]) * 0.25;
            }
        }
        return o;
    }

    /**
     * Means over the valid region of the contrast-structure map and of the SSIM map of two planes:
     * {mean cs, mean ssim}. Local statistics are Gaussian-weighted (separable filter, horizontal pass
     * first); variances and covariance are E[xy] - E[x]E[y].
     */
    static double[] meanMaps(double[] x, double[] y, int w, int h) {
        int ow = w - WINDOW + 1;
        int oh = h - WINDOW + 1;
        // Horizontal pass of the five quantities x, y, x^2, y^2, xy: ow x h each.
        double[] hx = new double[ow * h];
        double[] hy = new double[ow * h];
        double[] hxx = new double[ow * h];
        double[] hyy = new double[ow * h];
        double[] hxy = new double[ow * h];
        for (int r = 0; r < h; r++) {
            int row = r * w;
            for (int ox = 0; ox < ow; ox++) {
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double syy = 0;
                double sxy = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double g = KERNEL[k];
                    double a = x[row + ox + k];
                    double b = y[row + ox + k];
                    sx += g * a;
                    sy += g * b;
                    sxx += g * (a * a);
                    syy += g * (b * b);
                    sxy += g * (a * b);
                }
                int o = r * ow + ox;
                hx[o] = sx;
                hy[o] = sy;
                hxx[o] = sxx;
                hyy[o] = syy;
                hxy[o] = sxy;
            }
        }
        double csSum = 0;
        double ssimSum = 0;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                double mx = 0;
                double my = 0;
                double exx = 0;
                double eyy = 0;
                double exy = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double g = KERNEL[k];
                    int i = (oy + k) * ow + ox;
                    mx += g * hx[i];
                    my += g * hy[i];
                    exx += g * hxx[i];
                    eyy += g * hyy[i];
                    exy += g * hxy[i];
                }
                double vx = exx - mx * mx;
                double vy = eyy - my * my;
                double cov = exy - mx * my;
                double cs = (2 * cov + C2) / (vx + vy + C2);
                double lum = (2 * mx * my + C1) / (mx * mx + my * my + C1);
                csSum += cs;
                ssimSum += lum * cs;
            }
        }
        double n = (double) ow * oh;
        return new double[] {csSum / n, ssimSum / n};
    }
}
