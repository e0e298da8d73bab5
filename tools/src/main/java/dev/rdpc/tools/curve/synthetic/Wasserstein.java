package dev.rdpc.tools.curve.synthetic;

import java.util.Arrays;

/**
 * The 1-D Wasserstein-2 distance between two empirical distributions of equal size: the optimal coupling of two
 * sets of scalars pairs their order statistics, so {@code W2 = sqrt(mean_i (a_(i) - b_(i))^2)}.
 */
final class Wasserstein {
    private Wasserstein() {
    }

    /** The values sorted ascending, in double. */
    static double[] sorted(float[] values) {
        double[] s = new double[values.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = values[i];
        }
        Arrays.sort(s);
        return s;
    }

    /** W2 between two sorted samples of the same size. */
    static double w2Sorted(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("W2 needs two non-empty samples of one size, got " + a.length + " and "
                    + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum / a.length);
    }
}
