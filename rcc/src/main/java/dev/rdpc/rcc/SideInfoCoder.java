package dev.rdpc.rcc;

/**
 * Compact coding of a file's side information, small signed integers such as quantized
 * log-variances and posterior-variance scales (docs/format.md §7.7), through the same binary range
 * coder as the indices. A value v of context c is coded as: a zero flag; for v != 0 its sign and
 * the exponent e = floor(log2 |v|) in unary (e ones, then a zero, at most {@value #MAX_EXPONENT}
 * ones), each bit with its own adaptive probability of context c; then the e bits of |v| below the
 * leading one, at probability one half. Encoders code differences from a prediction, so that the
 * common values are near zero and cost a bit or two.
 */
public final class SideInfoCoder {
    /** Largest exponent: |v| < 2^17. */
    public static final int MAX_EXPONENT = 16;
    private static final int PROBABILITIES = 2 + MAX_EXPONENT;

    private SideInfoCoder() {}

    private static void checkContext(short[][] probabilities, int context) {
        if (context < 0 || context >= probabilities.length) {
            throw new IllegalArgumentException("context must lie in [0, " + (probabilities.length - 1) + "]: " + context);
        }
    }

    private static short[][] fresh(int contexts) {
        if (contexts < 1 || contexts > 64) {
            throw new IllegalArgumentException("contexts must lie in [1, 64]: " + contexts);
        }
        short[][] p = new short[contexts][PROBABILITIES];
        for (short[] row : p) {
            java.util.Arrays.fill(row, RangeEncoder.INITIAL);
        }
        return p;
    }

    /** Writes side information. */
    public static final class Writer {
        private final RangeEncoder coder = new RangeEncoder();
        private final short[][] probabilities;

        public Writer(int contexts) {
            probabilities = fresh(contexts);
        }

        public void writeSigned(int context, int value) {
            int magnitude = Math.abs(value);
            if (value == Integer.MIN_VALUE || magnitude >= 1 << (MAX_EXPONENT + 1)) {
                throw new IllegalArgumentException("side-information value out of range: " + value);
            }
            checkContext(probabilities, context);
            short[] p = probabilities[context];
            coder.encodeBit(p, 0, value == 0 ? 0 : 1);
            if (value == 0) {
                return;
            }
            coder.encodeBit(p, 1, value < 0 ? 1 : 0);
            int exponent = 31 - Integer.numberOfLeadingZeros(magnitude);
            for (int i = 0; i < exponent; i++) {
                coder.encodeBit(p, 2 + i, 1);
            }
            if (exponent < MAX_EXPONENT) {
                coder.encodeBit(p, 2 + exponent, 0);
            }
            coder.encodeDirect(magnitude & ((1 << exponent) - 1), exponent);
        }

        /** {@code bits} raw bits of {@code value}, most significant first (bits in 0..31). */
        public void writeRaw(int value, int bits) {
            coder.encodeDirect(value, bits);
        }

        public byte[] finish() {
            return coder.finish();
        }
    }

    /** Reads what a {@link Writer} wrote. */
    public static final class Reader {
        private final RangeDecoder coder;
        private final short[][] probabilities;

        public Reader(byte[] data, int offset, int length, int contexts) throws CorruptBitstreamException {
            coder = new RangeDecoder(data, offset, length);
            probabilities = fresh(contexts);
        }

        public int readSigned(int context) throws CorruptBitstreamException {
            checkContext(probabilities, context);
            short[] p = probabilities[context];
            if (coder.decodeBit(p, 0) == 0) {
                return 0;
            }
            boolean negative = coder.decodeBit(p, 1) == 1;
            int exponent = 0;
            while (exponent < MAX_EXPONENT && coder.decodeBit(p, 2 + exponent) == 1) {
                exponent++;
            }
            int magnitude = (1 << exponent) | coder.decodeDirect(exponent);
            return negative ? -magnitude : magnitude;
        }

        public int readRaw(int bits) throws CorruptBitstreamException {
            return coder.decodeDirect(bits);
        }

        /** Offset of the next unread byte within the data, for error messages. */
        public int position() {
            return coder.position();
        }

        /**
         * True when the values read so far used every byte of the stream: the decoder looks four
         * bytes ahead, so a stream ends where its last value's lookahead ends, and a stream with
         * bytes beyond that holds something its reader does not expect.
         */
        public boolean atEnd() {
            return coder.atEnd();
        }
    }
}
