package dev.rdpc.decoder;

import java.util.Arrays;

/**
 * The exact (analytic) denoiser for a Gaussian prior that is diagonal in an orthonormal basis:
 * {@code u = B^T c} with independent {@code c_i ~ N(mean_i, variance_i)}. Then
 *
 * <pre>
 *   D(x; sigma) = B^T [ mean + variance / (variance + sigma^2) * (B x - mean) ]
 * </pre>
 *
 * (DESIGN.md section 5). With {@code sigma = 0} the shrink factor is 1 for every component
 * (including zero-variance ones), so {@code D(x; 0) = x}.
 *
 * <p>Thread-safe: the parameters are immutable copies and scratch space is allocated per call.
 */
public final class DiagonalGaussianDenoiser implements Denoiser {

    private final OrthonormalBasis basis;
    private final float[] mean;
    private final float[] variance;

    /**
     * @param basis    the orthonormal basis {@code B}
     * @param mean     per-component prior means in the basis, length {@code basis.size()};
     *                 copied
     * @param variance per-component prior variances in the basis, finite and {@code >= 0},
     *                 length {@code basis.size()}; copied
     */
    public DiagonalGaussianDenoiser(OrthonormalBasis basis, float[] mean, float[] variance) {
        if (basis == null || mean == null || variance == null) {
            throw new IllegalArgumentException("basis, mean and variance must not be null");
        }
        int n = basis.size();
        if (mean.length != n || variance.length != n) {
            throw new IllegalArgumentException("mean (length " + mean.length + ") and variance (length "
                    + variance.length + ") must both have the basis size " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(mean[i])) {
                throw new IllegalArgumentException("mean[" + i + "] must be finite, got " + mean[i]);
            }
            if (!(variance[i] >= 0f) || !Float.isFinite(variance[i])) {
                throw new IllegalArgumentException(
                        "variance[" + i + "] must be finite and >= 0, got " + variance[i]);
            }
        }
        this.basis = basis;
        this.mean = mean.clone();
        this.variance = variance.clone();
    }

    /** A zero-mean prior with the given per-component variances. */
    public static DiagonalGaussianDenoiser zeroMean(OrthonormalBasis basis, float[] variance) {
        if (basis == null) {
            throw new IllegalArgumentException("basis must not be null");
        }
        return new DiagonalGaussianDenoiser(basis, new float[basis.size()], variance);
    }

    /** The basis {@code B}. */
    public OrthonormalBasis basis() {
        return basis;
    }

    /** A copy of the prior means (in the basis). */
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the prior variances (in the basis). */
    public float[] variance() {
        return variance.clone();
    }

    /**
     * The shrink factor {@code r = variance / (variance + sigma^2)} of component {@code i};
     * 1 when both are zero.
     */
    public double shrink(int i, double sigma) {
        return shrinkFactor(variance[i], sigma * sigma);
    }

    private static double shrinkFactor(double var, double s2) {
        double denom = var + s2;
        return denom == 0.0 ? 1.0 : var / denom;
    }

    @Override
    public void denoise(float[] x, TensorShape shape, double sigma, float[] out) {
        Denoiser.checkArguments(x, shape, out);
        if (shape.size() != basis.size()) {
            throw new IllegalArgumentException("shape " + shape + " has " + shape.size()
                    + " elements but the basis has size " + basis.size());
        }
        if (!(sigma >= 0.0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
        }
        int n = basis.size();
        double s2 = sigma * sigma;
        float[] c = new float[n];
        basis.forward(x, c);
        for (int i = 0; i < n; i++) {
            double m = mean[i];
            double r = shrinkFactor(variance[i], s2);
            c[i] = (float) (m + r * (c[i] - m));
        }
        basis.inverse(c, out);
    }

    @Override
    public String name() {
        return "diagonal-gaussian[" + basis.size() + "]";
    }

    @Override
    public String toString() {
        return "DiagonalGaussianDenoiser[basis=" + basis + ", n=" + basis.size()
                + ", meanHash=" + Arrays.hashCode(mean) + ", varianceHash=" + Arrays.hashCode(variance) + "]";
    }
}
