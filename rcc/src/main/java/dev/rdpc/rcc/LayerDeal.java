package dev.rdpc.rcc;

/**
 * How one layer's dimensions are dealt into chunks (docs/format.md §7.3). The layer's n dimensions
 * come in groups of G consecutive dimensions (the codec's (channel, frequency) groups of G blocks,
 * whose dimensions share one proposal variance). Slot s = 0 .. n-1 holds dimension
 * {@code G * (s / G) + pi(s mod G)}, with pi the layer's {@link LayerPermutation} of [0, G): the
 * groups in order, each group's blocks shuffled. Chunk j takes the slots j, j + J, j + 2J, ...
 * So every chunk receives the same share (within one) of every group, and chunks' KLs differ only
 * by what the dimensions of one group differ by: no chunk draws several heavy groups while another
 * draws none, which keeps every chunk's search near the layer's mean length and its index near the
 * context the layer declares.
 */
public final class LayerDeal {
    private final int size;
    private final int groupSize;
    private final int chunks;
    private final LayerPermutation permutation;

    /**
     * @param size      the layer's dimensions n, a multiple of groupSize
     * @param groupSize G, at least 1
     * @param chunks    J, in [1, n]
     */
    public LayerDeal(long seed, int layer, int size, int groupSize, int chunks) {
        if (groupSize < 1 || size < 1 || size % groupSize != 0) {
            throw new IllegalArgumentException("a layer of " + size + " dimensions cannot hold groups of " + groupSize);
        }
        if (chunks < 1 || chunks > size) {
            throw new IllegalArgumentException("a layer of " + size + " dimensions cannot have " + chunks + " chunks");
        }
        this.size = size;
        this.groupSize = groupSize;
        this.chunks = chunks;
        this.permutation = new LayerPermutation(seed, layer, groupSize);
    }

    /** Dimensions of chunk j: the slots congruent to j modulo J. */
    public int chunkSize(int chunk) {
        return (size - chunk + chunks - 1) / chunks;
    }

    /** The largest chunk, chunk 0. */
    public int largestChunk() {
        return chunkSize(0);
    }

    /** Writes the dimensions of chunk {@code chunk}, in the chunk's own order, to {@code out}. */
    public void fill(int chunk, int[] out) {
        int d = chunkSize(chunk);
        long slot = chunk;
        for (int t = 0; t < d; t++, slot += chunks) {
            int group = (int) (slot / groupSize);
            int block = (int) (slot - (long) group * groupSize);
            out[t] = group * groupSize + (int) permutation.at(block);
        }
    }
}
