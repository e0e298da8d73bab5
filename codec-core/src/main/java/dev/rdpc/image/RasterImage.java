package dev.rdpc.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An 8-bit image: {@code width x height} pixels with 1 (grey) or 3 (RGB) channels, stored interleaved
 * (row-major, {@code index = (y * width + x) * channels + c}).
 *
 * <p>Instances are immutable: the factories copy the sample array and {@link #samples()} returns a copy.
 */
public final class RasterImage {
    /** Largest number of pixels any image may have (2^28). */
    public static final int MAX_PIXELS = 1 << 28;

    private final int width;
    private final int height;
    private final int channels;
    private final byte[] samples;

    private RasterImage(int width, int height, int channels, byte[] samples) {
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.samples = samples;
    }

    /** Checks dimensions and channel count; returns the number of samples. */
    static int checkedSampleCount(int width, int height, int channels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive: " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        long pixels = (long) width * height;
        if (pixels > MAX_PIXELS) {
            throw new IllegalArgumentException("image too large: " + width + "x" + height + " = " + pixels
                    + " pixels exceeds the limit of " + MAX_PIXELS);
        }
        return (int) (pixels * channels);
    }

    /** An image with the given channel count (1 or 3) from interleaved samples (copied). */
    public static RasterImage of(int width, int height, int channels, byte[] interleaved) {
        int n = checkedSampleCount(width, height, channels);
        Objects.requireNonNull(interleaved, "interleaved");
        if (interleaved.length != n) {
            throw new IllegalArgumentException("expected " + n + " samples for " + width + "x" + height + "x"
                    + channels + ", got " + interleaved.length);
        }
        return new RasterImage(width, height, channels, interleaved.clone());
    }

    /** An RGB image from interleaved R,G,B samples (copied). */
    public static RasterImage rgb(int width, int height, byte[] interleaved) {
        return of(width, height, 3, interleaved);
    }

    /** A grey image from one sample per pixel (copied). */
    public static RasterImage grey(int width, int height, byte[] samples) {
        return of(width, height, 1, samples);
    }

    /**
     * An image from interleaved int samples, each of which must be in 0..255.
     *
     * @throws IllegalArgumentException if a sample is out of range
     */
    public static RasterImage ofInts(int width, int height, int channels, int[] interleaved) {
        int n = checkedSampleCount(width, height, channels);
        if (interleaved.length != n) {
            throw new IllegalArgumentException("expected " + n + " samples for " + width + "x" + height + "x"
                    + channels + ", got " + interleaved.length);
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int v = interleaved[i];
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("sample " + i + " out of range 0..255: " + v);
            }
            b[i] = (byte) v;
        }
        return new RasterImage(width, height, channels, b);
    }

    /** Takes ownership of {@code samples} without copying (package use only). */
    static RasterImage wrap(int width, int height, int channels, byte[] samples) {
        int n = checkedSampleCount(width, height, channels);
        if (samples.length != n) {
            throw new IllegalArgumentException("expected " + n + " samples, got " + samples.length);
        }
        return new RasterImage(width, height, channels, samples);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 1 for grey, 3 for RGB. */
    public int channels() {
        return channels;
    }

    public boolean isGrey() {
        return channels == 1;
    }

    public int pixelCount() {
        return width * height;
    }

    /** {@code width * height * channels}. */
    public int sampleCount() {
        return samples.length;
    }

    /** Sample of channel {@code c} at pixel (x, y), in 0..255. */
    public int sample(int x, int y, int c) {
        if (x < 0 || x >= width || y < 0 || y >= height || c < 0 || c >= channels) {
            throw new IndexOutOfBoundsException("(" + x + "," + y + "," + c + ") outside " + width + "x" + height
                    + "x" + channels);
        }
        return samples[(y * width + x) * channels + c] & 0xFF;
    }

    /** Sample at interleaved index {@code i} (= (y * width + x) * channels + c), in 0..255. */
    public int sampleAt(int i) {
        return samples[i] & 0xFF;
    }

    /** A copy of the interleaved samples. */
    public byte[] samples() {
        return samples.clone();
    }

    /** The interleaved samples as ints in 0..255. */
    public int[] samplesAsInts() {
        int[] r = new int[samples.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = samples[i] & 0xFF;
        }
        return r;
    }

    /** Package access to the backing array; callers must not modify it. */
    byte[] samplesNoCopy() {
        return samples;
    }

    /** This image with 3 channels (grey replicated to R=G=B); {@code this} if already RGB. */
    /** The rectangle [x0, x0 + width) x [y0, y0 + height) of this image. */
    public RasterImage crop(int x0, int y0, int width, int height) {
        if (x0 < 0 || y0 < 0 || width < 1 || height < 1 || x0 + width > this.width || y0 + height > this.height) {
            throw new IllegalArgumentException("crop " + width + "x" + height + "+" + x0 + "+" + y0
                    + " does not fit in a " + this.width + "x" + this.height + " image");
        }
        byte[] out = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            System.arraycopy(samples, ((y0 + y) * this.width + x0) * channels, out, y * width * channels, width * channels);
        }
        return of(width, height, channels, out);
    }

    public RasterImage toRgb() {
        if (channels == 3) {
            return this;
        }
        byte[] out = new byte[samples.length * 3];
        for (int i = 0; i < samples.length; i++) {
            out[3 * i] = samples[i];
            out[3 * i + 1] = samples[i];
            out[3 * i + 2] = samples[i];
        }
        return new RasterImage(width, height, 3, out);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RasterImage)) {
            return false;
        }
        RasterImage r = (RasterImage) o;
        return width == r.width && height == r.height && channels == r.channels
                && Arrays.equals(samples, r.samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, channels) * 31 + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "RasterImage[" + width + "x" + height + (channels == 1 ? " grey" : " RGB") + "]";
    }
}
