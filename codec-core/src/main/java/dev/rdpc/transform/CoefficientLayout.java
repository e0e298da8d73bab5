package dev.rdpc.transform;

/**
 * The deterministic order of transform coefficients ("coefficient order") for a padded planar image of size
 * {@code C x H x W} transformed with {@link BlockDct} of block size N.
 *
 * <p>Coefficient index {@code i} in 0..C*H*W-1 is
 * <pre>
 *   i = (channel * N*N + f) * blocksPerChannel + blockRow * blocksX + blockCol
 * </pre>
 * that is: channel-major; within a channel, frequency-major (the coefficients of all blocks at frequency f are
 * contiguous); within a frequency, blocks in raster order. Coefficients that share a prior variance (same channel,
 * same frequency) therefore form contiguous runs of {@code blocksPerChannel()} values starting at
 * {@link #groupStart(int, int)}.
 *
 * <p>The frequency index f is the <b>zigzag</b> rank of (u, v) in the N x N block, as in JPEG: f = 0 is DC (0, 0),
 * then (0, 1), (1, 0), (2, 0), (1, 1), (0, 2), (0, 3), ... where u is the vertical frequency (row in the block) and
 * v the horizontal frequency (column). Anti-diagonals {@code s = u + v} are visited in increasing order; on even s
 * u decreases, on odd s u increases.
 *
 * <p>In the planar (spatial) layout produced by {@link BlockDct}, coefficient (c, by, bx, u, v) sits at
 * {@code (c * H + by * N + u) * W + bx * N + v}. Instances are immutable and thread-safe.
 */
public final class CoefficientLayout {
    private final int channels;
    private final int height;
    private final int width;
    private final int n;
    private final int blocksX;
    private final int blocksY;
    private final int blocksPerChannel;
    private final int size;
    /** zigzag rank f -> u (row), v (column), and (u * n + v) -> f. */
    private final int[] zzU;
    private final int[] zzV;
    private final int[] rankOf;

    /**
     * @param channels number of channels (1 or more)
     * @param height   padded height, a multiple of blockSize
     * @param width    padded width, a multiple of blockSize
     * @param blockSize N, a power of two in 2..64
     */
    public CoefficientLayout(int channels, int height, int width, int blockSize) {
        BlockDct.checkBlockSize(blockSize);
        if (channels < 1 || height < blockSize || width < blockSize || height % blockSize != 0
                || width % blockSize != 0) {
            throw new IllegalArgumentException("image " + channels + "x" + height + "x" + width
                    + " is not a whole number of " + blockSize + "x" + blockSize + " blocks");
        }
        long total = (long) channels * height * width;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many coefficients: " + total);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.n = blockSize;
        this.blocksX = width / blockSize;
        this.blocksY = height / blockSize;
        this.blocksPerChannel = blocksX * blocksY;
        this.size = (int) total;
        int nn = n * n;
        zzU = new int[nn];
        zzV = new int[nn];
        rankOf = new int[nn];
        int f = 0;
        for (int s = 0; s <= 2 * (n - 1); s++) {
            int uLo = Math.max(0, s - (n - 1));
            int uHi = Math.min(s, n - 1);
            if (s % 2 == 0) {
                for (int u = uHi; u >= uLo; u--) {
                    put(f++, u, s - u);
                }
            } else {
                for (int u = uLo; u <= uHi; u++) {
                    put(f++, u, s - u);
                }
            }
        }
    }

    private void put(int f, int u, int v) {
        zzU[f] = u;
        zzV[f] = v;
        rankOf[u * n + v] = f;
    }

    /** Total number of coefficients, C*H*W. */
    public int size() {
        return size;
    }

    public int channels() {
        return channels;
    }

    /** Padded height. */
    public int height() {
        return height;
    }

    /** Padded width. */
    public int width() {
        return width;
    }

    public int blockSize() {
        return n;
    }

    /** Number of frequencies per block, N*N. */
    public int frequencies() {
        return n * n;
    }

    public int blocksX() {
        return blocksX;
    }

    public int blocksY() {
        return blocksY;
    }

