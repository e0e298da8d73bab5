package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The binary range coder of docs/format.md §7.4.1. Besides round trips, every stream is also coded by
 * {@link Reference}, an exact-arithmetic (digit by digit) transcription of the normative definition (the payload is the
 * final low end L of the interval in S + 5 big-endian bytes), which checks carry propagation byte by byte.
 */
class RangeCoderTest {
    private static final int CONTEXTS = 16;
    private static final int MAX_TREE_BITS = 8;

    /** One coded symbol: an adaptive bit (context, bit), direct bits (value, count) or a tree symbol (value, bits). */
    record Op(int kind, int context, int value, int bits) {
        static final int BIT = 0;
        static final int DIRECT = 1;
        static final int TREE = 2;
    }

    /** Probability state for one stream: CONTEXTS single bits and one tree per bit count. */
    static final class Models {
        final short[] bits = initial(CONTEXTS);
        final short[][] trees = new short[MAX_TREE_BITS + 1][];

        Models() {
            for (int b = 1; b <= MAX_TREE_BITS; b++) {
                trees[b] = initial(1 << b);
            }
        }

        static short[] initial(int size) {
            short[] p = new short[size];
            Arrays.fill(p, (short) 1024);
            return p;
        }
    }

    static byte[] encode(List<Op> ops) {
        RangeEncoder encoder = new RangeEncoder();
        Models models = new Models();
        for (Op op : ops) {
            switch (op.kind()) {
                case Op.BIT -> encoder.encodeBit(models.bits, op.context(), op.value());
                case Op.DIRECT -> encoder.encodeDirect(op.value(), op.bits());
                default -> encoder.encodeTree(models.trees[op.bits()], op.bits(), op.value());
            }
        }
        return encoder.finish();
    }

    static List<Op> decode(byte[] payload, List<Op> shape) throws CorruptBitstreamException {
        return decode(payload, shape, new int[1]);
    }

    /** Decodes, and reports in {@code position[0]} how many bytes the decoder consumed. */
    static List<Op> decode(byte[] payload, List<Op> shape, int[] position) throws CorruptBitstreamException {
        RangeDecoder decoder = new RangeDecoder(payload, 0, payload.length);
        Models models = new Models();
        List<Op> out = new ArrayList<>();
        for (Op op : shape) {
            switch (op.kind()) {
                case Op.BIT -> out.add(new Op(Op.BIT, op.context(), decoder.decodeBit(models.bits, op.context()), 1));
                case Op.DIRECT -> out.add(new Op(Op.DIRECT, 0, decoder.decodeDirect(op.bits()), op.bits()));
                default -> out.add(new Op(Op.TREE, 0, decoder.decodeTree(models.trees[op.bits()], op.bits()), op.bits()));
            }
        }
        position[0] = decoder.position();
        return out;
    }

    /**
     * The normative coder with an exact (unbounded) low end, written from the specification: bound =
     * floor(range / 2^11) * p; bit 0 keeps low and sets range = bound; bit 1 adds bound to low and
     * subtracts it from range; a direct bit halves range (rounding down) and adds it to low for a 1;
     * whenever range < 2^24 both low and range are multiplied by 256 (range modulo 2^32).
     */
    static final class Reference {
        /** The exact low end L as base-256 digits, most significant first; the last 4 are the window. */
        byte[] digits = new byte[64];
        int length = 5;
        long range = 0xFFFFFFFFL;
        int shifts;
        boolean carriedSinceShift;
        final Models models = new Models();
        int carries;
        int longestCarry; // 0xFF digits above the window that one carry turned into 0x00

        /** Low end relative to the digits above the window when it last moved (may reach 2^32 after a carry). */
        long window() {
            long w = 0;
            for (int i = length - 4; i < length; i++) {
                w = (w << 8) | (digits[i] & 0xFF);
            }
            return carriedSinceShift ? w + (1L << 32) : w;
        }

        void add(long amount) {
            long sum = amount;
            for (int i = length - 1; i >= length - 4; i--) {
                sum += digits[i] & 0xFF;
                digits[i] = (byte) sum;
                sum >>>= 8;
            }
            if (sum != 0) {
                carries++;
                carriedSinceShift = true;
                int run = 0;
                int i = length - 5;
                while ((digits[i] & 0xFF) == 0xFF) {
                    digits[i--] = 0;
                    run++;
                }
                digits[i]++;
                assertTrue(i > 0 || digits[0] == 0, "carry out of the first byte");
                longestCarry = Math.max(longestCarry, run);
            }
        }

