package dev.rdpc.core;

import dev.rdpc.decoder.OrthonormalBasis;
import dev.rdpc.transform.ImageTransform;

/** The codec's colour + block transform seen by the decoder as an orthonormal basis of the padded image. */
public final class TransformBasis implements OrthonormalBasis {
    private final ImageTransform transform;

    public TransformBasis(ImageTransform transform) {
        this.transform = transform;
    }

    @Override
    public int size() {
        return transform.size();
    }

    @Override
    public void forward(float[] in, float[] out) {
        transform.forward(in, out);
    }

    @Override
    public void inverse(float[] in, float[] out) {
        transform.inverse(in, out);
    }
}
