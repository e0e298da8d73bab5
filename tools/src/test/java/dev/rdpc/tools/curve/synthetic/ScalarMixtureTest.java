package dev.rdpc.tools.curve.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.TensorShape;
import org.junit.jupiter.api.Test;

/** The mixture's exact denoiser and quadratures, and the Gaussian closed forms they must reduce to. */
class ScalarMixtureTest {
    private static final SyntheticSource GMM = SyntheticSource.parse("gmm");

    /** E[u | x] by brute force: Simpson's rule over u of u p(u) N(x; u, sigma^2), divided by the same without u. */
    private static double bruteForcePosteriorMean(ScalarMixture m, double x, double sigma) {
        double low = -6;
        double high = 6;
        int n = 600_000;
        double h = (high - low) / n;
        double num = 0;
        double den = 0;
        for (int i = 0; i <= n; i++) {
            double u = low + i * h;
            double prior = 0;
            for (int k = 0; k < m.components(); k++) {
                double d = u - m.componentMean(k);
                prior += m.weight(k) * Math.exp(-0.5 * d * d / m.componentVariance(k))
                        / Math.sqrt(2 * Math.PI * m.componentVariance(k));
            }
            double e = (x - u) / sigma;
            double w = (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * prior * Math.exp(-0.5 * e * e);
            num += w * u;
            den += w;
        }
        return num / den;
    }

    @Test
    void denoiserIsThePosteriorMean() {
        ScalarMixture m = GMM.mixture();
        double[] xs = {-2.5, -1, -0.5, -0.1, 0, 0.3, 0.5, 1.7, 4};
        double[] sigmas = {0.05, 0.3, 1, 3};
        ScalarMixtureDenoiser denoiser = new ScalarMixtureDenoiser(m);
        TensorShape shape = new TensorShape(1, 1, xs.length);
        float[] x = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            x[i] = (float) xs[i];
        }
        for (double sigma : sigmas) {
            float[] out = new float[xs.length];
            denoiser.denoise(x, shape, sigma, out);
            for (int i = 0; i < xs.length; i++) {
                double expected = bruteForcePosteriorMean(m, x[i], sigma);
                assertEquals(expected, m.posteriorMean(x[i], sigma), 1e-6, "x " + xs[i] + ", sigma " + sigma);
                assertEquals(expected, out[i], 1e-6 + Math.ulp((float) expected), "float output");
            }
        }
        float[] out = new float[xs.length];
        denoiser.denoise(x, shape, 0, out);
        assertArrayEquals(x, out, "D(x; 0) = x");
        // Far in the tails the responsibilities must not underflow to 0/0.
        assertEquals(0.5 + 0.05 / (0.05 + 1e-4) * (100 - 0.5), m.posteriorMean(100, 0.01), 1e-9);
        assertTrue(Double.isFinite(m.posteriorMean(-1e4, 0.01)));
    }

    @Test
    void idealRateLiesBelowTheGaussianBoundAndAboveZero() {
        double v = GMM.variance();
        assertEquals(0.3, v, 1e-15);
        for (double sigma : new double[] {0.01, 0.05, 0.2, 0.5, 1, 3, 10}) {
            double ideal = GMM.idealRateBits(sigma);
            double bound = GaussianTheory.rateBits(v, sigma);
            assertTrue(ideal > 0 && ideal < bound, "sigma " + sigma + ": I = " + ideal + ", Gaussian bound " + bound);
            assertEquals(sigma, GMM.sigmaForRate(ideal), 1e-9 * sigma, "bisection inverts I(sigma)");
            double mmse = GMM.mmse(sigma);
            assertTrue(mmse > 0 && mmse < GaussianTheory.mmse(v, sigma), "the mixture is easier to denoise than a"
                    + " Gaussian of its variance: " + mmse);
        }
    }

