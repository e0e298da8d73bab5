package dev.rdpc.tools.curve;

import java.util.Arrays;

/**
 * Bjontegaard delta rate (BD-rate, VCEG-M33): the average bitrate difference of a test curve
 * against an anchor at equal quality, over the quality range both cover.
 *
 * <p>Each curve is fitted by a cubic polynomial {@code log10(rate) = p(psnr)} through its points
 * (least squares; exact interpolation for four points), both polynomials are integrated over the
 * overlap {@code [max(min psnr), min(max psnr)]}, and the result is
 * {@code 10^((I_test - I_anchor) / width) - 1}: negative when the test codec needs fewer bits.
 * Rates may be in any unit as long as both curves use the same one.
 */
public final class BdRate {

    private BdRate() {
    }

    /**
     * @return BD-rate as a fraction (-0.1 = the test codec needs 10% fewer bits)
     * @throws IllegalArgumentException with fewer than 4 points per curve, non-positive rates,
     *                                  non-finite values or no overlap in quality
     */
    public static double of(double[] anchorRate, double[] anchorPsnr, double[] testRate, double[] testPsnr) {
        double[] a = fit(anchorRate, anchorPsnr, "anchor");
        double[] t = fit(testRate, testPsnr, "test");
        double lo = Math.max(min(anchorPsnr), min(testPsnr));
        double hi = Math.min(max(anchorPsnr), max(testPsnr));
        if (!(hi > lo)) {
            throw new IllegalArgumentException("the curves do not overlap in quality: anchor "
                    + min(anchorPsnr) + "-" + max(anchorPsnr) + " dB, test " + min(testPsnr) + "-" + max(testPsnr) + " dB");
        }
        double meanDiff = (integral(t, lo, hi) - integral(a, lo, hi)) / (hi - lo);
        return Math.pow(10, meanDiff) - 1;
    }

    /** Least-squares cubic {c0 + c1 q + c2 q^2 + c3 q^3} for log10(rate) against quality. */
    static double[] fit(double[] rate, double[] quality, String what) {
        if (rate.length != quality.length || rate.length < 4) {
            throw new IllegalArgumentException(what + " curve needs at least 4 (rate, quality) points, got "
                    + Math.min(rate.length, quality.length));
        }
        double[][] normal = new double[4][5];
        for (int i = 0; i < rate.length; i++) {
            if (!(rate[i] > 0) || !Double.isFinite(rate[i]) || !Double.isFinite(quality[i])) {
                throw new IllegalArgumentException(what + " point " + i + " is not usable: rate " + rate[i]
                        + ", quality " + quality[i]);
            }
            double y = Math.log10(rate[i]);
            double[] powers = {1, quality[i], quality[i] * quality[i], quality[i] * quality[i] * quality[i]};
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    normal[r][c] += powers[r] * powers[c];
                }
                normal[r][4] += powers[r] * y;
            }
        }
        return solve(normal, what);
    }

    /** Gaussian elimination with partial pivoting on a 4x5 augmented matrix. */
    private static double[] solve(double[][] m, String what) {
        int n = 4;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][col]) < 1e-300) {
                throw new IllegalArgumentException(what + " curve: the qualities do not determine a cubic "
                        + "(need 4 distinct values)");
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }

    private static double integral(double[] c, double lo, double hi) {
        return antiderivative(c, hi) - antiderivative(c, lo);
    }

    private static double antiderivative(double[] c, double q) {
        return c[0] * q + c[1] * q * q / 2 + c[2] * q * q * q / 3 + c[3] * q * q * q * q / 4;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
