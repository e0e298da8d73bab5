package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The side-information coder of docs/format.md §7.7: signed values per context and raw bits. */
class SideInfoCoderTest {
    private static final int LARGEST = (1 << (SideInfoCoder.MAX_EXPONENT + 1)) - 1; // 131071

    /** One coded item: a signed value of a context, or {@code bits} raw bits (context -1). */
    record Item(int context, int value, int bits) {
        static Item signed(int context, int value) {
            return new Item(context, value, 0);
        }

        static Item raw(int value, int bits) {
            return new Item(-1, value, bits);
        }
    }

    static byte[] write(int contexts, List<Item> items) {
        SideInfoCoder.Writer writer = new SideInfoCoder.Writer(contexts);
        for (Item item : items) {
            if (item.context() >= 0) {
                writer.writeSigned(item.context(), item.value());
            } else {
                writer.writeRaw(item.value(), item.bits());
            }
        }
        return writer.finish();
    }

    /** Reads items of the same shape; the values are what the stream says. */
    static List<Item> read(byte[] data, int offset, int length, int contexts, List<Item> shape) throws CorruptBitstreamException {
        SideInfoCoder.Reader reader = new SideInfoCoder.Reader(data, offset, length, contexts);
        List<Item> out = new ArrayList<>();
        for (Item item : shape) {
            if (item.context() >= 0) {
                out.add(Item.signed(item.context(), reader.readSigned(item.context())));
            } else {
                out.add(Item.raw(reader.readRaw(item.bits()), item.bits()));
            }
        }
        assertTrue(reader.position() >= offset && reader.position() <= offset + length);
        return out;
    }

    static List<Item> roundTrip(int contexts, List<Item> items) throws CorruptBitstreamException {
        byte[] data = write(contexts, items);
        assertEquals(items, read(data, 0, data.length, contexts, items));
        // Inside a larger array, with other bytes around it.
        byte[] embedded = new byte[data.length + 13];
        Arrays.fill(embedded, (byte) 0xC3);
        System.arraycopy(data, 0, embedded, 5, data.length);
        assertEquals(items, read(embedded, 5, data.length, contexts, items));
        return items;
    }

    /** The magnitudes 2^e - 1, 2^e, 2^e + 1 of every exponent, both signs, and 0. */
    static List<Integer> edgeValues() {
        List<Integer> values = new ArrayList<>(List.of(0, LARGEST, -LARGEST));
        for (int e = 0; e <= SideInfoCoder.MAX_EXPONENT; e++) {
            for (int v : new int[] {(1 << e) - 1, 1 << e, (1 << e) + 1, (1 << (e + 1)) - 1}) {
                if (v >= 1 && v <= LARGEST) {
                    values.add(v);
                    values.add(-v);
                }
            }
        }
        return values;
    }

