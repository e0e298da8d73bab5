package dev.rdpc.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stochastic modes (SDE, MAP-RPS) against Gaussian closed forms (DESIGN.md section 5) on the
 * scalar source u ~ N(0, v), with the analytic denoiser. Each mode is checked twice: against the
 * exact closed form of its discrete chain on the actual grid (the chains are linear in y and the
 * noises), which pins the implementation at any number of steps, and against the continuous-limit
 * targets (MMSE, 2 x MMSE, ...) with many steps.
 */
class StochasticModesGaussianTest {

    private static final int N = 200_000;
    private static final double V = 0.25;
    private static final double[] SIGMAS = {0.3, 0.6};
    private static final double[] KNOBS = {0.0, 0.25, 0.5, 0.75, 1.0};
    /** A fine grid, to check that the result does not depend on the step count. */
    private static final int FINE_STEPS = 256;

    private static MomentMatchedGaussianSource src;

    /** Moment-matched u ~ N(0, V) and n ~ N(0, 1), as in ScoreScaledOdeGaussianTest. */
    @BeforeAll
    static void samples() {
        src = new MomentMatchedGaussianSource(N, V, 20240601L);
    }

    private static double mmse(double sigma) {
        return V * sigma * sigma / (V + sigma * sigma);
    }

    /** {MSE, output variance} of x measured against u. */
    private static double[] measure(float[] x) {
        double mse = 0;
        double sum = 0;
        double sum2 = 0;
        for (int i = 0; i < N; i++) {
            double e = x[i] - src.u[i];
            mse += e * e;
            sum += x[i];
            sum2 += (double) x[i] * x[i];
        }
        double mean = sum / N;
        return new double[] {mse / N, sum2 / N - mean * mean};
    }

    /**
     * Exact law of the discrete chain for the scalar Gaussian: the output is A y + (zero-mean
     * noise of variance Q, independent of u and n). Returns {MSE, Var(x)}.
     */
    private static double[] theory(double a, double q, double sigmaY) {
        double mse = V * (1 - a) * (1 - a) + a * a * sigmaY * sigmaY + q;
        double var = a * a * (V + sigmaY * sigmaY) + q;
        return new double[] {mse, var};
    }

    /** Discrete-chain law of the SDE mode on the real grid. */
    static double[] sdeTheory(double sigmaY, double lambda, DecodeSettings s) {
        double[] g = KarrasSchedule.of(sigmaY, s.sigmaMin(), s.steps() + 1, s.rho()).toArray();
        double a = 1;
        double q = 0;
        for (int i = 0; i + 1 < g.length; i++) {
            double si = g[i];
            double t = g[i + 1];
            double rs = V / (V + si * si);
            double aa = t * t / (si * si);
            double m = aa + (1 - aa) * rs;
            a *= m;
            double gamma = si * si * V / (V + si * si); // the estimate's expectation: the exact covariance
            q = m * m * q + lambda * (1 - aa) * (t * t + (1 - aa) * gamma);
        }
        double rMin = V / (V + s.sigmaMin() * s.sigmaMin());
        return theory(rMin * a, rMin * rMin * q, sigmaY);
    }

    /** Discrete-chain law of the MAP-RPS mode on the real grid. */
    static double[] mapRpsTheory(double sigmaY, double rho, DecodeSettings s) {
        double r = V / (V + sigmaY * sigmaY);
        double t0 = rho * sigmaY;
        if (!(t0 > s.sigmaMin())) {
            return theory(r, 0, sigmaY);
        }
        double sy2 = sigmaY * sigmaY;
        double[] g = KarrasSchedule.of(t0, s.sigmaMin(), s.steps() + 1, s.rho()).toArray();
        double a = r;
        double q = t0 * t0;
        for (int i = 0; i + 1 < g.length; i++) {
            double s2 = g[i] * g[i];
            double t = g[i + 1];
            double wx = sy2 / (s2 + sy2);
            double wy = s2 / (s2 + sy2);
            double sc2 = s2 * sy2 / (s2 + sy2);
            double rc = V / (V + sc2);
            double aa = t * t / s2;
            // the estimate on the chain's own state y_c = (wx a + wy) y + wx noise(q)
            double c = wx * a + wy;
            double yc2 = c * c * (V + sy2) + wx * wx * q;
            double gamma = Math.max(0, Math.min(sc2, sc2 - (1 - rc) * (1 - rc) * yc2));
            double gain = aa + (1 - aa) * rc * wx;
            a = gain * a + (1 - aa) * rc * wy;
            q = gain * gain * q + (1 - aa) * (t * t + (1 - aa) * gamma);
        }
        double s2 = s.sigmaMin() * s.sigmaMin();
        double wx = sy2 / (s2 + sy2);
        double wy = s2 / (s2 + sy2);
        double rc = V / (V + s2 * sy2 / (s2 + sy2));
        return theory(rc * (wx * a + wy), rc * wx * rc * wx * q, sigmaY);
    }

