package dev.rdpc.tools.curve.synthetic;

import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.TensorShape;

/**
 * The exact denoiser of an i.i.d. scalar Gaussian-mixture source, in the project's one denoiser convention
 * ({@link Denoiser}: {@code D(x; sigma) = E[u | u + sigma n = x]}), element by element:
 * {@link ScalarMixture#posteriorMean}, with the responsibilities normalised by log-sum-exp so that no
 * component's weight underflows to 0/0 far in the tails. Every element is computed in double and rounded to
 * float once, so the output is deterministic; the class holds no mutable state and is thread-safe.
 */
final class ScalarMixtureDenoiser implements Denoiser {
    private final ScalarMixture mixture;

    ScalarMixtureDenoiser(ScalarMixture mixture) {
        if (mixture == null) {
            throw new IllegalArgumentException("mixture must not be null");
        }
        this.mixture = mixture;
    }

    @Override
    public void denoise(float[] x, TensorShape shape, double sigma, float[] out) {
        Denoiser.checkArguments(x, shape, out);
        if (!(sigma >= 0.0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
        }
        if (sigma == 0.0) {
            System.arraycopy(x, 0, out, 0, x.length);
            return;
        }
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) mixture.posteriorMean(x[i], sigma);
        }
    }

    @Override
    public String name() {
        return "scalar-mixture[" + mixture.components() + "]";
    }
}