        void normalise() {
            while (range < (1L << 24)) {
                range = (range << 8) & 0xFFFFFFFFL;
                if (length == digits.length) {
                    digits = Arrays.copyOf(digits, 2 * length);
                }
                digits[length++] = 0;
                shifts++;
                carriedSinceShift = false;
            }
        }

        long bound(short[] p, int index) {
            return (range >>> 11) * p[index];
        }

        void bit(short[] p, int index, int bit) {
            long bound = bound(p, index);
            if (bit == 0) {
                range = bound;
                p[index] += (short) ((2048 - p[index]) >> 5);
            } else {
                add(bound);
                range -= bound;
                p[index] -= (short) (p[index] >> 5);
            }
            normalise();
        }

        void direct(int value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                range >>>= 1;
                if (((value >>> i) & 1) == 1) {
                    add(range);
                }
                normalise();
            }
        }

        void tree(short[] p, int count, int value) {
            int node = 1;
            for (int i = count - 1; i >= 0; i--) {
                int b = (value >>> i) & 1;
                bit(p, node, b);
                node = 2 * node + b;
            }
        }

        void apply(Op op) {
            switch (op.kind()) {
                case Op.BIT -> bit(models.bits, op.context(), op.value());
                case Op.DIRECT -> direct(op.value(), op.bits());
                default -> tree(models.trees[op.bits()], op.bits(), op.value());
            }
        }

