package dev.rdpc.transform;

import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;

/**
 * The codec's complete orthonormal transform for an image of a given size:
 * <pre>
 *   RasterImage -> model space u in [-1, 1] (planar CHW, {@link ModelSpace})
 *               -> pad to (paddedHeight, paddedWidth) by edge replication ({@link Padding})
 *               -> colour transform ({@link ColourTransform}, identity for grey)
 *               -> block DCT ({@link BlockDct})
 *               -> coefficient order ({@link CoefficientLayout})
 * </pre>
 * and back. Padding and cropping are outside the orthonormal part: {@link #forward(float[], float[])} and
 * {@link #inverse(float[], float[])} (the {@link OrthonormalTransform} view) work on the <b>padded</b> planar
 * model-space image of {@link #size()} = channels * paddedHeight * paddedWidth values, and are exact transposes of
 * each other. Because the map is orthonormal, white noise N(0, sigma^2 I) on the coefficients is white noise with
 * the same sigma on the padded image.
 *
 * <p>The padded size is each dimension rounded up to a multiple of {@code lcm(blockSize, padMultiple)}, so a model
 * that needs, say, multiples of 16 or 64 can ask for them. Instances are immutable and thread-safe; every call
 * allocates its own scratch.
 */
public final class ImageTransform implements OrthonormalTransform {
    private final int channels;
    private final int width;
    private final int height;
    private final int paddedWidth;
    private final int paddedHeight;
    private final BlockDct dct;
    private final CoefficientLayout layout;

    /** Block size {@link BlockDct#DEFAULT_BLOCK_SIZE}, padding to multiples of the block size. */
    public ImageTransform(int channels, int width, int height) {
        this(channels, width, height, BlockDct.DEFAULT_BLOCK_SIZE, 1);
    }

    /** Padding to multiples of the block size. */
    public ImageTransform(int channels, int width, int height, int blockSize) {
        this(channels, width, height, blockSize, 1);
    }