    @Test
    void valuesOverTheFullRangeRoundTrip() throws CorruptBitstreamException {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 40; trial++) {
            int contexts = 1 + random.nextInt(64);
            List<Item> items = new ArrayList<>();
            for (int v : edgeValues()) {
                items.add(Item.signed(random.nextInt(contexts), v));
            }
            for (int i = 0; i < 1000; i++) {
                int kind = random.nextInt(3);
                if (kind == 0) {
                    items.add(Item.signed(random.nextInt(contexts), random.nextInt(-LARGEST, LARGEST + 1)));
                } else if (kind == 1) {
                    // log-uniform magnitudes: every exponent equally often
                    int magnitude = (int) Math.min(LARGEST, Math.exp(random.nextDouble(0, Math.log(LARGEST + 1.0))));
                    items.add(Item.signed(random.nextInt(contexts), random.nextBoolean() ? magnitude : -magnitude));
                } else {
                    int bits = random.nextInt(32);
                    items.add(Item.raw(bits == 0 ? 0 : random.nextInt() >>> (32 - bits), bits));
                }
            }
            java.util.Collections.shuffle(items, new java.util.Random(trial));
            roundTrip(contexts, items);
        }
    }

    @Test
    void skewedDistributionsRoundTrip() throws CorruptBitstreamException {
        SplittableRandom random = new SplittableRandom(2);
        for (double scale : new double[] {0.01, 0.3, 1, 3, 30, 3000}) {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                double laplace = -scale * Math.log(random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
                items.add(Item.signed(0, (int) Math.max(-LARGEST, Math.min(LARGEST, Math.round(laplace)))));
                // one-sided and nearly constant values in context 1
                items.add(Item.signed(1, random.nextInt(100) == 0 ? 7 : 6));
            }
            roundTrip(2, items);
        }
    }

    @Test
    void rawBitsRoundTripForEveryWidth() throws CorruptBitstreamException {
        List<Item> items = new ArrayList<>();
        for (int bits = 0; bits <= 31; bits++) {
            int all = bits == 0 ? 0 : (int) ((1L << bits) - 1);
            items.add(Item.raw(all, bits));
            items.add(Item.raw(0, bits));
            items.add(Item.raw(all & 0x55555555, bits));
            items.add(Item.signed(0, bits - 16));
        }
        roundTrip(1, items);
        // Bits above the width are not written.
        SideInfoCoder.Writer writer = new SideInfoCoder.Writer(1);
        writer.writeRaw(0xFFFFFF05, 4);
        byte[] data = writer.finish();
        assertEquals(5, new SideInfoCoder.Reader(data, 0, data.length, 1).readRaw(4));
    }

    @Test
    void contextsAdaptSeparately() throws CorruptBitstreamException {
        SplittableRandom random = new SplittableRandom(3);
        List<Item> separate = new ArrayList<>();
        List<Item> shared = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int big = 1000 + random.nextInt(20);
            separate.add(Item.signed(0, 0));
            separate.add(Item.signed(1, big));
            shared.add(Item.signed(0, 0));
            shared.add(Item.signed(0, big));
        }
        int separateBytes = write(2, roundTrip(2, separate)).length;
        int sharedBytes = write(1, roundTrip(1, shared)).length;
        // Context 0 learns "always zero" (about 0.02 bit) and context 1 "exponent 9, positive" (about 9.1
        // bits); in one context the zero flag and the exponent cost about a bit more per value.
        System.out.printf("two contexts: %d bytes, one context: %d bytes for 20000 values%n", separateBytes, sharedBytes);
        assertTrue(separateBytes < 0.6 * 20_000 * 10 / 8, "separate contexts: " + separateBytes + " bytes");
        assertTrue(sharedBytes > separateBytes + 2000, separateBytes + " vs " + sharedBytes);
    }

    /** Empirical entropy in bits per value of a sample. */
    private static double entropy(int[] values) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int v : values) {
            counts.merge(v, 1, Integer::sum);
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / values.length;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    @Test
    void typicalValuesCostAboutTheirEntropy() throws CorruptBitstreamException {
        int n = 20_000;
        List<Item> zeros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            zeros.add(Item.signed(0, 0));
        }
        double zeroBits = 8.0 * write(1, roundTrip(1, zeros)).length / n;
        // Measured 0.023 bit per value: the zero flag's probability saturates at 2017/2048 (0.022 bit).
        assertTrue(zeroBits < 0.03 && zeroBits > 0.015, "a zero costs " + zeroBits + " bits");

        SplittableRandom random = new SplittableRandom(4);
        // Rounded Gaussians: measured cost / entropy 1.019, 1.048, 1.042, 1.033, 1.025, 1.023 for these scales.
        for (double sd : new double[] {0.5, 1, 2, 4, 16, 100}) {
            int[] values = new int[n];
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values[i] = (int) Math.round(random.nextGaussian() * sd);
                items.add(Item.signed(0, values[i]));
            }
            double bits = 8.0 * write(1, roundTrip(1, items)).length / n;
            double h = entropy(values);
            System.out.printf("rounded N(0, %.1f^2): %.3f bits per value, entropy %.3f (%.3f)%n", sd, bits, h, bits / h);
            assertTrue(bits > 0.99 * h && bits < 1.07 * h, "sd " + sd + ": " + bits + " bits for entropy " + h);
        }
    }

    @Test
    void emptyStreamIsZeroBytesAndReadsZerosUntilTheImpliedBytesRunOut() throws CorruptBitstreamException {
        assertEquals(0, new SideInfoCoder.Writer(3).finish().length);
        SideInfoCoder.Reader reader = new SideInfoCoder.Reader(new byte[0], 0, 0, 3);
        // The four implied zero bytes are the initial code: a zero (range 0x7FFFFC00), then six zero bits.
        assertEquals(0, reader.readSigned(2));
        assertEquals(0, reader.readRaw(6));
        // The seventh bit needs a fifth byte past the end.
        CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class, () -> reader.readRaw(1));
        assertEquals(0, e.offset());
    }

    @Test
    void knownAnswer() throws CorruptBitstreamException {
        // Context 0: 0, 1, -1; context 1: 5, -300; raw 0xABC in 12 bits; context 0: 131071; context 1: 0.
        List<Item> items = List.of(Item.signed(0, 0), Item.signed(0, 1), Item.signed(0, -1), Item.signed(1, 5),
                Item.signed(1, -300), Item.raw(0xABC, 12), Item.signed(0, LARGEST), Item.signed(1, 0));
        byte[] data = write(2, items);
        assertEquals(KNOWN_ANSWER, HexFormat.of().formatHex(data));
        roundTrip(2, items);
    }

    /** The stream of {@link #knownAnswer}, two contexts. */
    static final String KNOWN_ANSWER = "4f1ac83cfb1b33e6fdfe80";

    /** The binarization of §7.7 written out with the raw range coder. */
    @Test
    void bitLayoutIsTheSpecifiedOne() {
        SplittableRandom random = new SplittableRandom(5);
        int contexts = 5;
        RangeEncoder manual = new RangeEncoder();
        short[][] p = new short[contexts][2 + SideInfoCoder.MAX_EXPONENT];
        for (short[] row : p) {
            Arrays.fill(row, (short) 1024);
        }
        List<Item> items = new ArrayList<>();
        for (int v : edgeValues()) {
            items.add(Item.signed(random.nextInt(contexts), v));
        }
        for (int i = 0; i < 3000; i++) {
            int magnitude = (int) Math.min(LARGEST, Math.exp(random.nextDouble(-1, Math.log(LARGEST + 1.0))));
            items.add(random.nextInt(8) == 0 ? Item.raw(random.nextInt(1 << 10), 10)
                    : Item.signed(random.nextInt(contexts), random.nextBoolean() ? magnitude : -magnitude));
        }
        for (Item item : items) {
            if (item.context() < 0) {
                manual.encodeDirect(item.value(), item.bits());
                continue;
            }
            short[] row = p[item.context()];
            int v = item.value();
            manual.encodeBit(row, 0, v != 0 ? 1 : 0);            // zero flag: 1 for v != 0
            if (v == 0) {
                continue;
            }
            manual.encodeBit(row, 1, v < 0 ? 1 : 0);             // sign: 1 for negative
            int magnitude = Math.abs(v);
            int e = 31 - Integer.numberOfLeadingZeros(magnitude);
            for (int i = 0; i < e; i++) {
                manual.encodeBit(row, 2 + i, 1);                 // unary exponent, bit i has probability 2 + i
            }
            if (e < SideInfoCoder.MAX_EXPONENT) {
                manual.encodeBit(row, 2 + e, 0);                 // terminator, absent at the largest exponent
            }
            for (int b = e - 1; b >= 0; b--) {
                manual.encodeDirect((magnitude >>> b) & 1, 1);   // the bits below the leading one, MSB first
            }
        }
        assertArrayEquals(manual.finish(), write(contexts, items));
    }

    @Test
    void writerRejectsValuesOutOfRangeAndStaysUsable() throws CorruptBitstreamException {
        SideInfoCoder.Writer writer = new SideInfoCoder.Writer(2);
        writer.writeSigned(0, 17);
        for (int v : new int[] {LARGEST + 1, -LARGEST - 1, 1 << 20, -(1 << 20), Integer.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MIN_VALUE + 1}) {
            assertThrows(IllegalArgumentException.class, () -> writer.writeSigned(1, v), "value " + v);
        }
        writer.writeSigned(1, LARGEST);
        writer.writeSigned(1, -LARGEST);
        byte[] data = writer.finish();
        // A rejected value leaves no trace in the stream.
        List<Item> expected = List.of(Item.signed(0, 17), Item.signed(1, LARGEST), Item.signed(1, -LARGEST));
        assertEquals(expected, read(data, 0, data.length, 2, expected));
        assertArrayEquals(write(2, expected), data);
    }

    @Test
    void contextCountsAreValidated() {
        for (int contexts : new int[] {0, -1, 65, 1000}) {
            assertThrows(IllegalArgumentException.class, () -> new SideInfoCoder.Writer(contexts), "contexts " + contexts);
            assertThrows(IllegalArgumentException.class, () -> new SideInfoCoder.Reader(new byte[4], 0, 4, contexts));
        }
        new SideInfoCoder.Writer(1);
        new SideInfoCoder.Writer(64);
    }

    @Test
    void readerRejectsAStreamOutsideItsArray() {
        assertThrows(CorruptBitstreamException.class, () -> new SideInfoCoder.Reader(new byte[4], 2, 3, 1));
        assertThrows(CorruptBitstreamException.class, () -> new SideInfoCoder.Reader(new byte[4], -1, 2, 1));
        assertThrows(CorruptBitstreamException.class, () -> new SideInfoCoder.Reader(new byte[4], 0, -1, 1));
    }

    /** Reads {@code shape} from {@code data}: true when it decoded, false on CorruptBitstreamException, anything else fails. */
    private static boolean readsCleanly(byte[] data, int contexts, List<Item> shape) {
        try {
            List<Item> out = read(data, 0, data.length, contexts, shape);
            for (Item item : out) {
                if (item.context() >= 0) {
                    assertTrue(Math.abs(item.value()) <= LARGEST, "value " + item.value());
                } else {
                    assertTrue(item.bits() == 31 ? item.value() >= 0 : (item.value() >>> item.bits()) == 0, "raw " + item);
                }
            }
            return true;
        } catch (CorruptBitstreamException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= data.length, "offset " + e.offset());
            return false;
        } catch (RuntimeException | Error e) {
            fail("a " + data.length + "-byte stream made the reader throw " + e, e);
            return false;
        }
    }

    @Test
    void truncatedStreamsFailCleanly() {
        SplittableRandom random = new SplittableRandom(6);
        int rejected = 0;
        int prefixes = 0;
        for (int trial = 0; trial < 30; trial++) {
            List<Item> items = new ArrayList<>();
            for (int i = random.nextInt(1, 300); i > 0; i--) {
                items.add(random.nextInt(5) == 0 ? Item.raw(random.nextInt(1 << 9), 9)
                        : Item.signed(random.nextInt(4), (int) Math.round(random.nextGaussian() * Math.exp(random.nextDouble(0, 8)))));
            }
            byte[] data = write(4, items);
            for (int cut = 0; cut < data.length; cut++) {
                prefixes++;
                if (!readsCleanly(Arrays.copyOf(data, cut), 4, items)) {
                    rejected++;
                }
            }
        }
        System.out.printf("side information: %d of %d proper prefixes rejected%n", rejected, prefixes);
        assertTrue(rejected > prefixes / 2, rejected + " of " + prefixes);
    }

    @Test
    void randomBytesNeverThrowAnythingButCorruptBitstreamException() {
        SplittableRandom random = new SplittableRandom(7);
        int decoded = 0;
        for (int trial = 0; trial < 4000; trial++) {
            byte[] data = new byte[random.nextInt(64)];
            random.nextBytes(data);
            int contexts = 1 + random.nextInt(64);
            List<Item> shape = new ArrayList<>();
            for (int i = random.nextInt(200); i > 0; i--) {
                shape.add(random.nextInt(4) == 0 ? Item.raw(0, random.nextInt(32)) : Item.signed(random.nextInt(contexts), 0));
            }
            if (readsCleanly(data, contexts, shape)) {
                decoded++;
            }
        }
        System.out.printf("side information: %d of 4000 random streams decoded, the others were rejected%n", decoded);
        assertTrue(decoded > 0 && decoded < 4000, "decoded " + decoded);
    }
}
