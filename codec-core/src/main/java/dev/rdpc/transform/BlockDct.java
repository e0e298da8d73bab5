package dev.rdpc.transform;

/**
 * Orthonormal 2-D DCT-II on non-overlapping N x N blocks of a planar CHW image.
 *
 * <p>The 1-D basis is {@code C[k][n] = a(k) cos(pi (2n + 1) k / (2N))} with {@code a(0) = sqrt(1/N)} and
 * {@code a(k) = sqrt(2/N)} otherwise; the table is built once with {@link StrictMath}. A block X becomes
 * {@code Y = C X C^T} and the inverse is {@code X = C^T Y C}. The transform is orthonormal, so white noise of standard
 * deviation sigma stays white with the same sigma.
 *
 * <p>Layout: the transform is done in place in the spatial layout: the coefficient at vertical frequency {@code u}
 * and horizontal frequency {@code v} of the block in block row {@code by}, block column {@code bx} of channel
 * {@code c} is stored at the pixel position {@code (c, by*N + u, bx*N + v)}. {@link CoefficientLayout} reorders this.
 *
 * <p>Each block is computed in double with a fixed order of operations and rounded to float once, so results are
 * bit-identical on every platform. Instances are immutable and thread-safe.
 */
public final class BlockDct {
    /** The default block size. */
    public static final int DEFAULT_BLOCK_SIZE = 8;

    private final int n;
    /** basis[k * n + i] = C[k][i]. */
    private final double[] basis;

    /** A DCT with block size {@link #DEFAULT_BLOCK_SIZE}. */
    public BlockDct() {
        this(DEFAULT_BLOCK_SIZE);
    }

    /** @param blockSize a power of two in 2..64 */
    public BlockDct(int blockSize) {
        checkBlockSize(blockSize);
        this.n = blockSize;
        this.basis = new double[n * n];
        double a0 = StrictMath.sqrt(1.0 / n);
        double a = StrictMath.sqrt(2.0 / n);
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                basis[k * n + i] = k == 0 ? a0 : a * StrictMath.cos(StrictMath.PI * (2 * i + 1) * k / (2.0 * n));
            }
        }
    }

    /** Throws unless {@code blockSize} is a power of two in 2..64. */
    public static void checkBlockSize(int blockSize) {
        if (blockSize < 2 || blockSize > 64 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two in 2..64, got " + blockSize);
        }
    }

    public int blockSize() {
        return n;
    }

    /** The 1-D basis value {@code C[k][i]}. */
    public double basis(int k, int i) {
        return basis[k * n + i];
    }

    /** Forward transform of every block, in place. {@code width} and {@code height} must be multiples of N. */
    public void forward(float[] planar, int channels, int width, int height) {
        apply(planar, channels, width, height, true);
    }

    /** Inverse transform of every block, in place. */
    public void inverse(float[] planar, int channels, int width, int height) {
        apply(planar, channels, width, height, false);
    }

    /** Forward transform of one N x N block given as a row-major double[N*N], in place. */
    public void forwardBlock(double[] block) {
        transformBlock(block, new double[n * n], true);
    }

    /** Inverse transform of one N x N block given as a row-major double[N*N], in place. */
    public void inverseBlock(double[] block) {
        transformBlock(block, new double[n * n], false);
    }

    private void apply(float[] planar, int channels, int width, int height, boolean forward) {
        if (channels < 1 || width < n || height < n || width % n != 0 || height % n != 0) {
            throw new IllegalArgumentException("image " + channels + "x" + height + "x" + width
                    + " is not a whole number of " + n + "x" + n + " blocks");
        }
        if (planar.length < (long) channels * width * height) {
            throw new IllegalArgumentException("planar array too short: " + planar.length);
        }
        double[] block = new double[n * n];
        double[] tmp = new double[n * n];
        int plane = width * height;
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int by = 0; by < height; by += n) {
                for (int bx = 0; bx < width; bx += n) {
                    int origin = base + by * width + bx;
                    for (int y = 0; y < n; y++) {
                        int row = origin + y * width;
                        for (int x = 0; x < n; x++) {
                            block[y * n + x] = planar[row + x];
                        }
                    }
                    transformBlock(block, tmp, forward);
                    for (int y = 0; y < n; y++) {
                        int row = origin + y * width;
                        for (int x = 0; x < n; x++) {
                            planar[row + x] = (float) block[y * n + x];
                        }
                    }
                }
            }
        }
    }

    /**
     * Forward: block := C block C^T. Inverse: block := C^T block C. {@code tmp} is scratch of the same size.
     */
    private void transformBlock(double[] block, double[] tmp, boolean forward) {
        final int n = this.n;
        final double[] b = basis;
        // Rows: tmp[y][k] = sum_x M[k][x] block[y][x]  (M = C forward, C^T inverse)
        for (int y = 0; y < n; y++) {
            int r = y * n;
            for (int k = 0; k < n; k++) {
                double s = 0.0;
                if (forward) {
                    int bk = k * n;
                    for (int x = 0; x < n; x++) {
                        s += b[bk + x] * block[r + x];
                    }
                } else {
                    for (int x = 0; x < n; x++) {
                        s += b[x * n + k] * block[r + x];
                    }
                }
                tmp[r + k] = s;
            }
        }
        // Columns: block[k][x] = sum_y M[k][y] tmp[y][x]
        for (int k = 0; k < n; k++) {
            for (int x = 0; x < n; x++) {
                double s = 0.0;
                if (forward) {
                    int bk = k * n;
                    for (int y = 0; y < n; y++) {
                        s += b[bk + y] * tmp[y * n + x];
                    }
                } else {
                    for (int y = 0; y < n; y++) {
                        s += b[y * n + k] * tmp[y * n + x];
                    }
                }
                block[k * n + x] = s;
            }
        }
    }
}
