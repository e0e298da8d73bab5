package dev.rdpc.tools.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.RasterImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MsSsimTest {

    /**
     * A deterministic pair made with integer arithmetic only (so that other languages reproduce it
     * exactly): 16-pixel checkerboard of 70 / 170 plus a ramp, the reference with noise in -10..10
     * and the test image with extra noise in -30..30, from the 31-bit LCG
     * state = (state * 1103515245 + 12345) mod 2^31, value = state >> 16, seeded with 12345.
     * Samples in interleaved order (y, x, c); two LCG draws per sample (reference noise first).
     */
    static RasterImage[] lcgPair(int w, int h, int channels) {
        long state = 12345;
        byte[] a = new byte[w * h * channels];
        byte[] b = new byte[w * h * channels];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    int base = ((x / 16 + y / 16) % 2 == 0 ? 70 : 170) + (x + 2 * y + 30 * c) % 40 - 20;
                    state = (state * 1103515245L + 12345L) & 0x7fffffffL;
                    int na = (int) (state >>> 16) % 21 - 10;
                    state = (state * 1103515245L + 12345L) & 0x7fffffffL;
                    int nb = (int) (state >>> 16) % 61 - 30;
                    a[i] = (byte) clamp(base + na);
                    b[i] = (byte) clamp(base + na + nb);
                    i++;
                }
            }
        }
        return new RasterImage[] {RasterImage.of(w, h, channels, a), RasterImage.of(w, h, channels, b)};
    }

    private static int clamp(long v) {
        return (int) Math.max(0, Math.min(255, v));
    }

    /** A smooth RGB texture with values in 30..225 (room for a shift of +-25 without clipping). */
    static RasterImage texture(int w, int h, long seed) {
        Random r = new Random(seed);
        double[][] f = new double[4][4];
        for (double[] t : f) {
            t[0] = 0.02 + 0.3 * r.nextDouble();
            t[1] = 0.02 + 0.3 * r.nextDouble();
            t[2] = 2 * Math.PI * r.nextDouble();
            t[3] = 10 + 15 * r.nextDouble();
        }
        byte[] s = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 8 * r.nextGaussian();
                    for (double[] t : f) {
                        v += t[3] * Math.sin(t[0] * x + t[1] * y + t[2] + c);
                    }
                    s[(y * w + x) * 3 + c] = (byte) Math.max(30, Math.min(225, Math.round(v)));
                }
            }
        }
        return RasterImage.rgb(w, h, s);
    }

    static RasterImage addNoise(RasterImage img, double sigma, long seed) {
        Random r = new Random(seed);
        int[] v = img.samplesAsInts();
        for (int i = 0; i < v.length; i++) {
            v[i] = clamp(Math.round(v[i] + sigma * r.nextGaussian()));
        }
        return RasterImage.ofInts(img.width(), img.height(), img.channels(), v);
    }

    // ---------------------------------------------------------------------------------------------
    // Reference implementation, written independently of MsSsim: 2-D arrays, a 2-D window normalised
    // as a whole, direct double loops, two-pass (centred) moments, pooling on an edge-padded copy.

    private static final double[] REF_WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};

    static double[][][] refPlanes(RasterImage img) {
        double[][][] p = new double[img.channels()][img.height()][img.width()];
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    p[c][y][x] = img.sample(x, y, c);
                }
            }
        }
        return p;
    }

    /** {mean cs, mean ssim} over all 11x11 windows that fit. */
    static double[] refStats(double[][] x, double[][] y) {
        double[][] win = new double[11][11];
        double total = 0;
        for (int u = 0; u < 11; u++) {
            for (int v = 0; v < 11; v++) {
                win[u][v] = Math.exp(-((u - 5) * (u - 5) + (v - 5) * (v - 5)) / (2 * 1.5 * 1.5));
                total += win[u][v];
            }
        }
        for (int u = 0; u < 11; u++) {
            for (int v = 0; v < 11; v++) {
                win[u][v] /= total;
            }
        }
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        int rows = x.length - 10;
        int cols = x[0].length - 10;
        double csSum = 0;
        double ssimSum = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double mx = 0;
                double my = 0;
                for (int u = 0; u < 11; u++) {
                    for (int v = 0; v < 11; v++) {
                        mx += win[u][v] * x[r + u][c + v];
                        my += win[u][v] * y[r + u][c + v];
                    }
                }
                double vx = 0;
                double vy = 0;
                double cov = 0;
                for (int u = 0; u < 11; u++) {
                    for (int v = 0; v < 11; v++) {
                        double dx = x[r + u][c + v] - mx;
                        double dy = y[r + u][c + v] - my;
                        vx += win[u][v] * dx * dx;
                        vy += win[u][v] * dy * dy;
                        cov += win[u][v] * dx * dy;
                    }
                }
                double cs = (2 * cov + c2) / (vx + vy + c2);
                double l = (2 * mx * my + c1) / (mx * mx + my * my + c1);
                csSum += cs;
                ssimSum += l * cs;
            }
        }
        return new double[] {csSum / (rows * cols), ssimSum / (rows * cols)};
    }

    static double[][] refPool(double[][] x) {
        int h = x.length;
        int w = x[0].length;
        int ph = h + (h % 2);
        int pw = w + (w % 2);
        double[][] padded = new double[ph][pw];
        for (int r = 0; r < ph; r++) {
            for (int c = 0; c < pw; c++) {
                padded[r][c] = x[Math.min(r, h - 1)][Math.min(c, w - 1)];
            }
        }
        double[][] out = new double[ph / 2][pw / 2];
        for (int r = 0; r < ph / 2; r++) {
            for (int c = 0; c < pw / 2; c++) {
                out[r][c] = (padded[2 * r][2 * c] + padded[2 * r][2 * c + 1] + padded[2 * r + 1][2 * c]
                        + padded[2 * r + 1][2 * c + 1]) / 4;
            }
        }
        return out;
    }

    static double refMsSsim(RasterImage a, RasterImage b, int scales) {
        double wsum = 0;
        for (int j = 0; j < scales; j++) {
            wsum += REF_WEIGHTS[j];
        }
        double[][][] pa = refPlanes(a);
        double[][][] pb = refPlanes(b);
        double mean = 0;
        for (int c = 0; c < a.channels(); c++) {
            double[][] x = pa[c];
            double[][] y = pb[c];
            double value = 1;
            for (int j = 0; j < scales; j++) {
                double wj = scales == 5 ? REF_WEIGHTS[j] : REF_WEIGHTS[j] / wsum;
                double[] st = refStats(x, y);
                double term = j == scales - 1 ? st[1] : st[0];
                value *= Math.pow(Math.max(0, term), wj);
                x = refPool(x);
                y = refPool(y);
            }
            mean += value / a.channels();
        }
        return mean;
    }

    static double refSsim(RasterImage a, RasterImage b) {
        double[][][] pa = refPlanes(a);
        double[][][] pb = refPlanes(b);
        double mean = 0;
        for (int c = 0; c < a.channels(); c++) {
            mean += refStats(pa[c], pb[c])[1] / a.channels();
        }
        return mean;
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void identicalImagesGiveExactlyOne() {
        RasterImage[] p = lcgPair(181, 170, 3);
        assertEquals(1.0, MsSsim.msSsim(p[0], p[0]));
        assertEquals(1.0, MsSsim.ssim(p[1], p[1]));
        assertEquals(Double.POSITIVE_INFINITY, MsSsim.msSsimDb(p[0], p[0]));
        RasterImage[] g = lcgPair(40, 23, 1);
        assertEquals(1.0, MsSsim.msSsim(g[0], g[0]));
        assertEquals(1.0, MsSsim.ssim(g[0], g[0]));
    }

    @Test
    void symmetric() {
        RasterImage[] p = lcgPair(181, 170, 3);
        assertEquals(MsSsim.msSsim(p[0], p[1]), MsSsim.msSsim(p[1], p[0]));
        assertEquals(MsSsim.ssim(p[0], p[1]), MsSsim.ssim(p[1], p[0]));
    }

    /**
     * Pinned values for the LCG pair, cross-checked once with an independent numpy implementation
     * (float64, 2-D window via sliding_window_view, edge-padded pooling) during development:
     * 181x170 RGB: MS-SSIM 0.9759776511768111 (5 scales), SSIM 0.728327081447364;
     * 64x48 RGB: MS-SSIM 0.960830484407759 (3 scales, renormalised weights).
     * The Java reference implementation above must agree with MsSsim within 1e-9.
     */
    @Test
    void agreesWithReferenceImplementationAndPinnedValues() {
        RasterImage[] p = lcgPair(181, 170, 3);
        double ms = MsSsim.msSsim(p[0], p[1]);
        double ss = MsSsim.ssim(p[0], p[1]);
        assertEquals(refMsSsim(p[0], p[1], 5), ms, 1e-9);
        assertEquals(refSsim(p[0], p[1]), ss, 1e-9);
        assertEquals(0.9759776511768111, ms, 1e-9);
        assertEquals(0.728327081447364, ss, 1e-9);

        RasterImage[] small = lcgPair(64, 48, 3);
        assertEquals(3, MsSsim.scales(64, 48));
        double msSmall = MsSsim.msSsim(small[0], small[1]);
        assertEquals(refMsSsim(small[0], small[1], 3), msSmall, 1e-9);
        assertEquals(0.960830484407759, msSmall, 1e-9);
    }

    @Test
    void moreNoiseLowersItMonotonically() {
        RasterImage ref = texture(176, 176, 7);
        double previous = 1.0;
        double previousSsim = 1.0;
        for (double sigma : new double[] {1, 2, 4, 8, 16, 32, 64}) {
            RasterImage noisy = addNoise(ref, sigma, 99);
            double v = MsSsim.msSsim(ref, noisy);
            double s = MsSsim.ssim(ref, noisy);
            assertTrue(v < previous, "sigma " + sigma + ": " + v + " !< " + previous);
            assertTrue(s < previousSsim, "sigma " + sigma + ": " + s + " !< " + previousSsim);
            assertTrue(v > 0 && v < 1);
            previous = v;
            previousSsim = s;
        }
    }

    @Test
    void constantShiftChangesOnlyTheLuminanceTerm() {
        RasterImage ref = texture(176, 176, 3);
        int[] v = ref.samplesAsInts();
        for (int i = 0; i < v.length; i++) {
            v[i] += 10;
        }
        RasterImage shifted = RasterImage.ofInts(176, 176, 3, v);
        for (int c = 0; c < 3; c++) {
            double[] t = MsSsim.scaleTerms(MsSsim.plane(ref, c), MsSsim.plane(shifted, c), 176, 176, 5);
            for (int j = 0; j < 4; j++) {
                assertEquals(1.0, t[j], 1e-9, "cs at scale " + (j + 1));
            }
            // Coarsest: SSIM = luminance (cs = 1), slightly below 1 for a shift of 10 around 128.
            assertTrue(t[4] < 1 && t[4] > 0.99, "coarsest " + t[4]);
        }
        double ms = MsSsim.msSsim(ref, shifted);
        assertTrue(ms < 1 && ms > 0.999, "MS-SSIM of a shift " + ms);
        // Noise of a comparable MSE (sigma 10) costs far more than the shift.
        assertTrue(MsSsim.msSsim(ref, addNoise(ref, 10, 5)) < ms - 0.005);
    }

    @Test
    void scalesAndWeightsForSmallImages() {
        assertEquals(5, MsSsim.scales(161, 161));
        assertEquals(5, MsSsim.scales(768, 512));
        assertEquals(4, MsSsim.scales(160, 500));
        assertEquals(4, MsSsim.scales(81, 81));
        assertEquals(3, MsSsim.scales(80, 80));
        assertEquals(1, MsSsim.scales(11, 11));
        assertEquals(2, MsSsim.scales(21, 30));
        assertEquals(1, MsSsim.scales(20, 30));
        assertArrayEquals(new double[] {0.0448, 0.2856, 0.3001, 0.2363, 0.1333}, MsSsim.weights(5));
        for (int m = 1; m < 5; m++) {
            double sum = 0;
            for (double w : MsSsim.weights(m)) {
                sum += w;
            }
            assertEquals(1.0, sum, 1e-12);
        }
        assertArrayEquals(new double[] {1.0}, MsSsim.weights(1));
        double k = 0;
        for (double g : MsSsim.kernel()) {
            k += g;
        }
        assertEquals(1.0, k, 1e-15);
    }

    @Test
    void refusesMismatchedOrTinyImages() {
        RasterImage[] p = lcgPair(40, 30, 3);
        RasterImage[] q = lcgPair(40, 31, 3);
        RasterImage[] g = lcgPair(40, 30, 1);
        RasterImage[] tiny = lcgPair(10, 30, 3);
        assertThrows(IllegalArgumentException.class, () -> MsSsim.msSsim(p[0], q[0]));
        assertThrows(IllegalArgumentException.class, () -> MsSsim.msSsim(p[0], g[0]));
        assertThrows(IllegalArgumentException.class, () -> MsSsim.ssim(p[0], q[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MsSsim.msSsim(tiny[0], tiny[1]));
        assertTrue(e.getMessage().contains("at least 11x11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MsSsim.ssim(tiny[0], tiny[1]));
    }

    @Test
    void decibels() {
        assertEquals(20.0, MsSsim.toDb(0.99), 1e-9);
        assertEquals(10.0, MsSsim.toDb(0.9), 1e-9);
        assertEquals(0.0, MsSsim.toDb(0.0));
        assertThrows(IllegalArgumentException.class, () -> MsSsim.toDb(1.5));
        assertThrows(IllegalArgumentException.class, () -> MsSsim.toDb(Double.NaN));
        RasterImage[] p = lcgPair(64, 64, 3);
        assertEquals(MsSsim.toDb(MsSsim.msSsim(p[0], p[1])), MsSsim.msSsimDb(p[0], p[1]));
    }
}