    /**
     * Continuous limit of MAP-RPS: a sample of p(x0 | x_t0, y), i.e. the posterior given
     * y_c = w x_t0 + (1 - w) y at sigma_c, with x_t0 = r y + t0 eps.
     */
    static double[] mapRpsLimit(double sigmaY, double rho) {
        double r = V / (V + sigmaY * sigmaY);
        double t0 = rho * sigmaY;
        if (t0 == 0) {
            return theory(r, 0, sigmaY);
        }
        double w = sigmaY * sigmaY / (t0 * t0 + sigmaY * sigmaY);
        double sc2 = w * t0 * t0;
        double rc = V / (V + sc2);
        double c = rc * (w * r + 1 - w);
        double e = rc * w * t0;
        return theory(c, e * e + V * sc2 / (V + sc2), sigmaY);
    }

    /** One knob setting of a sweep: checks the decode x (measured: m) and returns its report line. */
    private interface SweepPoint {
        String check(float[] y, double sigma, double mmse, double knob, DecodeSettings s, float[] x, double[] m);
    }

    /**
     * Decodes at every sigma in SIGMAS and every knob in KNOBS with base.withPerception(knob), runs
     * the point's checks, asserts that the MSE grows with the knob, and prints the report lines.
     */
    private static void sweep(DecodeSettings base, String header, String knobName, SweepPoint point) {
        StringBuilder report = new StringBuilder(header);
        for (double sigma : SIGMAS) {
            float[] y = src.observe(sigma);
            double mmse = mmse(sigma);
            double previous = -1;
            for (double knob : KNOBS) {
                DecodeSettings s = base.withPerception(knob);
                float[] x = DiffusionDecoder.reconstruct(src.denoiser, y, src.shape, sigma, s, null);
                double[] m = measure(x);
                String line = point.check(y, sigma, mmse, knob, s, x, m);
                assertTrue(m[0] > previous, "MSE must grow with " + knobName);
                previous = m[0];
                report.append(line);
            }
        }
        System.out.print(report);
    }

