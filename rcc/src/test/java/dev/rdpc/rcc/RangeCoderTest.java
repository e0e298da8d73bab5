package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The binary range coder of docs/format.md §7.4.1 (§7.6.1 for the end of a stream). Besides round trips,
 * every stream is also coded by {@link Reference}, an exact-arithmetic (digit by digit) transcription of
 * the normative definition, which checks carry propagation byte by byte and predicts the exact bytes:
 * after S normalisation shifts the final interval is [L, L + range) with L an (S + 5)-byte number; the
 * stream is the number V in that interval with the most trailing zero bits, written in S + 5 big-endian
 * bytes, without its first byte (always 0) and without up to four trailing zero bytes. The decoder reads
 * S + 4 bytes, the ones stripped as zeros past the end of the stream.
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

        /** The full S + 5 bytes of the final value V, before the first byte and trailing zeros are dropped. */
        byte[] settled() {
            assertEquals(shifts + 5, length);
            BigInteger low = new BigInteger(1, Arrays.copyOf(digits, length));
            BigInteger high = low.add(BigInteger.valueOf(range - 1));
            // The number in [low, high] with the most trailing zero bits: clear ever fewer low bits of high.
            BigInteger value = null;
            for (int t = high.bitLength(); t >= 0; t--) {
                BigInteger v = high.shiftRight(t).shiftLeft(t);
                if (v.compareTo(low) >= 0) {
                    value = v;
                    break;
                }
            }
            // Unique: two multiples of 2^t in the interval would enclose a multiple of 2^(t+1).
            assertTrue(value.bitLength() <= 8 * (length - 1), "V overflows its S + 4 bytes: the first byte is not 0");
            byte[] full = new byte[length];
            byte[] raw = value.toByteArray();
            int copy = Math.min(raw.length, length);
            System.arraycopy(raw, raw.length - copy, full, length - copy, copy);
            return full;
        }

        /** Bytes the decoder reads: 4 for the initial code and one per shift. */
        int bytesRead() {
            return shifts + 4;
        }

        byte[] payload() {
            byte[] full = settled();
            int end = full.length;
            for (int stripped = 0; stripped < 4 && end > 1 && full[end - 1] == 0; stripped++) {
                end--;
            }
            return Arrays.copyOfRange(full, 1, end);
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

    /** Codes a stream, checks it against the definition, decodes it and returns it. */
    private static byte[] checkStream(List<Op> ops) throws CorruptBitstreamException {
        byte[] payload = encode(ops);
        Reference reference = new Reference();
        ops.forEach(reference::apply);
        assertArrayEquals(reference.payload(), payload, "payload differs from the exact-arithmetic definition");
        assertEquals(ops, decode(payload, ops));
        // The stream holds all but at most 4 of the S + 4 bytes the decoder reads; its last byte is
        // not 0 unless four zeros were stripped already.
        int read = reference.bytesRead();
        assertTrue(payload.length <= read && payload.length >= read - RangeEncoder.TRAILING_ZEROS,
                payload.length + " bytes for " + read + " read");
        if (payload.length > 0 && payload.length > read - RangeEncoder.TRAILING_ZEROS) {
            assertTrue(payload[payload.length - 1] != 0, "a trailing zero byte was left in the stream");
        }
        // With the stripped zeros restored, and more zeros after them, the decoder consumes exactly S + 4 bytes.
        int[] consumed = new int[1];
        assertEquals(ops, decode(Arrays.copyOf(payload, read + 8), ops, consumed));
        assertEquals(read, consumed[0], "bytes consumed");
        // The same stream inside a larger array: the bytes after its end are never read.
        byte[] embedded = new byte[payload.length + 20];
        Arrays.fill(embedded, (byte) 0xA5);
        System.arraycopy(payload, 0, embedded, 7, payload.length);
        RangeDecoder decoder = new RangeDecoder(embedded, 7, payload.length);
        Models models = new Models();
        for (Op op : ops) {
            int value = switch (op.kind()) {
                case Op.BIT -> decoder.decodeBit(models.bits, op.context());
                case Op.DIRECT -> decoder.decodeDirect(op.bits());
                default -> decoder.decodeTree(models.trees[op.bits()], op.bits());
            };
            assertEquals(op.value(), value);
        }
        return payload;
    }

    @Test
    void emptyStreamIsZeroBytes() throws CorruptBitstreamException {
        assertArrayEquals(new byte[0], new RangeEncoder().finish());
        assertArrayEquals(new byte[0], new Reference().payload());
        assertEquals(List.of(), decode(new byte[0], List.of()));
    }

    @Test
    void knownAnswer() throws CorruptBitstreamException {
        // Bits 1, 0, 1 in one fresh context, then direct bits 101 and tree symbol 5 of 3 bits.
        List<Op> ops = List.of(new Op(Op.BIT, 0, 1, 1), new Op(Op.BIT, 0, 0, 1), new Op(Op.BIT, 0, 1, 1),
                new Op(Op.DIRECT, 0, 5, 3), new Op(Op.TREE, 0, 5, 3));
        byte[] payload = encode(ops);
        assertEquals(KNOWN_ANSWER, java.util.HexFormat.of().formatHex(payload));
        checkStream(ops);
    }

    /**
     * The stream of {@link #knownAnswer}: after one shift the final interval is [0xB4CE480000, 0xB4CE480000 +
     * 0x7BE00000), which holds 0xB500000000; written in S + 5 = 6 bytes as 00 B5 00 00 00 00, then the first
     * byte and four trailing zeros dropped. (Format 1 wrote the low end, 00 B4 CE 48 00 00.)
     */
    static final String KNOWN_ANSWER = "b5";

    @Test
    void settlingPicksTheValueWithTheMostTrailingZeros() throws CorruptBitstreamException {
        // One adaptive 0 at p = 1/2: the interval is [0, 2^31 - 2^11 ...), so V = 0 and nothing is written.
        assertArrayEquals(new byte[0], encode(List.of(new Op(Op.BIT, 0, 0, 1))));
        // One adaptive 1 at p = 1/2: [2^31 - 2^10, 2^32 - 1) holds 2^31: the stream is the single byte 0x80.
        assertArrayEquals(new byte[] {(byte) 0x80}, encode(List.of(new Op(Op.BIT, 0, 1, 1))));
        // Direct bits 1 then 0: [2^31 - 1, 3 * 2^30 - 2) holds 2^31.
        assertArrayEquals(new byte[] {(byte) 0x80}, encode(List.of(new Op(Op.DIRECT, 0, 2, 2))));
        // Direct bits 0 then 1: [2^30 - 1, 2^31 - 2) holds 2^30.
        assertArrayEquals(new byte[] {(byte) 0x40}, encode(List.of(new Op(Op.DIRECT, 0, 1, 2))));
        for (int bits = 1; bits <= 24; bits++) {
            // A single direct 1 after bits - 1 zeros lands on 2^(32 - bits): one byte, then zeros stripped.
            byte[] payload = checkStream(List.of(new Op(Op.DIRECT, 0, 1, bits)));
            byte[] expected = new byte[(bits - 1) / 8 + 1];
            expected[expected.length - 1] = (byte) (0x80 >>> ((bits - 1) % 8));
            assertArrayEquals(expected, payload, "bits " + bits);
        }
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
    void decoderRejectsStreamsOutsideTheirArray() {
        byte[] data = new byte[10];
        int[][] bad = {{-1, 2}, {0, 11}, {5, 6}, {11, 0}, {0, -1}, {8, Integer.MAX_VALUE}, {Integer.MAX_VALUE, 1}};
        for (int[] b : bad) {
            CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class, () -> new RangeDecoder(data, b[0], b[1]),
                    "offset " + b[0] + ", length " + b[1]);
            assertTrue(e.getMessage().contains("lies outside"), e.getMessage());
        }
    }

    @Test
    void decoderSuppliesFourZeroBytesPastTheEndThenFails() throws CorruptBitstreamException {
        // Direct bits halve the range whatever they decode, so every 8 bits shift in one byte: the
        // decoder of an L-byte stream has read 4 + s bytes after s shifts and fails on the (L + 5)-th.
        for (int length = 0; length <= 6; length++) {
            byte[] stream = new byte[length];
            Arrays.fill(stream, (byte) 0x5A);
            RangeDecoder decoder = new RangeDecoder(stream, 0, length);
            int allowed = 8 * (length + 1) - 1;
            for (int i = 0; i < allowed; i++) {
                decoder.decodeDirect(1);
            }
            CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class, () -> decoder.decodeDirect(1),
                    "bit " + allowed + " of a " + length + "-byte stream");
            assertEquals(length, e.offset());
            assertTrue(e.getMessage().contains("ends early"), e.getMessage());
        }
        // A stream of no bytes decodes 7 zero bits, then fails.
        RangeDecoder empty = new RangeDecoder(new byte[0], 0, 0);
        assertEquals(0, empty.decodeDirect(7));
        assertThrows(CorruptBitstreamException.class, () -> empty.decodeDirect(1));
    }

    @Test
    void truncatedStreamsFailExactlyWhenTheyNeedMoreThanFourBytesPastTheirEnd() throws CorruptBitstreamException {
        SplittableRandom random = new SplittableRandom(8);
        for (int trial = 0; trial < 60; trial++) {
            List<Op> ops = new ArrayList<>();
            for (int i = random.nextInt(1, 40); i > 0; i--) {
                int bits = 1 + random.nextInt(31);
                ops.add(new Op(Op.DIRECT, 0, random.nextInt() >>> (32 - bits), bits));
            }
            byte[] payload = checkStream(ops);
            Reference reference = new Reference();
            ops.forEach(reference::apply);
            int read = reference.bytesRead(); // the same for every input: direct bits only
            for (int cut = 0; cut <= payload.length; cut++) {
                byte[] prefix = Arrays.copyOf(payload, cut);
                if (read - cut <= RangeEncoder.TRAILING_ZEROS) {
                    decode(prefix, ops);
                } else {
                    CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class, () -> decode(prefix, ops),
                            "a " + cut + "-byte prefix of a stream the decoder reads " + read + " bytes of");
                    assertEquals(cut, e.offset());
                }
            }
        }
    }

    /** Any stream, also one that needs all four implied zero bytes: decoding never reads a fifth. */
    @Test
    void decodingReadsAtMostFourBytesPastTheEndOfAnyStream() throws CorruptBitstreamException {
        SplittableRandom random = new SplittableRandom(10);
        int[] histogram = new int[RangeEncoder.TRAILING_ZEROS + 1];
        for (int trial = 0; trial < 3000; trial++) {
            List<Op> ops = randomOps(random, random.nextInt(60));
            // Runs of zero direct bits and certain adaptive zeros make trailing zero bytes likely.
            if (random.nextBoolean()) {
                ops.add(new Op(Op.DIRECT, 0, 0, 1 + random.nextInt(31)));
            }
            byte[] payload = encode(ops);
            Reference reference = new Reference();
            ops.forEach(reference::apply);
            int past = reference.bytesRead() - payload.length;
            assertTrue(past >= 0 && past <= RangeEncoder.TRAILING_ZEROS, "reads " + past + " bytes past the end");
            histogram[past]++;
            assertEquals(ops, decode(payload, ops)); // a fifth read would throw
        }
        System.out.println("bytes read past the end of 3000 random streams (0..4): " + Arrays.toString(histogram));
        // The final range is at least 2^24, so V has at least 24 trailing zero bits: the last three bytes
        // are always stripped, and a fourth when bits 24..31 of V are zero too.
        assertEquals(0, histogram[0] + histogram[1] + histogram[2]);
        assertTrue(histogram[3] > 0 && histogram[4] > 0, Arrays.toString(histogram));
    }

    @Test
    void decoderNeverFailsOtherwiseOnGarbage() {
        SplittableRandom random = new SplittableRandom(9);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            List<Op> shape = randomOps(random, random.nextInt(400));
            try {
                decode(garbage, shape);
            } catch (CorruptBitstreamException expected) {
                assertTrue(expected.offset() >= 0 && expected.offset() <= garbage.length);
            }
        }
    }
}
