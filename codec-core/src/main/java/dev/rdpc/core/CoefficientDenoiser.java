package dev.rdpc.core;

/**
 * The denoiser D(y; sigma) of DESIGN.md §4 seen from the layers: y and the estimate in the
 * codec's coefficient order. One interface for the analytic prior and for any ONNX model, so that
 * the layers are coded the same way whatever the prior.
 */
public interface CoefficientDenoiser extends AutoCloseable {
    /** Writes D(y; sigma) in coefficient order to {@code out} (not the array {@code y}). */
    void denoise(float[] y, double sigma, float[] out);

    /** Releases native resources, if any. */
    @Override
    default void close() {
    }
}
