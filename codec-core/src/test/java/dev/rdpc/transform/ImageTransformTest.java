package dev.rdpc.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageTransformTest {
    static RasterImage randomImage(int w, int h, int channels, long seed) {
        byte[] s = new byte[w * h * channels];
        new Random(seed).nextBytes(s);
        return RasterImage.of(w, h, channels, s);
    }

    @Test
    void exactRoundTripOddSizeGreyAndRgb() {
        for (int ch : new int[] {1, 3}) {
            for (int n : new int[] {4, 8, 16}) {
                RasterImage img = randomImage(37, 23, ch, 10 * ch + n);
                ImageTransform t = new ImageTransform(ch, 37, 23, n);
                assertEquals(Padding.roundUp(37, n), t.paddedWidth());
                assertEquals(Padding.roundUp(23, n), t.paddedHeight());
                float[] coeffs = t.forward(img);
                assertEquals(t.size(), coeffs.length);
                assertEquals(img, t.inverseToRaster(coeffs), "channels " + ch + " block " + n);
                float[] model = t.inverseToModel(coeffs);
                float[] orig = ModelSpace.toPlanar(img);
                assertArrayEquals(orig, model, 2e-5f);
            }
        }
    }

    @Test
    void dcCoefficientIsScaledMean() {
        // constant grey image: only DC coefficients, each N * u
        byte[] s = new byte[16 * 8];
        java.util.Arrays.fill(s, (byte) 255);
        ImageTransform t = new ImageTransform(1, 16, 8);
        float[] c = t.forward(RasterImage.grey(16, 8, s));
        assertEquals(8f, c[0], 1e-5f);
        assertEquals(8f, c[1], 1e-5f);
        for (int i = 2; i < c.length; i++) {
            assertEquals(0f, c[i], 1e-5f);
        }
    }

    @Test
    void orthonormalOnPaddedImage() {
        ImageTransform t = new ImageTransform(3, 37, 23, 8, 16);
        assertEquals(48, t.paddedWidth());
        assertEquals(32, t.paddedHeight());
        int n = t.size();
        assertEquals(3 * 48 * 32, n);
        Random rnd = new Random(8);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
            y[i] = (float) rnd.nextGaussian();
        }
        float[] tx = new float[n];
        float[] ty = new float[n];
        t.forward(x, tx);
        t.forward(y, ty);
        double dot = 0;
        double tdot = 0;
        double ex = 0;
        double etx = 0;
        for (int i = 0; i < n; i++) {
            dot += (double) x[i] * y[i];
            tdot += (double) tx[i] * ty[i];
            ex += (double) x[i] * x[i];
            etx += (double) tx[i] * tx[i];
        }
        assertEquals(dot, tdot, 1e-4 * n);
        assertEquals(ex, etx, 1e-6 * ex);
        float[] back = new float[n];
        t.inverse(tx, back);
        assertArrayEquals(x, back, 1e-5f);
        // in place
        float[] z = x.clone();
        t.forward(z, z);
        assertArrayEquals(tx, z);
        t.inverse(z, z);
        assertArrayEquals(back, z);
    }

    @Test
    void coefficientNoiseIsWhitePixelNoise() {
        int w = 64;
        int h = 64;
        ImageTransform t = new ImageTransform(3, w, h);
        int n = t.size();
        Random rnd = new Random(9);
        double sigma = 0.1;
        float[] noise = new float[n];
        for (int i = 0; i < n; i++) {
            noise[i] = (float) (sigma * rnd.nextGaussian());
        }
        float[] pix = new float[n];
        t.inverse(noise, pix);
        int plane = w * h;
        for (int c = 0; c < 3; c++) {
            double s2 = 0;
            double cross = 0;
            for (int p = 0; p < plane; p++) {
                double v = pix[c * plane + p];
                s2 += v * v;
                if (p + 1 < plane) {
                    cross += v * pix[c * plane + p + 1];
                }
            }
            assertEquals(sigma * sigma, s2 / plane, 6 * sigma * sigma * Math.sqrt(2.0 / plane), "variance c" + c);
            assertEquals(0.0, cross / plane, 6 * sigma * sigma / Math.sqrt(plane), "neighbour correlation c" + c);
        }
        double cross01 = 0;
        for (int p = 0; p < plane; p++) {
            cross01 += (double) pix[p] * pix[plane + p];
        }
        assertEquals(0.0, cross01 / plane, 6 * sigma * sigma / Math.sqrt(plane), "channel correlation");
    }

    @Test
    void rejectsMismatchedImage() {
        ImageTransform t = new ImageTransform(3, 10, 10);
        assertThrows(IllegalArgumentException.class, () -> t.forward(randomImage(10, 10, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> t.forward(randomImage(11, 10, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> new ImageTransform(2, 10, 10));
    }
}
