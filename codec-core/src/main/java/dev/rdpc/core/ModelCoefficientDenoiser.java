package dev.rdpc.core;

import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.TensorShape;
import dev.rdpc.transform.ImageTransform;

/**
 * A pixel-space denoiser (an ONNX model, tiled as the file says) seen in coefficient order: y is
 * taken back to the padded planar image, denoised, and the estimate transformed forward again.
 * The transform is orthonormal, so the noise the model sees is white with the layer's sigma.
 * Holds one image-sized scratch buffer (the estimate is formed in the output and transformed there
 * in place); one instance serves one thread at a time.
 */
public final class ModelCoefficientDenoiser implements CoefficientDenoiser {
    private final ImageTransform transform;
    private final Denoiser model;
    private final TensorShape shape;
    private float[] pixels;

    /** @param model the pixel-space denoiser; not closed by this wrapper (its owner closes it) */
    public ModelCoefficientDenoiser(ImageTransform transform, Denoiser model) {
        this.transform = transform;
        this.model = model;
        this.shape = new TensorShape(transform.channels(), transform.paddedHeight(), transform.paddedWidth());
    }

    @Override
    public void denoise(float[] y, double sigma, float[] out) {
        if (pixels == null) {
            pixels = new float[transform.size()];
        }
        transform.inverse(y, pixels);
        model.denoise(pixels, shape, sigma, out);
        transform.forward(out, out);
    }
}
