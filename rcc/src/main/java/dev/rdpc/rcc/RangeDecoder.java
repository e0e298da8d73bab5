package dev.rdpc.rcc;

/** Decoder of {@link RangeEncoder}'s output. Reads past the end are counted and reported. */
final class RangeDecoder {
    /** Zero bytes the decoder supplies past the end of a stream (the encoder strips them). */
    private static final int LOOKAHEAD_SLACK = RangeEncoder.TRAILING_ZEROS;

    private final byte[] in;
    private final int end;
    private int position;
    private int range = 0xFFFFFFFF;
    private int code;

    RangeDecoder(byte[] in, int offset, int length) throws CorruptBitstreamException {
        this.in = in;
        this.position = offset;
        this.end = offset + length;
        if (offset < 0 || length < 0 || end > in.length || end < 0) {
            throw new CorruptBitstreamException(offset, "stream of " + length + " bytes at offset " + offset
                    + " lies outside the " + in.length + "-byte payload");
        }
        for (int i = 0; i < 4; i++) {
            code = (code << 8) | nextByte();
        }
    }

    private int nextByte() throws CorruptBitstreamException {
        if (position < end) {
            return in[position++] & 0xFF;
        }
        if (position++ - end >= LOOKAHEAD_SLACK) {
            throw new CorruptBitstreamException(end, "stream ends early: decoding needs more than "
                    + LOOKAHEAD_SLACK + " bytes past its end");
        }
        return 0;
    }

    int decodeBit(short[] probabilities, int index) throws CorruptBitstreamException {
        int p = probabilities[index];
        int bound = (range >>> RangeEncoder.PROBABILITY_BITS) * p;
        int bit;
        if (Integer.compareUnsigned(code, bound) < 0) {
            range = bound;
            probabilities[index] = (short) (p + ((RangeEncoder.ONE - p) >>> RangeEncoder.ADAPT_SHIFT));
            bit = 0;
        } else {
            code -= bound;
            range -= bound;
            probabilities[index] = (short) (p - (p >>> RangeEncoder.ADAPT_SHIFT));
            bit = 1;
        }
        while ((range & 0xFF000000) == 0) {
            range <<= 8;
            code = (code << 8) | nextByte();
        }
        return bit;
    }

    int decodeDirect(int bitCount) throws CorruptBitstreamException {
        int value = 0;
        for (int i = 0; i < bitCount; i++) {
            range >>>= 1;
            int bit = 0;
            if (Integer.compareUnsigned(code, range) >= 0) {
                code -= range;
                bit = 1;
            }
            value = (value << 1) | bit;
            while ((range & 0xFF000000) == 0) {
                range <<= 8;
                code = (code << 8) | nextByte();
            }
        }
        return value;
    }

    int decodeTree(short[] probabilities, int bitCount) throws CorruptBitstreamException {
        int node = 1;
        for (int i = 0; i < bitCount; i++) {
            node = (node << 1) | decodeBit(probabilities, node);
        }
        return node - (1 << bitCount);
    }

    /** True once the decoder has read (or looked ahead to) the stream's last byte. */
    boolean atEnd() {
        return position >= end;
    }

    /** Offset of the next unread byte, for error messages; never past the end of the payload. */
    int position() {
        // position also counts the zero bytes read past the end (LOOKAHEAD_SLACK).
        return Math.min(position, end);
    }
}