    /** Number of blocks per channel = length of each (channel, frequency) run. */
    public int blocksPerChannel() {
        return blocksPerChannel;
    }

    /** First coefficient index of the run of (channel c, zigzag frequency f). */
    public int groupStart(int c, int f) {
        return (c * n * n + f) * blocksPerChannel;
    }

    /** The zigzag frequency index f (0..N*N-1) of a coefficient. */
    public int frequencyIndex(int coefficientIndex) {
        checkIndex(coefficientIndex);
        return (coefficientIndex / blocksPerChannel) % (n * n);
    }

    /** The channel of a coefficient. */
    public int channel(int coefficientIndex) {
        checkIndex(coefficientIndex);
        return coefficientIndex / (blocksPerChannel * n * n);
    }

    /** The block row of a coefficient. */
    public int blockRow(int coefficientIndex) {
        checkIndex(coefficientIndex);
        return (coefficientIndex % blocksPerChannel) / blocksX;
    }

    /** The block column of a coefficient. */
    public int blockCol(int coefficientIndex) {
        checkIndex(coefficientIndex);
        return (coefficientIndex % blocksPerChannel) % blocksX;
    }

    /** The vertical frequency u (row within the block) of a coefficient. */
    public int frequencyU(int coefficientIndex) {
        return zzU[frequencyIndex(coefficientIndex)];
    }

    /** The horizontal frequency v (column within the block) of a coefficient. */
    public int frequencyV(int coefficientIndex) {
        return zzV[frequencyIndex(coefficientIndex)];
    }

    /** Vertical frequency u of zigzag rank f. */
    public int zigzagU(int f) {
        return zzU[f];
    }

    /** Horizontal frequency v of zigzag rank f. */
    public int zigzagV(int f) {
        return zzV[f];
    }

    /** Zigzag rank of frequency (u, v). */
    public int zigzagIndex(int u, int v) {
        if (u < 0 || u >= n || v < 0 || v >= n) {
            throw new IndexOutOfBoundsException("frequency (" + u + ", " + v + ") outside " + n + "x" + n);
        }
        return rankOf[u * n + v];
    }

    /** Coefficient index of (channel, block row, block col, u, v). */
    public int coefficientIndex(int c, int blockRow, int blockCol, int u, int v) {
        if (c < 0 || c >= channels || blockRow < 0 || blockRow >= blocksY || blockCol < 0 || blockCol >= blocksX) {
            throw new IndexOutOfBoundsException("(" + c + ", " + blockRow + ", " + blockCol + ") out of range");
        }
        return groupStart(c, zigzagIndex(u, v)) + blockRow * blocksX + blockCol;
    }

    /** Index in the planar (spatial DCT) layout of a coefficient. */
    public int planarIndex(int coefficientIndex) {
        checkIndex(coefficientIndex);
        int c = coefficientIndex / (blocksPerChannel * n * n);
        int f = (coefficientIndex / blocksPerChannel) % (n * n);
        int b = coefficientIndex % blocksPerChannel;
        int by = b / blocksX;
        int bx = b % blocksX;
        return (c * height + by * n + zzU[f]) * width + bx * n + zzV[f];
    }

    /** Reorders a transformed planar array into coefficient order. {@code planar} and {@code coefficients} differ. */
    public void toCoefficientOrder(float[] planar, float[] coefficients) {
        check(planar, coefficients);
        int k = 0;
        for (int c = 0; c < channels; c++) {
            int base = c * height * width;
            for (int f = 0; f < n * n; f++) {
                int off = base + zzU[f] * width + zzV[f];
                for (int by = 0; by < blocksY; by++) {
                    int rowOff = off + by * n * width;
                    for (int bx = 0; bx < blocksX; bx++) {
                        coefficients[k++] = planar[rowOff + bx * n];
                    }
                }
            }
        }
    }

    /** Inverse of {@link #toCoefficientOrder}. {@code coefficients} and {@code planar} must be different arrays. */
    public void fromCoefficientOrder(float[] coefficients, float[] planar) {
        check(planar, coefficients);
        int k = 0;
        for (int c = 0; c < channels; c++) {
            int base = c * height * width;
            for (int f = 0; f < n * n; f++) {
                int off = base + zzU[f] * width + zzV[f];
                for (int by = 0; by < blocksY; by++) {
                    int rowOff = off + by * n * width;
                    for (int bx = 0; bx < blocksX; bx++) {
                        planar[rowOff + bx * n] = coefficients[k++];
                    }
                }
            }
        }
    }