    @Test
    void sdeSweepsFromMmseTowardsPosteriorSampling() {
        sweep(DecodeSettings.defaults().withMode(DecodeMode.SDE).withDecodeSeed(11),
                "SDE, scalar Gaussian v=0.25, 24 steps (MSE / MMSE, Var / v):\n", "lambda",
                (y, sigma, mmse, lambda, s, x, m) -> {
                    double[] th = sdeTheory(sigma, lambda, s);
                    assertEquals(th[0], m[0], 0.01 * th[0], "SDE MSE vs discrete closed form, sigma " + sigma
                            + " lambda " + lambda);
                    assertEquals(th[1], m[1], 0.01 * th[1], "SDE variance vs discrete closed form");
                    if (lambda == 0) {
                        assertEquals(mmse, m[0], 0.03 * mmse, "lambda 0 is the MMSE estimate");
                        assertEquals(mmse, m[0], 1e-4 * mmse, "lambda 0 is exactly MMSE on any grid");
                    }
                    return String.format("  sigma=%.1f lambda=%.2f  MSE/MMSE=%.4f (chain %.4f)  Var/v=%.4f (chain %.4f)%n",
                            sigma, lambda, m[0] / mmse, th[0] / mmse, m[1] / V, th[1] / V);
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 24, FINE_STEPS})
    void sdeAtLambdaOneIsAPosteriorSampleOnAnyGrid(int steps) {
        DecodeSettings s = DecodeSettings.defaults().withMode(DecodeMode.SDE).withPerception(1).withSteps(steps)
                .withDecodeSeed(12);
        StringBuilder report = new StringBuilder("SDE lambda=1, " + steps + " steps:\n");
        for (double sigma : SIGMAS) {
            float[] y = src.observe(sigma);
            double mmse = mmse(sigma);
            double[] m = measure(DiffusionDecoder.reconstruct(src.denoiser, y, src.shape, sigma, s, null));
            double[] th = sdeTheory(sigma, 1, s);
            assertEquals(th[0], m[0], 0.01 * th[0], "chain closed form, sigma " + sigma);
            assertEquals(2 * mmse, m[0], 0.03 * 2 * mmse, "posterior sampling: 2 x MMSE, sigma " + sigma);
            assertEquals(V, m[1], 0.03 * V, "posterior sample has the prior's variance, sigma " + sigma);
            report.append(String.format("  sigma=%.1f  MSE/MMSE=%.4f (chain %.4f)  Var/v=%.4f (chain %.4f)%n",
                    sigma, m[0] / mmse, th[0] / mmse, m[1] / V, th[1] / V));
        }
        System.out.print(report);
    }

    @Test
    void mapRpsSweep() {
        sweep(DecodeSettings.defaults().withMode(DecodeMode.MAP_RPS).withDecodeSeed(13),
                "MAP-RPS, scalar Gaussian v=0.25, 24 steps (MSE / MMSE, Var / v):\n", "rho",
                (y, sigma, mmse, rho, s, x, m) -> {
                    double[] th = mapRpsTheory(sigma, rho, s);
                    double[] lim = mapRpsLimit(sigma, rho);
                    if (rho == 0) {
                        assertArrayEquals(Score.tweedie(src.denoiser, y, src.shape, sigma), x, 0f,
                                "rho 0 is D(y; sigma_y)");
                        assertEquals(mmse, m[0], 1e-4 * mmse);
                    }
                    assertEquals(th[0], m[0], 0.01 * th[0], "MAP-RPS MSE vs discrete closed form, sigma " + sigma
                            + " rho " + rho);
                    assertEquals(th[1], m[1], 0.01 * th[1], "MAP-RPS variance vs discrete closed form");
                    return String.format("  sigma=%.1f rho=%.2f  MSE/MMSE=%.4f (chain %.4f, limit %.4f)"
                                    + "  Var/v=%.4f (chain %.4f, limit %.4f)%n",
                            sigma, rho, m[0] / mmse, th[0] / mmse, lim[0] / mmse, m[1] / V, th[1] / V, lim[1] / V);
                });
    }

    @Test
    void mapRpsApproachesItsContinuousLimitWithFineSteps() {
        DecodeSettings base = DecodeSettings.defaults().withMode(DecodeMode.MAP_RPS).withSteps(FINE_STEPS)
                .withDecodeSeed(14);
        StringBuilder report = new StringBuilder("MAP-RPS, " + FINE_STEPS + " steps:\n");
        for (double sigma : SIGMAS) {
            float[] y = src.observe(sigma);
            double mmse = mmse(sigma);
            for (double rho : new double[] {1.0}) {
                DecodeSettings s = base.withPerception(rho);
                double[] m = measure(DiffusionDecoder.reconstruct(src.denoiser, y, src.shape, sigma, s, null));
                double[] lim = mapRpsLimit(sigma, rho);
                double[] th = mapRpsTheory(sigma, rho, s);
                assertEquals(th[0], m[0], 0.01 * th[0], "chain closed form, sigma " + sigma + " rho " + rho);
                assertEquals(lim[0], m[0], 0.03 * lim[0], "continuous limit, sigma " + sigma + " rho " + rho);
                assertEquals(lim[1], m[1], 0.03 * lim[1], "continuous-limit variance");
                if (rho == 1.0) {
                    // the re-noised state still carries y through D(y; sigma_y): short of posterior sampling
                    assertTrue(m[0] < 1.97 * mmse, "MAP-RPS at rho 1: " + m[0] / mmse + " x MMSE");
                }
                report.append(String.format("  sigma=%.1f rho=%.2f  MSE/MMSE=%.4f (chain %.4f, limit %.4f)"
                                + "  Var/v=%.4f (limit %.4f)%n",
                        sigma, rho, m[0] / mmse, th[0] / mmse, lim[0] / mmse, m[1] / V, lim[1] / V));
            }
        }
        System.out.print(report);
    }
}
