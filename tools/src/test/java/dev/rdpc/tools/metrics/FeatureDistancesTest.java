package dev.rdpc.tools.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FID and KID against closed forms and their defining properties. */
class FeatureDistancesTest {

    private static double[][] gaussian(int n, int d, double shift, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int k = 0; k < d; k++) {
                // Box-Muller; distinct scales per dimension so the covariance is not isotropic
                double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
                row[k] = shift + scale * (1 + 0.5 * k) * g;
            }
        }
        return rows;
    }

    private static double[][] affine(double[][] rows, double k, double[] offset) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[rows[i].length];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = k * rows[i][j] + offset[j];
            }
        }
        return out;
    }

    @Test
    void frechetOfASetWithItselfIsZero() {
        double[][] a = gaussian(300, 6, 0.3, 1, 1);
        assertEquals(0, FeatureDistances.frechet(a, a), 1e-9);
    }

    @Test
    void frechetOfAScaledAndShiftedCopyMatchesTheClosedForm() {
        // b = k a + t: S_b = k^2 S_a commutes with S_a, so (S_a S_b)^1/2 = k S_a and
        // FID = |mu_a - mu_b|^2 + (1 - k)^2 tr S_a exactly, in terms of the sample statistics.
        int d = 5;
        double[][] a = gaussian(400, d, 0.2, 1, 2);
        double k = 1.7;
        double[] t = {0.5, -1, 0, 2, 0.25};
        double[][] b = affine(a, k, t);
        double[] mu = new double[d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                mu[j] += row[j] / a.length;
            }
        }
        double trace = 0;
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (double[] row : a) {
                s += (row[j] - mu[j]) * (row[j] - mu[j]);
            }
            trace += s / (a.length - 1);
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = mu[j] - (k * mu[j] + t[j]);
            meanTerm += diff * diff;
        }
        double expected = meanTerm + (1 - k) * (1 - k) * trace;
        assertEquals(expected, FeatureDistances.frechet(a, b), 1e-8 * expected);
        assertEquals(expected, FeatureDistances.frechet(b, a), 1e-8 * expected);
    }

    @Test
    void oneDimensionalFrechetIsTheMeanAndStandardDeviationGap() {
        double[][] a = gaussian(200, 1, 0, 1, 3);
        double[][] b = gaussian(250, 1, 0.4, 2, 4);
        double[] sa = stats(a);
        double[] sb = stats(b);
        double expected = (sa[0] - sb[0]) * (sa[0] - sb[0]) + (sa[1] - sb[1]) * (sa[1] - sb[1]);
        assertEquals(expected, FeatureDistances.frechet(a, b), 1e-10);
    }

    private static double[] stats(double[][] x) {
        double m = 0;
        for (double[] r : x) {
            m += r[0] / x.length;
        }
        double v = 0;
        for (double[] r : x) {
            v += (r[0] - m) * (r[0] - m) / (x.length - 1);
        }
        return new double[] {m, Math.sqrt(v)};
    }

    @Test
    void kernelDistanceSeparatesShiftedDistributionsAndIsNearZeroForOneDistribution() {
        double[][] a = gaussian(500, 4, 0, 1, 5);
        double[][] b = gaussian(500, 4, 0, 1, 6);
        double[][] c = gaussian(500, 4, 1, 1, 7);
        double same = FeatureDistances.kernel(a, b, 1);
        double shifted = FeatureDistances.kernel(a, c, 1);
        assertTrue(shifted > 0, "shifted by 1 in every dimension: " + shifted);
        assertTrue(Math.abs(same) < 0.1 * shifted, "same distribution: " + same + ", shifted: " + shifted);
        assertEquals(shifted, FeatureDistances.kernel(c, a, 1), 1e-9 * shifted, "symmetric");
    }

    @Test
    void kernelDistanceOfLargeSetsUsesSeededSubsets() {
        double[][] a = gaussian(1500, 3, 0, 1, 8);
        double[][] c = gaussian(1200, 3, 1, 1, 9);
        double first = FeatureDistances.kernel(a, c, 42);
        assertEquals(first, FeatureDistances.kernel(a, c, 42), 0, "the same seed, the same subsets");
        double full = FeatureDistances.kernel(java.util.Arrays.copyOf(a, 1000), java.util.Arrays.copyOf(c, 1000), 0);
        assertEquals(full, first, 0.1 * full, "subsets estimate the same distance");
    }

    @Test
    void badInputIsRefused() {
        double[][] one = {{1, 2}};
        double[][] two = {{1, 2}, {3, 4}};
        assertThrows(IllegalArgumentException.class, () -> FeatureDistances.frechet(one, two));
        assertThrows(IllegalArgumentException.class, () -> FeatureDistances.frechet(two, new double[][] {{1}, {2}}));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureDistances.kernel(two, new double[][] {{1, Double.NaN}, {0, 0}}, 0));
    }
}