    /**
     * @param channels    1 (grey) or 3 (RGB)
     * @param width       image width before padding
     * @param height      image height before padding
     * @param blockSize   DCT block size, a power of two in 2..64
     * @param padMultiple padded dimensions are also multiples of this (1 for none beyond the block size)
     */
    public ImageTransform(int channels, int width, int height, int blockSize, int padMultiple) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("invalid image size " + width + "x" + height);
        }
        if (padMultiple < 1) {
            throw new IllegalArgumentException("padMultiple must be >= 1, got " + padMultiple);
        }
        BlockDct.checkBlockSize(blockSize);
        int multiple = lcm(blockSize, padMultiple);
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.paddedWidth = Padding.roundUp(width, multiple);
        this.paddedHeight = Padding.roundUp(height, multiple);
        this.dct = new BlockDct(blockSize);
        this.layout = new CoefficientLayout(channels, paddedHeight, paddedWidth, blockSize);
    }

    /** A transform for the size and channel count of {@code image}, block size 8. */
    public static ImageTransform forImage(RasterImage image) {
        return new ImageTransform(image.channels(), image.width(), image.height());
    }

    /** A transform for the size and channel count of {@code image}. */
    public static ImageTransform forImage(RasterImage image, int blockSize, int padMultiple) {
        return new ImageTransform(image.channels(), image.width(), image.height(), blockSize, padMultiple);
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return Math.multiplyExact(a / x, b);
    }

    public int channels() {
        return channels;
    }

    /** Width before padding. */
    public int width() {
        return width;
    }

    /** Height before padding. */
    public int height() {
        return height;
    }

    public int paddedWidth() {
        return paddedWidth;
    }

    public int paddedHeight() {
        return paddedHeight;
    }

    public int blockSize() {
        return dct.blockSize();
    }

    public BlockDct dct() {
        return dct;
    }

    /** The coefficient order (which channel and frequency each coefficient index belongs to). */
    public CoefficientLayout layout() {
        return layout;
    }

    /** Number of coefficients = channels * paddedHeight * paddedWidth. */
    @Override
    public int size() {
        return layout.size();
    }

    /** Number of values of the unpadded planar image = channels * height * width. */
    public int unpaddedSize() {
        return channels * width * height;
    }

    // ------------------------------------------------------------------------------------------ orthonormal part

    @Override
    public void forward(float[] planarModelSpace, float[] coefficients) {
        int n = size();
        if (planarModelSpace.length < n || coefficients.length < n) {
            throw new IllegalArgumentException("arrays must hold " + n + " values: " + planarModelSpace.length
                    + ", " + coefficients.length);
        }
        // In place in the output, so that a transform needs no third image-sized array.
        ColourTransform.forward(planarModelSpace, coefficients, channels, paddedWidth * paddedHeight);
        dct.forward(coefficients, channels, paddedWidth, paddedHeight);
        layout.toCoefficientOrderInPlace(coefficients);
    }

    @Override
    public void inverse(float[] coefficients, float[] planarModelSpace) {
        int n = size();
        if (planarModelSpace.length < n || coefficients.length < n) {
            throw new IllegalArgumentException("arrays must hold " + n + " values: " + coefficients.length
                    + ", " + planarModelSpace.length);
        }
        if (planarModelSpace != coefficients) {
            System.arraycopy(coefficients, 0, planarModelSpace, 0, n);
        }
        layout.fromCoefficientOrderInPlace(planarModelSpace);
        dct.inverse(planarModelSpace, channels, paddedWidth, paddedHeight);
        ColourTransform.inverse(planarModelSpace, planarModelSpace, channels, paddedWidth * paddedHeight);
    }

    // ------------------------------------------------------------------------------------------ convenience

    /** Pads an unpadded planar model-space image (channels x height x width) to the padded size. */
    public float[] pad(float[] planarModelSpace) {
        if (planarModelSpace.length != unpaddedSize()) {
            throw new IllegalArgumentException("expected " + unpaddedSize() + " values, got "
                    + planarModelSpace.length);
        }
        return Padding.pad(planarModelSpace, channels, width, height, paddedWidth, paddedHeight);
    }

    /** Crops a padded planar image back to channels x height x width. */
    public float[] crop(float[] paddedPlanar) {
        return Padding.crop(paddedPlanar, channels, paddedWidth, paddedHeight, width, height);
    }

    /** Coefficients (coefficient order, length {@link #size()}) of an unpadded planar model-space image. */
    public float[] forwardModel(float[] planarModelSpace) {
        float[] padded = pad(planarModelSpace);
        forward(padded, padded);
        return padded;
    }

    /** Coefficients (coefficient order, length {@link #size()}) of an 8-bit image of this transform's size. */
    public float[] forward(RasterImage image) {
        if (image.width() != width || image.height() != height || image.channels() != channels) {
            throw new IllegalArgumentException("image " + image + " does not match the transform " + width + "x"
                    + height + "x" + channels);
        }
        return forwardModel(ModelSpace.toPlanar(image));
    }

    /** The padded planar model-space image of a coefficient vector. */
    public float[] inverseToPaddedModel(float[] coefficients) {
        float[] out = new float[size()];
        inverse(coefficients, out);
        return out;
    }

    /** The cropped planar model-space image (channels x height x width) of a coefficient vector. */
    public float[] inverseToModel(float[] coefficients) {
        return crop(inverseToPaddedModel(coefficients));
    }

    /** The 8-bit image (rounded, clamped) of a coefficient vector. */
    public RasterImage inverseToRaster(float[] coefficients) {
        return ModelSpace.toRaster(inverseToModel(coefficients), width, height, channels);
    }

    @Override
    public String toString() {
        return "ImageTransform[" + width + "x" + height + "x" + channels + " padded to " + paddedWidth + "x"
                + paddedHeight + ", block " + blockSize() + "]";
    }
}