    /**
     * {@link #toCoefficientOrder} within one array, with scratch of one block row and one run of
     * {@code blocksX} values instead of a second image: an 8000 x 8000 image must fit the heap.
     * First each block row is reordered [u][bx][v] -> [f][bx]; the channel is then a blocksY x N*N
     * matrix of runs, which is transposed in place by following its cycles.
     */
    public void toCoefficientOrderInPlace(float[] values) {
        checkLength(values);
        float[] row = new float[n * width];
        float[] carry = new float[blocksX];
        float[] swap = new float[blocksX];
        java.util.BitSet moved = new java.util.BitSet(blocksY * n * n);
        for (int c = 0; c < channels; c++) {
            int base = c * height * width;
            for (int by = 0; by < blocksY; by++) {
                int start = base + by * n * width;
                System.arraycopy(values, start, row, 0, row.length);
                for (int f = 0; f < n * n; f++) {
                    int from = zzU[f] * width + zzV[f];
                    int to = start + f * blocksX;
                    for (int bx = 0; bx < blocksX; bx++) {
                        values[to + bx] = row[from + bx * n];
                    }
                }
            }
            transposeRuns(values, base, blocksY, n * n, carry, swap, moved);
        }
    }

    /** Inverse of {@link #toCoefficientOrderInPlace}. */
    public void fromCoefficientOrderInPlace(float[] values) {
        checkLength(values);
        float[] row = new float[n * width];
        float[] carry = new float[blocksX];
        float[] swap = new float[blocksX];
        java.util.BitSet moved = new java.util.BitSet(blocksY * n * n);
        for (int c = 0; c < channels; c++) {
            int base = c * height * width;
            transposeRuns(values, base, n * n, blocksY, carry, swap, moved);
            for (int by = 0; by < blocksY; by++) {
                int start = base + by * n * width;
                System.arraycopy(values, start, row, 0, row.length);
                for (int f = 0; f < n * n; f++) {
                    int to = start + zzU[f] * width + zzV[f];
                    int from = f * blocksX;
                    for (int bx = 0; bx < blocksX; bx++) {
                        values[to + bx * n] = row[from + bx];
                    }
                }
            }
        }
    }

    /**
     * Transposes, in place, the rows x columns matrix of runs of {@code blocksX} floats that starts
     * at {@code base}: run (r, col) at r * columns + col moves to col * rows + r.
     */
    private void transposeRuns(float[] values, int base, int rows, int columns, float[] carry, float[] swap,
                               java.util.BitSet moved) {
        int count = rows * columns;
        int run = blocksX;
        moved.clear();
        for (int start = 0; start < count; start++) {
            if (moved.get(start)) {
                continue;
            }
            moved.set(start);
            int at = start;
            int next = (at % columns) * rows + at / columns;
            if (next == start) {
                continue;
            }
            System.arraycopy(values, base + start * run, carry, 0, run);
            while (true) {
                next = (at % columns) * rows + at / columns;
                System.arraycopy(values, base + next * run, swap, 0, run);
                System.arraycopy(carry, 0, values, base + next * run, run);
                moved.set(next);
                if (next == start) {
                    break;
                }
                float[] t = carry;
                carry = swap;
                swap = t;
                at = next;
            }
        }
    }

    private void checkLength(float[] values) {
        if (values.length < size) {
            throw new IllegalArgumentException("array must hold " + size + " values: " + values.length);
        }
    }

    private void check(float[] planar, float[] coefficients) {
        if (planar == coefficients) {
            throw new IllegalArgumentException("reordering cannot be done in place");
        }
        if (planar.length < size || coefficients.length < size) {
            throw new IllegalArgumentException("arrays too short for " + size + " coefficients: " + planar.length
                    + ", " + coefficients.length);
        }
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("coefficient index " + i + " outside 0.." + (size - 1));
        }
    }
}
