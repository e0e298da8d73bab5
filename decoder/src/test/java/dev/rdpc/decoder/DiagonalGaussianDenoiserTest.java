package dev.rdpc.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DiagonalGaussianDenoiserTest {

    @Test
    void identityBasisMatchesClosedForm() {
        int n = 50;
        TensorShape shape = new TensorShape(2, 5, 5);
        float[] var = TestBases.logSpaced(n, 1e-3, 2.0);
        float[] mean = TestBases.gaussian(n, 11, 0.3);
        DiagonalGaussianDenoiser d = new DiagonalGaussianDenoiser(new IdentityBasis(n), mean, var);
        float[] y = TestBases.gaussian(n, 12, 1.0);
        float[] yCopy = y.clone();
        for (double sigma : new double[] {0.0, 0.05, 0.3, 2.0}) {
            float[] out = new float[n];
            d.denoise(y, shape, sigma, out);
            for (int i = 0; i < n; i++) {
                double r = var[i] / (var[i] + sigma * sigma);
                double expected = mean[i] + r * (y[i] - mean[i]);
                assertEquals(expected, out[i], 1e-6, "sigma " + sigma + " i " + i);
            }
        }
        assertArrayEquals(yCopy, y, "input must not be modified");
        // zero mean: plain r * y
        DiagonalGaussianDenoiser z = DiagonalGaussianDenoiser.zeroMean(new IdentityBasis(n), var);
        float[] out = new float[n];
        z.denoise(y, shape, 0.4, out);
        for (int i = 0; i < n; i++) {
            assertEquals(var[i] / (var[i] + 0.16) * y[i], out[i], 1e-6);
        }
    }

    @Test
    void householderBasisMatchesDenseFormula() {
        TensorShape shape = new TensorShape(1, 8, 8);
        OrthonormalBasis b = new TestBases.HouseholderBasis(64, 12, 5);
        checkAgainstDense(b, shape, 21);
    }

    @Test
    void dctBasisMatchesDenseFormula() {
        TensorShape shape = new TensorShape(3, 6, 8);
        checkAgainstDense(new TestBases.Dct2Basis(shape), shape, 22);
    }

    private static void checkAgainstDense(OrthonormalBasis basis, TensorShape shape, long seed) {
        int n = shape.size();
        double[][] b = TestBases.dense(basis);
        // the test basis itself must be orthonormal: B B^T = I
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += b[i][k] * b[j][k];
                }
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-5);
            }
        }
        float[] var = TestBases.logSpaced(n, 1e-4, 1.0);
        var[3] = 0f; // a degenerate component
        float[] mean = TestBases.gaussian(n, seed, 0.2);
        DiagonalGaussianDenoiser d = new DiagonalGaussianDenoiser(basis, mean, var);
        float[] y = TestBases.gaussian(n, seed + 1, 0.7);
        for (double sigma : new double[] {0.01, 0.2, 1.5}) {
            float[] out = new float[n];
            d.denoise(y, shape, sigma, out);
            // dense: B^T [ m + diag(r) (B y - m) ]
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += b[i][k] * y[k];
                }
                double r = var[i] / (var[i] + sigma * sigma);
                c[i] = mean[i] + r * (s - mean[i]);
            }
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += b[i][k] * c[i];
                }
                assertEquals(s, out[k], 1e-5, "sigma " + sigma + " k " + k);
            }
        }
    }

    @Test
    void sigmaZeroIsIdentityAndZeroVarianceGivesTheMean() {
        int n = 4;
        TensorShape shape = new TensorShape(1, 2, 2);
        DiagonalGaussianDenoiser d = new DiagonalGaussianDenoiser(new IdentityBasis(n),
                new float[] {0.5f, -0.5f, 0f, 0f}, new float[] {0f, 0f, 1f, 0.1f});
        float[] y = {1f, 2f, 3f, 4f};
        float[] out = new float[n];
        d.denoise(y, shape, 0.0, out);
        assertArrayEquals(y, out, 0f);
        d.denoise(y, shape, 0.1, out);
        assertEquals(0.5f, out[0], 0f);
        assertEquals(-0.5f, out[1], 0f);
        assertEquals(3.0 / 1.01, out[2], 1e-6);
    }

    @Test
    void isThreadSafe() throws Exception {
        TensorShape shape = new TensorShape(1, 8, 8);
        DiagonalGaussianDenoiser d = DiagonalGaussianDenoiser.zeroMean(new TestBases.HouseholderBasis(64, 8, 3),
                TestBases.logSpaced(64, 1e-3, 1));
        List<float[]> inputs = new ArrayList<>();
        List<float[]> serial = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            float[] y = TestBases.gaussian(64, 100 + t, 1);
            float[] out = new float[64];
            d.denoise(y, shape, 0.1 + 0.01 * t, out);
            inputs.add(y);
            serial.add(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int rep = 0; rep < 4; rep++) {
                for (int t = 0; t < 64; t++) {
                    final int tt = t;
                    futures.add(pool.submit(() -> {
                        float[] out = new float[64];
                        d.denoise(inputs.get(tt), shape, 0.1 + 0.01 * tt, out);
                        return out;
                    }));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(serial.get(i % 64), futures.get(i).get(), 0f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsBadArguments() {
        TensorShape shape = new TensorShape(1, 1, 3);
        IdentityBasis b = new IdentityBasis(3);
        assertThrows(IllegalArgumentException.class, () -> new DiagonalGaussianDenoiser(b, new float[3],
                new float[] {1, -1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new DiagonalGaussianDenoiser(b, new float[3],
                new float[] {1, Float.NaN, 1}));
        assertThrows(IllegalArgumentException.class, () -> new DiagonalGaussianDenoiser(b, new float[2],
                new float[3]));
        float[] var = {1, 1, 1};
        DiagonalGaussianDenoiser d = new DiagonalGaussianDenoiser(b, new float[3], var);
        var[0] = 100f; // the constructor copied
        float[] x = {1, 1, 1};
        float[] out = new float[3];
        d.denoise(x, shape, 1.0, out);
        assertEquals(0.5f, out[0], 1e-7f);
        assertThrows(IllegalArgumentException.class, () -> d.denoise(x, shape, 1.0, x));
        assertThrows(IllegalArgumentException.class, () -> d.denoise(x, shape, -1.0, out));
        assertThrows(IllegalArgumentException.class, () -> d.denoise(x, shape, Double.NaN, out));
        assertThrows(IllegalArgumentException.class, () -> d.denoise(new float[4], shape, 1.0, out));
        assertThrows(IllegalArgumentException.class, () -> d.denoise(new float[4], new TensorShape(1, 2, 2), 1.0,
                new float[4]));
    }

    @Test
    void scoreAndTweedieUseTheSameConvention() {
        int n = 16;
        TensorShape shape = new TensorShape(1, 4, 4);
        float[] var = TestBases.logSpaced(n, 0.01, 1);
        DiagonalGaussianDenoiser d = DiagonalGaussianDenoiser.zeroMean(new IdentityBasis(n), var);
        float[] y = TestBases.gaussian(n, 7, 1);
        double sigma = 0.3;
        float[] score = new float[n];
        Score.score(d, y, shape, sigma, score);
        float[] mmse = Score.tweedie(d, y, shape, sigma);
        for (int i = 0; i < n; i++) {
            // Gaussian: grad log N(0, v + s^2) at y = -y / (v + s^2)
            assertEquals(-y[i] / (var[i] + sigma * sigma), score[i], 1e-5 * Math.max(1, Math.abs(score[i])));
            // Tweedie: E[u|y] = y + s^2 score(y) = D(y; s)
            assertEquals(y[i] + sigma * sigma * score[i], mmse[i], 1e-5);
        }
        assertThrows(IllegalArgumentException.class, () -> Score.score(d, y, shape, 0.0, score));
    }
}
