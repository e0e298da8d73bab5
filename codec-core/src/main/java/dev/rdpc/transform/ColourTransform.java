package dev.rdpc.transform;

/**
 * Orthonormal opponent colour transform on planar CHW arrays.
 *
 * <p>For 3 channels (R, G, B) the forward transform is
 * <pre>
 *   c0 = (R + G + B) / sqrt(3)
 *   c1 = (R - B) / sqrt(2)
 *   c2 = (R - 2G + B) / sqrt(6)
 * </pre>
 * and the inverse is the transpose of that matrix. For 1 channel both directions are the identity. Arithmetic is done
 * in double per pixel and rounded to float once, with a fixed order of operations, so results are bit-identical on
 * every platform.
 */
public final class ColourTransform {
    private static final double S3 = 1.0 / StrictMath.sqrt(3.0);
    private static final double S2 = 1.0 / StrictMath.sqrt(2.0);
    private static final double S6 = 1.0 / StrictMath.sqrt(6.0);

    private static final double[][] M = {
            {S3, S3, S3},
            {S2, 0.0, -S2},
            {S6, -2.0 * S6, S6},
    };

    private ColourTransform() {
    }

    /** A copy of the 3x3 forward matrix (rows: c0, c1, c2; columns: R, G, B). The inverse is its transpose. */
    public static double[][] matrix() {
        return new double[][] {M[0].clone(), M[1].clone(), M[2].clone()};
    }

    /**
     * Forward transform of a planar image. {@code src} and {@code dst} may be the same array.
     *
     * @param channels  1 (identity) or 3
     * @param planeSize number of pixels per channel plane (height * width)
     */
    public static void forward(float[] src, float[] dst, int channels, int planeSize) {
        check(src, dst, channels, planeSize);
        if (channels == 1) {
            if (src != dst) {
                System.arraycopy(src, 0, dst, 0, planeSize);
            }
            return;
        }
        int g0 = planeSize;
        int b0 = 2 * planeSize;
        for (int p = 0; p < planeSize; p++) {
            double r = src[p];
            double g = src[g0 + p];
            double b = src[b0 + p];
            dst[p] = (float) ((r + g + b) * S3);
            dst[g0 + p] = (float) ((r - b) * S2);
            dst[b0 + p] = (float) ((r - 2.0 * g + b) * S6);
        }
    }

    /** Inverse (transpose) transform of a planar image. {@code src} and {@code dst} may be the same array. */
    public static void inverse(float[] src, float[] dst, int channels, int planeSize) {
        check(src, dst, channels, planeSize);
        if (channels == 1) {
            if (src != dst) {
                System.arraycopy(src, 0, dst, 0, planeSize);
            }
            return;
        }
        int g0 = planeSize;
        int b0 = 2 * planeSize;
        for (int p = 0; p < planeSize; p++) {
            double c0 = src[p] * S3;
            double c1 = src[g0 + p] * S2;
            double c2 = src[b0 + p] * S6;
            dst[p] = (float) (c0 + c1 + c2);
            dst[g0 + p] = (float) (c0 - 2.0 * c2);
            dst[b0 + p] = (float) (c0 - c1 + c2);
        }
    }

    /** In-place forward transform. */
    public static void forward(float[] planar, int channels, int planeSize) {
        forward(planar, planar, channels, planeSize);
    }

    /** In-place inverse transform. */
    public static void inverse(float[] planar, int channels, int planeSize) {
        inverse(planar, planar, channels, planeSize);
    }

    private static void check(float[] src, float[] dst, int channels, int planeSize) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (planeSize < 0) {
            throw new IllegalArgumentException("negative plane size " + planeSize);
        }
        long n = (long) channels * planeSize;
        if (src.length < n || dst.length < n) {
            throw new IllegalArgumentException("arrays too short for " + channels + " x " + planeSize + ": "
                    + src.length + ", " + dst.length);
        }
    }
}
