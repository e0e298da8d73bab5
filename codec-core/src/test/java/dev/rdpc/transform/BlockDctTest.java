package dev.rdpc.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockDctTest {
    @Test
    void basisIsOrthonormalForEverySize() {
        for (int n = 2; n <= 64; n *= 2) {
            BlockDct dct = new BlockDct(n);
            for (int k = 0; k < n; k++) {
                for (int l = 0; l < n; l++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += dct.basis(k, i) * dct.basis(l, i);
                    }
                    assertEquals(k == l ? 1.0 : 0.0, s, 1e-12, "n=" + n + " k=" + k + " l=" + l);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new BlockDct(12));
        assertThrows(IllegalArgumentException.class, () -> new BlockDct(1));
        assertThrows(IllegalArgumentException.class, () -> new BlockDct(128));
    }

    @Test
    void matchesDirectDctII() {
        int n = 8;
        BlockDct dct = new BlockDct(n);
        Random rnd = new Random(4);
        double[] x = new double[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] y = x.clone();
        dct.forwardBlock(y);
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < n; c++) {
                        s += x[r * n + c] * Math.cos(Math.PI * (2 * r + 1) * u / (2.0 * n))
                                * Math.cos(Math.PI * (2 * c + 1) * v / (2.0 * n));
                    }
                }
                s *= (u == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n)) * (v == 0 ? Math.sqrt(1.0 / n)
                        : Math.sqrt(2.0 / n));
                assertEquals(s, y[u * n + v], 1e-12);
            }
        }
        dct.inverseBlock(y);
        assertArrayEquals(x, y, 1e-12);

        // a constant block has only DC = N * value
        float[] img = new float[8 * 8];
        java.util.Arrays.fill(img, 0.5f);
        dct.forward(img, 1, 8, 8);
        assertEquals(4.0f, img[0], 1e-6f);
        for (int i = 1; i < 64; i++) {
            assertEquals(0f, img[i], 1e-6f);
        }
    }

    @Test
    void inverseExactAndEnergyPreserved() {
        Random rnd = new Random(5);
        for (int n : new int[] {2, 4, 8, 16, 32, 64}) {
            int w = 2 * 64;
            int h = 64;
            float[] x = new float[3 * w * h];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextFloat() * 2 - 1;
            }
            BlockDct dct = new BlockDct(n);
            float[] y = x.clone();
            dct.forward(y, 3, w, h);
            double ex = 0;
            double ey = 0;
            for (int i = 0; i < x.length; i++) {
                ex += (double) x[i] * x[i];
                ey += (double) y[i] * y[i];
            }
            assertEquals(ex, ey, 1e-6 * ex, "energy, n=" + n);
            dct.inverse(y, 3, w, h);
            assertArrayEquals(x, y, 1e-5f, "n=" + n);
        }
        assertThrows(IllegalArgumentException.class, () -> new BlockDct(8).forward(new float[12 * 8], 1, 12, 8));
    }

    @Test
    void whiteNoiseStaysWhite() {
        int n = 8;
        int w = 256;
        int h = 256;
        Random rnd = new Random(6);
        float[] x = new float[w * h];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        new BlockDct(n).forward(x, 1, w, h);
        int blocks = (w / n) * (h / n);
        double tol = 6 * Math.sqrt(2.0 / blocks); // 6 standard errors of a sample variance
        double[][] cov = new double[n * n][n * n];
        for (int by = 0; by < h; by += n) {
            for (int bx = 0; bx < w; bx += n) {
                for (int f = 0; f < n * n; f++) {
                    double a = x[(by + f / n) * w + bx + f % n];
                    for (int g = 0; g < n * n; g++) {
                        cov[f][g] += a * x[(by + g / n) * w + bx + g % n];
                    }
                }
            }
        }
        for (int f = 0; f < n * n; f++) {
            assertEquals(1.0, cov[f][f] / blocks, tol, "variance of frequency " + f);
            for (int g = 0; g < f; g++) {
                assertEquals(0.0, cov[f][g] / blocks, 6 / Math.sqrt(blocks), "covariance " + f + "," + g);
            }
        }
    }

    @Test
    void deterministic() {
        Random rnd = new Random(7);
        float[] x = new float[16 * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] a = x.clone();
        float[] b = x.clone();
        new BlockDct().forward(a, 1, 16, 16);
        new BlockDct(8).forward(b, 1, 16, 16);
        assertArrayEquals(a, b);
        assertTrue(a[0] != x[0]);
    }
}
