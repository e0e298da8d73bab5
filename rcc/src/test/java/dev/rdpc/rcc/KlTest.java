package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** KL(N(c, sigma^2) || N(m, s^2)) and its expectation (DESIGN.md §2, docs/format.md §7.2). */
class KlTest {

    /** KL by Simpson's rule over c +- 16 sigma, where the integrand lives. */
    private static double integratedNats(double c, double m, double s2, double sigma2) {
        double sigma = Math.sqrt(sigma2);
        int intervals = 40_000;
        double a = c - 16 * sigma;
        double h = 32 * sigma / intervals;
        double sum = 0;
        for (int i = 0; i <= intervals; i++) {
            double y = a + i * h;
            double logQ = -0.5 * Math.log(2 * Math.PI * sigma2) - (y - c) * (y - c) / (2 * sigma2);
            double logP = -0.5 * Math.log(2 * Math.PI * s2) - (y - m) * (y - m) / (2 * s2);
            double f = Math.exp(logQ) * (logQ - logP);
            sum += (i == 0 || i == intervals) ? f : (i % 2 == 1 ? 4 * f : 2 * f);
        }
        return sum * h / 3;
    }

    @Test
    void natsMatchesNumericalIntegration() {
        double[][] cases = {
            {0, 0, 2, 1},
            {0.5, 0, 2, 1},
            {3, -1, 10, 0.25},
            {0.1, 0.1, 1.0001, 1},
            {-40, 2, 1e4, 1},
            {1e-3, 0, 1.5e-6, 1e-6},
        };
        for (double[] k : cases) {
            double expected = integratedNats(k[0], k[1], k[2], k[3]);
            double actual = Kl.nats(k[0], k[1], k[2], k[3]);
            assertEquals(expected, actual, 1e-9 + 1e-8 * Math.abs(expected), java.util.Arrays.toString(k));
            assertEquals(actual / Math.log(2), Kl.bits(k[0], k[1], k[2], k[3]), 1e-12 * Math.abs(actual) + 1e-15);
        }
        assertEquals(0, Kl.nats(0.25, 0.25, 0.7, 0.7), 1e-15, "identical distributions");
    }

    @Test
    void expectedBitsIsTheStrictFormula() {
        assertEquals(1.0, Kl.expectedBits(4, 1));
        assertEquals(0.0, Kl.expectedBits(0.3f, 0.3f));
        assertEquals(0.6931471805599453, Kl.LN2);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            double sigma = Math.exp(random.nextDouble(-8, 3));
            double sigma2 = sigma * sigma;
            float s2 = (float) (sigma2 * Math.exp(random.nextDouble(0, 20)) + sigma2);
            double expected = 0.5 * StrictMath.log(s2 / sigma2) / 0.6931471805599453;
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(Kl.expectedBits(s2, sigma2)));
        }
    }

    @Test
    void expectedBitsIsTheMeanOfBitsOverTheSource() {
        SplittableRandom random = new SplittableRandom(2);
        double[][] cases = {{0, 4, 1}, {1.5, 1.2, 1}, {-2, 101, 1}, {0.3, 0.0125, 0.01}};
        for (double[] k : cases) {
            double m = k[0];
            double s2 = k[1];
            double sigma2 = k[2];
            double v = s2 - sigma2;
            int n = 200_000;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double c = m + Math.sqrt(v) * random.nextGaussian();
                sum += Kl.bits(c, m, s2, sigma2);
            }
            double mean = sum / n;
            // bits = const + (c - m)^2 / (2 s^2 ln 2); Var (c - m)^2 = 2 v^2.
            double standardError = Math.sqrt(2) * v / (2 * s2 * Kl.LN2) / Math.sqrt(n);
            double expected = Kl.expectedBits(s2, sigma2);
            assertEquals(expected, mean, 5 * standardError, java.util.Arrays.toString(k));
        }
    }

    @Test
    void groupNatsIsTheSumOfNats() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int count = 1 + random.nextInt(2000);
            double m = random.nextDouble(-1, 1);
            double sigma2 = Math.exp(random.nextDouble(-6, 1));
            double s2 = sigma2 * (1 + Math.exp(random.nextDouble(-5, 8)));
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < count; i++) {
                double c = m + Math.sqrt(s2) * random.nextGaussian();
                sum += Kl.nats(c, m, s2, sigma2);
                squares += (c - m) * (c - m);
            }
            double group = Kl.groupNats(count, squares, s2, sigma2);
            assertEquals(sum, group, 1e-10 * Math.max(1, Math.abs(sum)), "trial " + trial);
        }
    }

    @Test
    void totalBitsIsTheSumOfBits() {
        SplittableRandom random = new SplittableRandom(4);
        int n = 500;
        float[] c = new float[n];
        float[] m = new float[n];
        float[] s2 = new float[n];
        double sigma = 0.3;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            c[i] = (float) random.nextGaussian();
            m[i] = (float) random.nextGaussian(0, 0.1);
            s2[i] = (float) (sigma * sigma + random.nextDouble(0, 3));
            sum += Kl.bits(c[i], m[i], s2[i], sigma * sigma);
        }
        assertEquals(sum, Kl.totalBits(c, m, s2, sigma), 1e-9 * sum);
        assertTrue(sum > 0);
    }
}
