package dev.rdpc.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoder against the Gaussian closed forms of DESIGN.md section 5, with the analytic
 * denoiser.
 */
class ScoreScaledOdeGaussianTest {

    private static final int N = 200_000;
    private static final double V = 0.25;
    private static final double[] SIGMAS = {0.1, 0.3, 0.6};
    private static final double[] PERCEPTIONS = {0.0, 0.5, 1.0};

    private static MomentMatchedGaussianSource src;

    /**
     * u ~ N(0, V) and n ~ N(0, 1), moment-matched (see {@link MomentMatchedGaussianSource}): the
     * sample MSE and standard deviation of a linear estimator c*y equal their population values, so
     * the 3% tolerances below test the decoder's factor c rather than sampling noise (unmatched, the
     * relative sampling error of W2 at sigma = 0.1, P = 0 would be about 8%).
     */
    @BeforeAll
    static void samples() {
        src = new MomentMatchedGaussianSource(N, V, 20240601L);
    }

    @Test
    void scalarGaussianFactorMseAndW2AtDefaultSteps() {
        StringBuilder report = new StringBuilder("scalar Gaussian v=0.25, default settings (24 steps):\n");
        for (double sigma : SIGMAS) {
            float[] y = src.observe(sigma);
            double r = V / (V + sigma * sigma);
            for (double p : PERCEPTIONS) {
                double kappa = 2 - p;
                double c = Math.pow(r, kappa / 2);
                float[] x = DiffusionDecoder.reconstruct(src.denoiser, y, src.shape, sigma,
                        DecodeSettings.defaults().withMode(DecodeMode.ODE).withPerception(p), ProgressListener.NONE);

                double cHat = dotF(x, y) / dotF(y, y);
                double factorErr = cHat / c - 1;
                assertTrue(Math.abs(factorErr) < 0.005,
                        "sigma " + sigma + " P " + p + ": factor " + cHat + " vs r^(kappa/2) " + c);
                double maxDev = 0;
                for (int i = 0; i < N; i++) {
                    maxDev = Math.max(maxDev, Math.abs(x[i] - cHat * y[i]));
                }
                assertTrue(maxDev < 1e-5, "output is not a scalar multiple of y: max deviation " + maxDev);

                double mse = 0;
                double sum = 0;
                double sum2 = 0;
                for (int i = 0; i < N; i++) {
                    double e = x[i] - src.u[i];
                    mse += e * e;
                    sum += x[i];
                    sum2 += (double) x[i] * x[i];
                }
                mse /= N;
                double mean = sum / N;
                double std = Math.sqrt(sum2 / N - mean * mean);
                double mseTheory = V * (1 - c) * (1 - c) + c * c * sigma * sigma;
                assertEquals(mseTheory, mse, 0.03 * mseTheory, "MSE at sigma " + sigma + " P " + p);
                double w2 = Math.abs(Math.sqrt(V) - std);
                double w2Theory = Math.abs(Math.sqrt(V) - c * Math.sqrt(V + sigma * sigma));
                if (p == 1.0) {
                    assertTrue(w2 < 0.03 * Math.sqrt(V), "W2 at perfect perception " + w2);
                } else {
                    assertEquals(w2Theory, w2, 0.03 * w2Theory, "W2 at sigma " + sigma + " P " + p);
                }
                report.append(String.format("  sigma=%.1f P=%.1f factor=%.6f theory=%.6f rel.err=%+.2e"
                                + "  MSE=%.5f (theory %.5f)  W2=%.5f (theory %.5f)%n",
                        sigma, p, cHat, c, factorErr, mse, mseTheory, w2, w2Theory));
            }
        }
        System.out.print(report);
    }

    @Test
    void multivariateGaussianPerComponentFactors() {
        // 64 variances spanning 1e-4..1 in a random orthonormal basis. Components with
        // sigma_y^2 >> v_j need fine steps (see stepsConvergence...), and the sigmaMin cut-off biases the
        // end point by (1 + sigmaMin^2/v_j)^(kappa/2 - 1), so this uses 256 steps and sigmaMin 2e-4.
        TensorShape shape = new TensorShape(1, 8, 8);
        OrthonormalBasis basis = new TestBases.HouseholderBasis(64, 16, 77);
        float[] var = TestBases.logSpaced(64, 1e-4, 1.0);
        DiagonalGaussianDenoiser d = DiagonalGaussianDenoiser.zeroMean(basis, var);
        float[] coeff = new float[64];
        Arrays.fill(coeff, 1f);
        float[] y = new float[64];
        basis.inverse(coeff, y);
        float[] cy = new float[64];
        basis.forward(y, cy);
        DecodeSettings fine = DecodeSettings.defaults().withMode(DecodeMode.ODE).withSteps(256).withSigmaMin(2e-4);
        double worstOde = 0;
        double worstInterp = 0;
        for (double sigma : SIGMAS) {
            for (double p : PERCEPTIONS) {
                float[] x = DiffusionDecoder.reconstruct(d, y, shape, sigma, fine.withPerception(p), null);
                float[] xi = DiffusionDecoder.reconstruct(d, y, shape, sigma,
                        fine.withMode(DecodeMode.INTERPOLATION).withPerception(p), null);
                float[] cx = new float[64];
                float[] cxi = new float[64];
                basis.forward(x, cx);
                basis.forward(xi, cxi);
                for (int j = 0; j < 64; j++) {
                    double r = var[j] / (var[j] + sigma * sigma);
                    double expected = Math.pow(r, (2 - p) / 2);
                    double err = (cx[j] / cy[j]) / expected - 1;
                    worstOde = Math.max(worstOde, Math.abs(err));
                    assertTrue(Math.abs(err) < 0.01, "ODE component " + j + " (v=" + var[j] + ") sigma " + sigma
                            + " P " + p + ": factor " + cx[j] / cy[j] + " vs " + expected);
                    double expectedInterp = (1 - p) * r + p * Math.sqrt(r);
                    double errI = (cxi[j] / cy[j]) / expectedInterp - 1;
                    worstInterp = Math.max(worstInterp, Math.abs(errI));
                    assertTrue(Math.abs(errI) < 0.01, "interp component " + j + " sigma " + sigma + " a " + p);
                }
            }
        }
        System.out.printf("multivariate (64 variances 1e-4..1, 256 steps, sigmaMin 2e-4): worst ODE factor error "
                + "%.2e, worst interpolation factor error %.2e%n", worstOde, worstInterp);
    }

