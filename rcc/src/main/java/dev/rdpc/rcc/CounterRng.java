package dev.rdpc.rcc;

/**
 * The counter-based generator of RDPC-SM64-v2 that feeds all randomness shared between encoder and
 * decoder (docs/format.md §6). Every output is a pure function of (seed, chunk, candidate, word
 * index), so any candidate of any chunk can be drawn directly, on any thread, in any order.
 *
 * <p>Only 64-bit integer additions, multiplications, shifts and xors are used, so the outputs
 * are identical on every JVM and platform.
 */
public final class CounterRng {
    /** The golden-ratio increment of SplitMix64, 2^64 / phi rounded to odd. */
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** A second odd increment so that chunk and candidate counters never share a lattice. */
    static final long CANDIDATE_STEP = 0xD1B54A32D192ED03L;

    private CounterRng() {}

    /** SplitMix64's finalizer: a bijection on 64-bit words with full avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Key of one chunk's candidate list; distinct chunks of one seed get distinct keys. */
    public static long chunkKey(long seed, long chunk) {
        return mix64(mix64(seed + GOLDEN) ^ (chunk * GOLDEN));
    }

    /** Key of candidate {@code candidate} (1-based) of the chunk with key {@code chunkKey}. */
    public static long candidateKey(long chunkKey, long candidate) {
        return mix64(chunkKey + candidate * CANDIDATE_STEP);
    }

    /**
     * Word {@code index} of a candidate's stream. Word 0 drives the candidate's arrival time; words
     * 1, 2, ... each give four standard normals, most significant 16 bits first ({@link StandardNormal}).
     */
    public static long word(long candidateKey, long index) {
        return mix64(candidateKey + (index + 1) * GOLDEN);
    }

    /** Convenience: the full chain (seed, chunk, candidate, index) to one 64-bit word. */
    public static long word(long seed, long chunk, long candidate, long index) {
        return word(candidateKey(chunkKey(seed, chunk), candidate), index);
    }
}