    @Test
    void oneComponentQuadraturesMatchTheClosedForms() {
        double v = 0.7;
        ScalarMixture gaussian = ScalarMixture.gaussian(v);
        for (double sigma : new double[] {0.01, 0.1, 0.5, 2, 10}) {
            assertEquals(GaussianTheory.rateBits(v, sigma), gaussian.mutualInformationBits(sigma), 1e-9);
            assertEquals(GaussianTheory.mmse(v, sigma), gaussian.mmse(sigma), 1e-9 * v);
            assertEquals(sigma, GaussianTheory.sigmaForRate(v, GaussianTheory.rateBits(v, sigma)), 1e-12 * sigma);
        }
        SyntheticSource g = SyntheticSource.parse("gaussian:0.7");
        assertEquals(0.7, g.variance());
        assertEquals("gaussian:0.7", g.label());
        assertEquals("gaussian", SyntheticSource.parse("Gaussian").label());
        assertThrows(IllegalArgumentException.class, () -> SyntheticSource.parse("gaussian:0"));
        assertThrows(IllegalArgumentException.class, () -> SyntheticSource.parse("gaussian:101"));
        assertThrows(IllegalArgumentException.class, () -> SyntheticSource.parse("gaussian:x"));
        assertThrows(IllegalArgumentException.class, () -> SyntheticSource.parse("laplace"));
    }

    @Test
    void closedFormsAgreeWithEachOther() {
        double v = 0.25;
        for (double sigma : new double[] {0.05, 0.2, 0.5, 1.5}) {
            double r = GaussianTheory.shrink(v, sigma);
            double rate = GaussianTheory.rateBits(v, sigma);
            double mmse = GaussianTheory.mmse(v, sigma);
            assertEquals(v * Math.pow(2, -2 * rate), mmse, 1e-12);
            // ODE at P = 0 and interpolation at a = 0 are the MMSE estimate; the PF-ODE end (P = 1) is perfectly
            // realistic and meets the optimal perfect-perception distortion 2 v (1 - sqrt(1 - 2^(-2R))).
            assertEquals(mmse, GaussianTheory.predict(v, sigma, DecodeMode.ODE, 0).mse(), 1e-12);
            assertEquals(mmse, GaussianTheory.predict(v, sigma, DecodeMode.INTERPOLATION, 0).mse(), 1e-12);
            GaussianTheory.Prediction pf = GaussianTheory.predict(v, sigma, DecodeMode.ODE, 1);
            assertEquals(0, pf.w2(), 1e-12);
            assertEquals(2 * v * (1 - Math.sqrt(1 - Math.pow(2, -2 * rate))), pf.mse(), 1e-12);
            assertEquals(pf.mse(), GaussianTheory.optimalMse(v, rate, 0), 1e-12);
            // Interpolation is the optimal distortion-perception estimator: it meets D(R, P) at its own W2.
            for (double a : new double[] {0.25, 0.5, 0.75}) {
                GaussianTheory.Prediction p = GaussianTheory.predict(v, sigma, DecodeMode.INTERPOLATION, a);
                assertEquals(GaussianTheory.optimalMse(v, rate, p.w2()), p.mse(), 1e-12, "a " + a);
                GaussianTheory.Prediction ode = GaussianTheory.predict(v, sigma, DecodeMode.ODE, a);
                assertTrue(ode.mse() >= GaussianTheory.optimalMse(v, rate, ode.w2()) - 1e-12);
            }
            assertEquals(mmse, GaussianTheory.optimalMse(v, rate, Math.sqrt(v)), 1e-12, "no realism constraint");
            assertEquals(2 * mmse, GaussianTheory.predict(v, sigma, DecodeMode.SDE, 1).mse(), 1e-12);
            assertEquals(GaussianTheory.linearW2(v, sigma, r), GaussianTheory.predict(v, sigma, DecodeMode.SDE, 0).w2());
            assertTrue(Double.isNaN(GaussianTheory.predict(v, sigma, DecodeMode.SDE, 0.5).mse()));
            assertTrue(Double.isNaN(GaussianTheory.predict(v, sigma, DecodeMode.MAP_RPS, 0.5).w2()));
        }
    }

    @Test
    void wassersteinOfSortedSamples() {
        float[] a = {3, 1, 2};
        float[] b = {0, 2, 4};
        // sorted: (1,2,3) vs (0,2,4): differences 1, 0, 1
        assertEquals(Math.sqrt(2.0 / 3), Wasserstein.w2Sorted(Wasserstein.sorted(a), Wasserstein.sorted(b)), 1e-15);
    }
}