    @Test
    void stepsConvergence() {
        // scalar: the ODE factor error shrinks as steps grow (Heun is second order)
        TensorShape one = new TensorShape(1, 1, 1);
        DiagonalGaussianDenoiser d = DiagonalGaussianDenoiser.zeroMean(new IdentityBasis(1), new float[] {(float) V});
        for (double p : PERCEPTIONS) {
            double sigma = 0.6;
            double expected = Math.pow(V / (V + sigma * sigma), (2 - p) / 2);
            double previous = Double.POSITIVE_INFINITY;
            int[] stepsList = {4, 8, 24, 96};
            double[] errs = new double[stepsList.length];
            for (int k = 0; k < stepsList.length; k++) {
                float[] x = DiffusionDecoder.reconstruct(d, new float[] {1f}, one, sigma,
                        DecodeSettings.defaults().withMode(DecodeMode.ODE).withPerception(p).withSteps(stepsList[k]), null);
                errs[k] = Math.abs(x[0] / expected - 1);
                assertTrue(errs[k] < previous, "error did not decrease at " + stepsList[k] + " steps, P " + p
                        + ": " + Arrays.toString(errs));
                previous = errs[k];
            }
            assertTrue(errs[2] < errs[0] / 10, "24 steps should be >10x better than 4: " + Arrays.toString(errs));
        }
        // multivariate: worst component error over 1e-4..1 shrinks with steps (second order: 24 -> 96 about 16x)
        int m = 64;
        TensorShape shape = new TensorShape(1, 8, 8);
        float[] var = TestBases.logSpaced(m, 1e-4, 1.0);
        DiagonalGaussianDenoiser dm = DiagonalGaussianDenoiser.zeroMean(new IdentityBasis(m), var);
        float[] y = new float[m];
        Arrays.fill(y, 1f);
        double sigma = 0.3;
        double[] worst = new double[3];
        int[] stepsList = {24, 96, 384};
        for (int k = 0; k < stepsList.length; k++) {
            DecodeSettings s = DecodeSettings.defaults().withMode(DecodeMode.ODE).withSteps(stepsList[k]).withSigmaMin(1e-4);
            float[] x = DiffusionDecoder.reconstruct(dm, y, shape, sigma, s, null);
            for (int j = 0; j < m; j++) {
                double expected = var[j] / (var[j] + sigma * sigma);
                worst[k] = Math.max(worst[k], Math.abs(x[j] / expected - 1));
            }
        }
        System.out.printf("multivariate P=0 sigma=0.3 worst factor error at 24/96/384 steps (sigmaMin 1e-4): %s%n",
                Arrays.toString(worst));
        assertTrue(worst[1] < worst[0] / 5 && worst[2] < worst[1] / 5, Arrays.toString(worst));
    }

    @Test
    void interpolationFactor() {
        int n = 16;
        TensorShape shape = new TensorShape(1, 4, 4);
        float[] var = new float[n];
        Arrays.fill(var, (float) V);
        DiagonalGaussianDenoiser d = DiagonalGaussianDenoiser.zeroMean(new IdentityBasis(n), var);
        float[] y = TestBases.gaussian(n, 3, 0.6);
        for (double sigma : SIGMAS) {
            double r = V / (V + sigma * sigma);
            for (double a : PERCEPTIONS) {
                double expected = (1 - a) * r + a * Math.sqrt(r);
                float[] x = DiffusionDecoder.reconstruct(d, y, shape, sigma,
                        DecodeSettings.defaults().withMode(DecodeMode.INTERPOLATION).withPerception(a), null);
                for (int i = 0; i < n; i++) {
                    double f = x[i] / y[i];
                    assertEquals(expected, f, 0.005 * expected, "sigma " + sigma + " a " + a + " i " + i);
                }
            }
        }
    }

    private static double dotF(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
