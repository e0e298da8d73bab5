package dev.rdpc.rcc;

/**
 * Adaptive model of chunk indices K in [1, 2^n] (docs/format.md §7.4). K is split into its
 * octave L = floor(log2 K), coded through an adaptive binary tree whose context is the chunk's
 * expected KL rounded to whole bits; the bit below the leading one, adaptive per octave (the
 * index density falls like 1/K inside an octave); and the remaining L-1 bits with probability 1/2.
 */
final class IndexModel {
    static final int CONTEXTS = 32;

    private final int log2Candidates;
    private final int octaveBits;
    private final short[][] octaveTrees;
    private final short[] secondBit;

    IndexModel(int log2Candidates) {
        this.log2Candidates = log2Candidates;
        this.octaveBits = 32 - Integer.numberOfLeadingZeros(log2Candidates);
        this.octaveTrees = new short[CONTEXTS][1 << octaveBits];
        for (short[] tree : octaveTrees) {
            java.util.Arrays.fill(tree, RangeEncoder.INITIAL);
        }
        this.secondBit = new short[log2Candidates + 1];
        java.util.Arrays.fill(secondBit, RangeEncoder.INITIAL);
    }

    static int context(double expectedBits) {
        long rounded = Math.round(expectedBits);
        return (int) Math.max(0, Math.min(CONTEXTS - 1, rounded));
    }

    void encode(RangeEncoder encoder, long index, int context) {
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
