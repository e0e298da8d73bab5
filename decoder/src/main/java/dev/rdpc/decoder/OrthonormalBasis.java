package dev.rdpc.decoder;

/**
 * An orthonormal linear transform {@code B} of {@code R^size}: {@code forward} computes
 * {@code out = B in}, {@code inverse} computes {@code out = B^T in = B^{-1} in}.
 *
 * <p>{@code in} and {@code out} must have length {@link #size()} and must be different arrays.
 * Implementations must be thread-safe (no shared mutable state).
 */
public interface OrthonormalBasis {

    /** Dimension of the space. */
    int size();

    /** {@code out = B in}. */
    void forward(float[] in, float[] out);

    /** {@code out = B^T in}. */
    void inverse(float[] in, float[] out);
}
