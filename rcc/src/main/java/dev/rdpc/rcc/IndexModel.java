package dev.rdpc.rcc;

/**
 * Adaptive model of chunk indices K in [1, 2^n] (docs/format.md §7.5). K is split into its
 * octave L = floor(log2 K), coded through an adaptive binary tree chosen by the layer's context
 * (the expected bits per chunk, an integer the file carries); the bit below the leading one,
 * adaptive per octave (the index density falls like 1/K inside an octave); and the remaining L-1
 * bits with probability 1/2. One model serves every layer of a file, in layer order, so what it
 * learns on one layer carries over to the next.
 */
public final class IndexModel {
    public static final int CONTEXTS = 32;
    /** The largest log2Candidates this implementation supports (the format admits 40). */
    public static final int MAX_LOG2_CANDIDATES = 30;

    private final int log2Candidates;
    private final int octaveBits;
    private final short[][] octaveTrees;
    private final short[] secondBit;

    /** A fresh model for indices 1 .. 2^log2Candidates. */
    public IndexModel(int log2Candidates) {
        if (log2Candidates < 1 || log2Candidates > MAX_LOG2_CANDIDATES) {
            throw new IllegalArgumentException("log2 candidates must lie in [1, " + MAX_LOG2_CANDIDATES + "]: " + log2Candidates);
        }
        this.log2Candidates = log2Candidates;
        this.octaveBits = 32 - Integer.numberOfLeadingZeros(log2Candidates);
        this.octaveTrees = new short[CONTEXTS][1 << octaveBits];
        for (short[] tree : octaveTrees) {
            java.util.Arrays.fill(tree, RangeEncoder.INITIAL);
        }
        this.secondBit = new short[log2Candidates + 1];
        java.util.Arrays.fill(secondBit, RangeEncoder.INITIAL);
    }

    /** An independent copy of the model's adaptive state (an encoder that recodes a layer rewinds to it). */
    public IndexModel copy() {
        IndexModel copy = new IndexModel(log2Candidates);
        for (int c = 0; c < CONTEXTS; c++) {
            System.arraycopy(octaveTrees[c], 0, copy.octaveTrees[c], 0, octaveTrees[c].length);
        }
        System.arraycopy(secondBit, 0, copy.secondBit, 0, secondBit.length);
        return copy;
    }

    public int log2Candidates() {
        return log2Candidates;
    }

    /** The context of chunks that carry about {@code expectedBits} bits: the value rounded, clamped to [0, 31]. */
    public static int context(double expectedBits) {
        long rounded = Math.round(expectedBits);
        return (int) Math.max(0, Math.min(CONTEXTS - 1, rounded));
    }

    void encode(RangeEncoder encoder, long index, int context) {
        // Unchecked: the search only yields 1..2^log2Candidates, and tests craft invalid streams through here.
        int octave = 63 - Long.numberOfLeadingZeros(index);
        encoder.encodeTree(octaveTrees[context], octaveBits, octave);
        if (octave >= 1) {
            encoder.encodeBit(secondBit, octave, (int) (index >>> (octave - 1)) & 1);
            if (octave >= 2) {
                encoder.encodeDirect((int) (index & ((1L << (octave - 1)) - 1)), octave - 1);
            }
        }
    }

    long decode(RangeDecoder decoder, int context) throws CorruptBitstreamException {
        int position = decoder.position();
        int octave = decoder.decodeTree(octaveTrees[context], octaveBits);
        if (octave > log2Candidates) {
            throw new CorruptBitstreamException(position, "index octave " + octave + " exceeds the candidate cap 2^" + log2Candidates);
        }
        long index = 1L << octave;
        if (octave >= 1) {
            index |= (long) decoder.decodeBit(secondBit, octave) << (octave - 1);
            if (octave >= 2) {
                index |= decoder.decodeDirect(octave - 1);
            }
        }
        if (index > (1L << log2Candidates)) {
            throw new CorruptBitstreamException(position, "index " + index + " exceeds the candidate cap 2^" + log2Candidates);
        }
        return index;
    }
}
