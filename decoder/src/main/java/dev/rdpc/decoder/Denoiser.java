package dev.rdpc.decoder;

/**
 * A denoiser in the variance-exploding (VE) convention of DESIGN.md section 4:
 * {@code D(x; sigma) ~ E[u | u + sigma * n = x]} with {@code n ~ N(0, I)}, in model space
 * (pixel values roughly in [-1, 1]), planar CHW layout.
 *
 * <p>This is the one denoiser convention of the project: the score is
 * {@code grad log p_sigma(x) = (D(x; sigma) - x) / sigma^2} (see {@link Score}), and every model
 * family (epsilon-, v-prediction, EDM) is adapted to it.
 *
 * <p>Implementations used by {@link DiffusionDecoder} should be deterministic: the same inputs must
 * give bit-identical outputs. Implementations must be safe to call from one thread at a time at
 * least; analytic ones in this package are fully thread-safe.
 */
public interface Denoiser extends AutoCloseable {

    /**
     * Computes {@code out = D(x; sigma)}.
     *
     * @param x     noisy input, length {@code shape.size()}; must not be modified
     * @param shape tensor shape
     * @param sigma noise standard deviation, finite and {@code >= 0} ({@code D(x; 0)} should be
     *              {@code x} up to the model's accuracy)
     * @param out   destination, length {@code shape.size()}; must not be the same array as
     *              {@code x}
     */
    void denoise(float[] x, TensorShape shape, double sigma, float[] out);

    /** Human-readable name for logs and reports. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Releases native resources, if any. The default does nothing. */
    @Override
    default void close() {
    }

    /**
     * The argument contract of {@link #denoise}, shared by the implementations: a shape, x and out of
     * its size, and out not aliasing x.
     */
    static void checkArguments(float[] x, TensorShape shape, float[] out) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        shape.requireLength(x, "x");
        shape.requireLength(out, "out");
        if (x == out) {
            throw new IllegalArgumentException("out must not be the same array as x");
        }
    }
}
