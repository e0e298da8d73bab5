package dev.rdpc.rcc;

import java.io.ByteArrayOutputStream;

/**
 * Binary adaptive range coder (docs/format.md §7.4): 32-bit range, 11-bit probabilities adapted
 * with shift 5, carries propagated through a cached byte. Written for this project.
 */
final class RangeEncoder {
    static final int PROBABILITY_BITS = 11;
    static final int ONE = 1 << PROBABILITY_BITS;
    static final int ADAPT_SHIFT = 5;
    static final short INITIAL = (short) (ONE / 2);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long low;
    private int range = 0xFFFFFFFF;
    private int cache;
    private long cacheSize = 1;

    void encodeBit(short[] probabilities, int index, int bit) {
        int p = probabilities[index];
        int bound = (range >>> PROBABILITY_BITS) * p;
        if (bit == 0) {
            range = bound;
            probabilities[index] = (short) (p + ((ONE - p) >>> ADAPT_SHIFT));
        } else {
            low += bound & 0xFFFFFFFFL;
            range -= bound;
            probabilities[index] = (short) (p - (p >>> ADAPT_SHIFT));
        }
        while ((range & 0xFF000000) == 0) {
            range <<= 8;
            shiftLow();
        }
    }

    /** Bits with probability one half, most significant first. */
    void encodeDirect(int value, int bitCount) {
        for (int i = bitCount - 1; i >= 0; i--) {
            range >>>= 1;
            if (((value >>> i) & 1) != 0) {
                low += range & 0xFFFFFFFFL;
            }
            while ((range & 0xFF000000) == 0) {
                range <<= 8;
                shiftLow();
            }
        }
    }

    /** A value in [0, 2^bits) coded MSB first through a binary tree of adaptive probabilities. */
    void encodeTree(short[] probabilities, int bitCount, int value) {
        int node = 1;
        for (int i = bitCount - 1; i >= 0; i--) {
            int bit = (value >>> i) & 1;
            encodeBit(probabilities, node, bit);
            node = (node << 1) | bit;
        }
    }

    private void shiftLow() {
        if (low < 0xFF000000L || low > 0xFFFFFFFFL) {
            int carry = (int) (low >>> 32);
            int pending = cache;
            do {
                out.write((pending + carry) & 0xFF);
                pending = 0xFF;
            } while (--cacheSize != 0);
            cache = (int) (low >>> 24) & 0xFF;
        }
        cacheSize++;
        low = (low & 0x00FFFFFFL) << 8;
    }

    /**
     * Ends the stream (docs/format.md §7.6.1): settles on the value in [low, low + range) with the
     * most trailing zero bits, writes it, and returns the stream without its first byte (always 0)
     * and without up to four trailing zero bytes, which the decoder reads back as zeros.
     */
    byte[] finish() {
        long high = low + (range & 0xFFFFFFFFL) - 1;
        for (int bits = 32; bits >= 0; bits--) {
            long value = high & ~((1L << bits) - 1);
            if (value >= low) {
                low = value;
                break;
            }
        }
        for (int i = 0; i < 5; i++) {
            shiftLow();
        }
        byte[] all = out.toByteArray();
        int end = all.length;
        while (end > 1 && all.length - end < TRAILING_ZEROS && all[end - 1] == 0) {
            end--;
        }
        return java.util.Arrays.copyOfRange(all, 1, end);
    }

    /** Zero bytes the decoder supplies past the end of a stream. */
    static final int TRAILING_ZEROS = 4;
}
