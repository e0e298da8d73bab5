package dev.rdpc.transform;

/**
 * An orthonormal linear map between a padded planar model-space image and a coefficient vector of the same length.
 *
 * <p>{@code inverse} is the transpose of {@code forward}: {@code inverse(forward(x)) == x} (up to float rounding),
 * and white Gaussian noise of standard deviation sigma in one domain is white with the same sigma in the other.
 */
public interface OrthonormalTransform {
    /** Length of both the padded planar image and the coefficient vector. */
    int size();

    /**
     * Coefficients of a padded planar (CHW) model-space image. Reads the first {@link #size()} values of
     * {@code planarModelSpace}, writes the first {@link #size()} values of {@code coefficients}; the two may be the
     * same array.
     */
    void forward(float[] planarModelSpace, float[] coefficients);

    /** The padded planar (CHW) image of a coefficient vector; the two arrays may be the same. */
    void inverse(float[] coefficients, float[] planarModelSpace);
}
