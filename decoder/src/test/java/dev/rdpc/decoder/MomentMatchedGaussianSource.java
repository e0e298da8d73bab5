package dev.rdpc.decoder;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Scalar Gaussian source for the closed-form tests: u ~ N(0, v) and n ~ N(0, 1) from a fixed-seed
 * SplittableRandom, moment-matched: the sample means are made 0, the sample variances exactly v and
 * 1, and n is made orthogonal to u. Then the sample MSE and standard deviation of a linear estimator
 * c*y equal their population values, so tolerances test the decoder rather than sampling noise.
 * Comes with the analytic denoiser of N(0, v) over the identity basis and a 1 x 1 x n shape.
 */
final class MomentMatchedGaussianSource {

    final int n;
    final double[] u;
    final double[] noise;
    final DiagonalGaussianDenoiser denoiser;
    final TensorShape shape;

    MomentMatchedGaussianSource(int n, double v, long seed) {
        this.n = n;
        SplittableRandom rnd = new SplittableRandom(seed);
        u = new double[n];
        noise = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = rnd.nextGaussian();
            noise[i] = rnd.nextGaussian();
        }
        center(u);
        center(noise);
        double uu = dot(u, u);
        double nu = dot(noise, u);
        for (int i = 0; i < n; i++) {
            noise[i] -= nu / uu * u[i];
        }
        scale(u, Math.sqrt(v * n / dot(u, u)));
        scale(noise, Math.sqrt(n / dot(noise, noise)));
        float[] var = new float[n];
        Arrays.fill(var, (float) v);
        denoiser = DiagonalGaussianDenoiser.zeroMean(new IdentityBasis(n), var);
        shape = new TensorShape(1, 1, n);
    }

    /** y = u + sigma * n. */
    float[] observe(double sigma) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (u[i] + sigma * noise[i]);
        }
        return y;
    }

    private static void center(double[] a) {
        double m = 0;
        for (double x : a) {
            m += x;
        }
        m /= a.length;
        for (int i = 0; i < a.length; i++) {
            a[i] -= m;
        }
    }

    private static void scale(double[] a, double f) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= f;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
