package dev.rdpc.transform;

/**
 * Padding of planar CHW images by edge replication, and cropping back.
 *
 * <p>Padding adds columns on the right and rows at the bottom only: pixel (x, y) of the original is pixel (x, y) of
 * the padded image, and padded pixels copy the nearest original pixel ({@code min(x, w-1), min(y, h-1)}).
 */
public final class Padding {
    private Padding() {
    }

    /** The smallest multiple of {@code multiple} that is {@code >= v} ({@code v >= 0, multiple >= 1}). */
    public static int roundUp(int v, int multiple) {
        if (multiple < 1 || v < 0) {
            throw new IllegalArgumentException("roundUp(" + v + ", " + multiple + ")");
        }
        long r = ((long) v + multiple - 1) / multiple * multiple;
        if (r > Integer.MAX_VALUE) {
            throw new ArithmeticException("roundUp overflow: " + v + ", " + multiple);
        }
        return (int) r;
    }

    /** Pads a {@code channels x h x w} planar image to {@code channels x paddedH x paddedW} by edge replication. */
    public static float[] pad(float[] src, int channels, int w, int h, int paddedW, int paddedH) {
        float[] dst = new float[Math.multiplyExact(channels, Math.multiplyExact(paddedW, paddedH))];
        pad(src, dst, channels, w, h, paddedW, paddedH);
        return dst;
    }

    /** Pads into {@code dst}, which must not be {@code src} unless the sizes are equal. */
    public static void pad(float[] src, float[] dst, int channels, int w, int h, int paddedW, int paddedH) {
        if (w < 1 || h < 1 || paddedW < w || paddedH < h || channels < 1) {
            throw new IllegalArgumentException("cannot pad " + channels + "x" + h + "x" + w + " to " + channels
                    + "x" + paddedH + "x" + paddedW);
        }
        if (src.length < channels * w * h || dst.length < channels * paddedW * paddedH) {
            throw new IllegalArgumentException("arrays too short");
        }
        if (src == dst && (w != paddedW || h != paddedH)) {
            throw new IllegalArgumentException("in-place padding is not supported");
        }
        for (int c = 0; c < channels; c++) {
            int sBase = c * w * h;
            int dBase = c * paddedW * paddedH;
            for (int y = 0; y < paddedH; y++) {
                int sRow = sBase + Math.min(y, h - 1) * w;
                int dRow = dBase + y * paddedW;
                if (src != dst) {
                    System.arraycopy(src, sRow, dst, dRow, w);
                }
                float edge = src[sRow + w - 1];
                for (int x = w; x < paddedW; x++) {
                    dst[dRow + x] = edge;
                }
            }
        }
    }

    /** Crops the top-left {@code channels x h x w} region of a {@code channels x paddedH x paddedW} planar image. */
    public static float[] crop(float[] src, int channels, int paddedW, int paddedH, int w, int h) {
        float[] dst = new float[Math.multiplyExact(channels, Math.multiplyExact(w, h))];
        crop(src, dst, channels, paddedW, paddedH, w, h);
        return dst;
    }

    /** Crops into {@code dst}; {@code src == dst} is allowed (rows move towards the start). */
    public static void crop(float[] src, float[] dst, int channels, int paddedW, int paddedH, int w, int h) {
        if (w < 1 || h < 1 || paddedW < w || paddedH < h || channels < 1) {
            throw new IllegalArgumentException("cannot crop " + channels + "x" + paddedH + "x" + paddedW + " to "
                    + channels + "x" + h + "x" + w);
        }
        if (src.length < channels * paddedW * paddedH || dst.length < channels * w * h) {
            throw new IllegalArgumentException("arrays too short");
        }
        for (int c = 0; c < channels; c++) {
            int sBase = c * paddedW * paddedH;
            int dBase = c * w * h;
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, sBase + y * paddedW, dst, dBase + y * w, w);
            }
        }
    }
}
