package dev.rdpc.rcc;

/**
 * The shared pseudo-random permutation that deals one layer's dimensions into chunks
 * (docs/format.md §7.3): a four-round balanced Feistel network on the smallest even number of
 * bits that covers {@code n}, walked along its cycle until it lands inside {@code [0, n)}. It is a
 * bijection of {@code [0, n)}, uses only 64-bit integer arithmetic (bit-exact everywhere), needs
 * no memory, and gives random access, so any chunk's dimensions can be listed on any thread.
 *
 * <p>The permutation spreads the layer's heavy dimensions (edges, texture, low frequencies) over
 * all chunks, so that every chunk's KL lies near the layer's mean and no chunk has to be searched
 * beyond its budget.
 */
public final class LayerPermutation {
    /** Odd constant that separates the permutation's keys from the candidate keys of §6.2. */
    static final long PERMUTATION_STEP = 0xA0761D6478BD642FL;
    static final int ROUNDS = 4;

    private final long size;
    private final int halfBits;
    private final long mask;
    private final long[] roundKeys = new long[ROUNDS];

    /**
     * @param seed  the file's seed
     * @param layer the layer index, 0-based
     * @param size  the number of dimensions n, at least 1
     */
    public LayerPermutation(long seed, int layer, long size) {
        if (size < 1 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a permutation needs 1 to 2^31 - 1 elements: " + size);
        }
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0: " + layer);
        }
        this.size = size;
        int bits = size == 1 ? 2 : 64 - Long.numberOfLeadingZeros(size - 1);
        bits = Math.max(2, bits + (bits & 1));
        this.halfBits = bits / 2;
        this.mask = (1L << halfBits) - 1;
        long layerKey = CounterRng.mix64(CounterRng.mix64(seed + PERMUTATION_STEP) ^ ((layer + 1L) * CounterRng.GOLDEN));
        for (int r = 0; r < ROUNDS; r++) {
            roundKeys[r] = CounterRng.mix64(layerKey + (r + 1L) * CounterRng.GOLDEN);
        }
    }

    public long size() {
        return size;
    }

    /** The dimension dealt to position {@code position} (0 <= position < n). */
    public long at(long position) {
        if (position < 0 || position >= size) {
            throw new IndexOutOfBoundsException("position " + position + " outside [0, " + size + ")");
        }
        long x = position;
        do {
            x = network(x);
        } while (x >= size);
        return x;
    }

    private long network(long x) {
        long left = x >>> halfBits;
        long right = x & mask;
        for (int r = 0; r < ROUNDS; r++) {
            long next = left ^ (CounterRng.mix64(roundKeys[r] + right) & mask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** Writes the dimensions of positions {@code from .. from + count - 1} to {@code out[0 .. count-1]}. */
    public void fill(long from, int count, int[] out) {
        for (int t = 0; t < count; t++) {
            out[t] = (int) at(from + t);
        }
    }
}
