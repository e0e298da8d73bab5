package dev.rdpc.decoder;

/**
 * Shape of one image tensor in planar CHW layout: element {@code (c, h, w)} lives at index
 * {@code (c * height + h) * width + w} of a {@code float[]}.
 *
 * @param channels number of channels, at least 1
 * @param height   image height in pixels, at least 1
 * @param width    image width in pixels, at least 1
 */
public record TensorShape(int channels, int height, int width) {

    /** Validates that all dimensions are positive and that the element count fits a Java array. */
    public TensorShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("tensor dimensions must all be >= 1, got channels="
                    + channels + ", height=" + height + ", width=" + width);
        }
        long n;
        try {
            n = Math.multiplyExact(Math.multiplyExact((long) channels, (long) height), (long) width);
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + channels + "x" + height + "x" + width
                    + " has more than " + Integer.MAX_VALUE + " elements");
        }
    }

    /** Total number of elements, {@code channels * height * width}. */
    public int size() {
        return channels * height * width; // overflow excluded by the constructor
    }

    /** Number of elements in one channel plane, {@code height * width}. */
    public int planeSize() {
        return height * width;
    }

    /**
     * Checks that {@code data} is non-null and has exactly {@link #size()} elements.
     *
     * @throws IllegalArgumentException otherwise
     */
    public void requireLength(float[] data, String what) {
        if (data == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (data.length != size()) {
            throw new IllegalArgumentException(what + " has length " + data.length + " but shape "
                    + this + " needs " + size());
        }
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
