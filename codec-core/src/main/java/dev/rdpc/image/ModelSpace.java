package dev.rdpc.image;

/**
 * The mapping between 8-bit samples and model space.
 *
 * <p>A sample {@code v} in 0..255 maps to {@code u = 2 v / 255 - 1} in [-1, 1]. Model-space images are planar
 * {@code float[]} in CHW order: {@code index = (c * height + y) * width + x}.
 *
 * <p>The way back rounds {@code (u + 1) * 127.5} to the nearest integer (halves round up) and clamps to 0..255.
 * NaN maps to u = 0 (sample 128). The round trip sample -> model -> sample is exact, and stays exact under any
 * perturbation of u smaller than 1/255 in magnitude.
 */
public final class ModelSpace {
    private static final float[] TO_MODEL = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            TO_MODEL[v] = (float) (2.0 * v / 255.0 - 1.0);
        }
    }

    private ModelSpace() {
    }

    /** Model-space value of an 8-bit sample (0..255). */
    public static float toModel(int v) {
        return TO_MODEL[v];
    }

    /** 8-bit sample of a model-space value: round((u + 1) * 127.5), clamped to 0..255; NaN gives 128. */
    public static int toSample(double u) {
        if (Double.isNaN(u)) {
            u = 0.0;
        }
        double x = (u + 1.0) * 127.5;
        if (x <= 0.0) {
            return 0;
        }
        if (x >= 255.0) {
            return 255;
        }
        return (int) Math.floor(x + 0.5);
    }

    /** The image as a planar CHW model-space array of length {@code channels * height * width}. */
    public static float[] toPlanar(RasterImage image) {
        int w = image.width();
        int h = image.height();
        int ch = image.channels();
        int plane = w * h;
        byte[] s = image.samplesNoCopy();
        float[] out = new float[plane * ch];
        for (int c = 0; c < ch; c++) {
            int base = c * plane;
            for (int p = 0; p < plane; p++) {
                out[base + p] = TO_MODEL[s[p * ch + c] & 0xFF];
            }
        }
        return out;
    }

    /**
     * The 8-bit image of a planar CHW model-space array.
     *
     * @param planar   at least {@code channels * h * w} values; only the first {@code channels * h * w} are used
     * @param channels 1 or 3
     */
    public static RasterImage toRaster(float[] planar, int w, int h, int channels) {
        int n = RasterImage.checkedSampleCount(w, h, channels);
        if (planar.length < n) {
            throw new IllegalArgumentException("planar array has " + planar.length + " values, need " + n);
        }
        int plane = w * h;
        byte[] out = new byte[n];
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int p = 0; p < plane; p++) {
                out[p * channels + c] = (byte) toSample(planar[base + p]);
            }
        }
        return RasterImage.wrap(w, h, channels, out);
    }
}