        byte[] payload() {
            assertEquals(shifts + 5, length);
            return Arrays.copyOf(digits, length);
        }
    }

    static List<Op> randomOps(SplittableRandom random, int count) {
        double[] pOne = {0.001, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99, 0.999, 0.5, 0.3, 0.7, 0.0, 1.0, 0.9999, 0.0001};
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            if (kind < 7) {
                int context = random.nextInt(CONTEXTS);
                ops.add(new Op(Op.BIT, context, random.nextDouble() < pOne[context] ? 1 : 0, 1));
            } else if (kind < 9) {
                int bits = 1 + random.nextInt(31);
                ops.add(new Op(Op.DIRECT, 0, random.nextInt() >>> (32 - bits), bits));
            } else {
                int bits = 1 + random.nextInt(MAX_TREE_BITS);
                // skewed symbols: small values far more likely
                int value = (int) Math.min((1 << bits) - 1, (long) (Math.pow(random.nextDouble(), 4) * (1 << bits)));
                ops.add(new Op(Op.TREE, 0, value, bits));
            }
        }
        return ops;
    }

    private static void checkStream(List<Op> ops) throws CorruptBitstreamException {
        byte[] payload = encode(ops);
        Reference reference = new Reference();
        ops.forEach(reference::apply);
        assertArrayEquals(reference.payload(), payload, "payload differs from the exact-arithmetic definition");
        assertEquals(0, payload[0], "first byte");
        assertEquals(ops, decode(payload, ops));
        // The decoder consumes exactly the encoder's bytes: never a byte past the end, none left over.
        int[] consumed = new int[1];
        assertEquals(ops, decode(Arrays.copyOf(payload, payload.length + 8), ops, consumed));
        assertEquals(payload.length, consumed[0], "bytes consumed");
    }

    @Test
    void emptyStreamIsFiveZeroBytes() throws CorruptBitstreamException {
        assertArrayEquals(new byte[5], new RangeEncoder().finish());
        assertEquals(List.of(), decode(new byte[5], List.of()));
    }

    @Test
    void knownAnswer() throws CorruptBitstreamException {
        // Bits 1, 0, 1 in one fresh context, then direct bits 101 and tree symbol 5 of 3 bits.
        List<Op> ops = List.of(new Op(Op.BIT, 0, 1, 1), new Op(Op.BIT, 0, 0, 1), new Op(Op.BIT, 0, 1, 1),
                new Op(Op.DIRECT, 0, 5, 3), new Op(Op.TREE, 0, 5, 3));
        byte[] payload = encode(ops);
        assertEquals("00b4ce480000", java.util.HexFormat.of().formatHex(payload));
        checkStream(ops);
    }

    @Test
    void randomStreamsWithSkewedProbabilitiesRoundTrip() throws CorruptBitstreamException {
        SplittableRandom random = new SplittableRandom(1);
        int carries = 0;
        for (int trial = 0; trial < 300; trial++) {
            List<Op> ops = randomOps(random, random.nextInt(2000));
            checkStream(ops);
            Reference reference = new Reference();
            ops.forEach(reference::apply);
            carries += reference.carries;
        }
        assertTrue(carries > 100, "random streams produced only " + carries + " carries");
    }

    @Test
    void longRunsOfOnesAndZerosRoundTrip() throws CorruptBitstreamException {
        for (int bit = 0; bit <= 1; bit++) {
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                ops.add(new Op(Op.BIT, 3, bit, 1));
            }
            for (int i = 0; i < 200; i++) {
                ops.add(new Op(Op.DIRECT, 0, bit == 1 ? 0x7FFFFFFF : 0, 31));
            }
            checkStream(ops);
        }
    }

    /**
     * Streams built to make carries: whenever the interval straddles the point 2^32 of the coder's
     * window, follow that point with direct bits for a while (every byte shifted out is then a pending
     * 0xFF), then choose ones until the low end passes the point and the carry ripples through the run.
     */
    @Test
    void carryHeavyStreamsRoundTripAndMatchTheDefinition() throws CorruptBitstreamException {
        SplittableRandom random = new SplittableRandom(2);
        int totalCarries = 0;
        int longest = 0;
        for (int trial = 0; trial < 40; trial++) {
            Reference reference = new Reference();
            List<Op> ops = new ArrayList<>();
            int hold = 0;
            boolean trigger = false;
            for (int step = 0; step < 20_000; step++) {
                long w = reference.window();
                long top = w + reference.range;
                boolean straddles = w < (1L << 32) && top > (1L << 32);
                Op op;
                if (hold > 0 && straddles) {
                    long half = reference.range >>> 1;
                    int bit = w + half <= (1L << 32) ? 1 : 0; // the half that contains the point
                    if (w + 2 * half <= (1L << 32)) {
                        hold = 0; // the point fell off the rounded-down interval
                        continue;
                    }
                    op = new Op(Op.DIRECT, 0, bit, 1);
                    if (--hold == 0) {
                        trigger = true;
                    }
                } else if (trigger && straddles) {
                    op = random.nextBoolean() ? new Op(Op.DIRECT, 0, 1, 1) : new Op(Op.BIT, random.nextInt(CONTEXTS), 1, 1);
                } else {
                    trigger = false;
                    hold = straddles && random.nextInt(4) == 0 ? 8 + random.nextInt(200) : 0;
                    op = randomOps(random, 1).get(0);
                }
                ops.add(op);
                reference.apply(op);
            }
            byte[] payload = encode(ops);
            assertArrayEquals(reference.payload(), payload, "trial " + trial);
            assertEquals(ops, decode(payload, ops), "trial " + trial);
            totalCarries += reference.carries;
            longest = Math.max(longest, reference.longestCarry);
        }
        System.out.printf("carry-heavy streams: %d carries, longest through %d bytes of 0xFF%n", totalCarries, longest);
        assertTrue(totalCarries > 500, "only " + totalCarries + " carries");
        assertTrue(longest >= 10, "longest carry ran through only " + longest + " bytes of 0xFF");
    }

    @Test
    void probabilitiesStayWithinTheirRange() {
        short[] p = Models.initial(1);
        RangeEncoder encoder = new RangeEncoder();
        for (int i = 0; i < 1000; i++) {
            encoder.encodeBit(p, 0, 0);
        }
        assertEquals(2017, p[0]);
        for (int i = 0; i < 1000; i++) {
            encoder.encodeBit(p, 0, 1);
        }
        assertEquals(31, p[0]);
    }

    @Test
    void decoderRejectsABadPreamble() {
        for (int length = 0; length < 5; length++) {
            int n = length;
            CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class, () -> new RangeDecoder(new byte[n], 0, n));
            assertTrue(e.getMessage().contains("preamble"), e.getMessage());
        }
        CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class,
                () -> new RangeDecoder(new byte[] {1, 0, 0, 0, 0}, 0, 5));
        assertTrue(e.getMessage().contains("zero byte"), e.getMessage());
    }

    @Test
    void decoderReadsFourZeroBytesPastTheEndThenFails() throws CorruptBitstreamException {
        // With code 0 every direct bit halves the range; each 8 bits shift in one byte past the 5-byte payload.
        RangeDecoder decoder = new RangeDecoder(new byte[5], 0, 5);
        for (int i = 0; i < 39; i++) {
            assertEquals(0, decoder.decodeDirect(1), "bit " + i);
        }
        CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class, () -> decoder.decodeDirect(1));
        assertEquals(5, e.offset());
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
    }

    @Test
    void decoderNeverFailsOtherwiseOnGarbage() {
        SplittableRandom random = new SplittableRandom(9);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] garbage = new byte[5 + random.nextInt(40)];
            random.nextBytes(garbage);
            garbage[0] = 0;
            List<Op> shape = randomOps(random, random.nextInt(400));
            try {
                decode(garbage, shape);
            } catch (CorruptBitstreamException expected) {
                assertTrue(expected.offset() >= 0 && expected.offset() <= garbage.length);
            }
        }
    }
}
