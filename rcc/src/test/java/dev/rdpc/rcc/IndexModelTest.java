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

/** The index model of docs/format.md §7.4.2. */
class IndexModelTest {
    private static final int[] LOG2_CANDIDATES = {1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 20, 24, 30};

    private static byte[] encode(int log2Candidates, long[] indices, int[] contexts) {
        RangeEncoder encoder = new RangeEncoder();
        IndexModel model = new IndexModel(log2Candidates);
        for (int i = 0; i < indices.length; i++) {
            model.encode(encoder, indices[i], contexts[i]);
        }
        return encoder.finish();
    }

    private static long[] decode(int log2Candidates, byte[] payload, int[] contexts) throws CorruptBitstreamException {
        RangeDecoder decoder = new RangeDecoder(payload, 0, payload.length);
        IndexModel model = new IndexModel(log2Candidates);
        long[] out = new long[contexts.length];
        for (int i = 0; i < contexts.length; i++) {
            out[i] = model.decode(decoder, contexts[i]);
        }
        return out;
    }

    @Test
    void everyOctaveRoundTripsIncludingTheEdges() throws CorruptBitstreamException {
        SplittableRandom random = new SplittableRandom(1);
        for (int n : LOG2_CANDIDATES) {
            List<Long> values = new ArrayList<>();
            long cap = 1L << n;
            values.add(1L);
            values.add(2L);
            values.add(cap);
            values.add(cap - 1);
            values.add(Math.max(1, cap / 2 + 1));
            for (int octave = 0; octave <= n; octave++) {
                long lo = 1L << octave;
                long hi = Math.min(cap, (1L << (octave + 1)) - 1);
                values.add(lo);
                values.add(hi);
                for (int r = 0; r < 20; r++) {
                    values.add(lo + random.nextLong(hi - lo + 1));
                }
            }
            for (int r = 0; r < 2000; r++) {
                // index density falling like 1/K, as the search produces
                values.add(Math.max(1, Math.min(cap, (long) Math.exp(random.nextDouble() * Math.log(cap)))));
            }
            long[] indices = values.stream().mapToLong(Long::longValue).toArray();
            int[] contexts = new int[indices.length];
            for (int i = 0; i < contexts.length; i++) {
                contexts[i] = random.nextInt(IndexModel.CONTEXTS);
            }
            byte[] payload = encode(n, indices, contexts);
            assertEquals(Arrays.toString(indices), Arrays.toString(decode(n, payload, contexts)), "log2Candidates " + n);
        }
    }

    @Test
    void singleIndicesRoundTrip() throws CorruptBitstreamException {
        for (int n : LOG2_CANDIDATES) {
            for (long k : new long[] {1, 2, Math.min(3, 1L << n), 1L << n, Math.max(1, (1L << n) - 1)}) {
                byte[] payload = encode(n, new long[] {k}, new int[] {7});
                assertEquals(k, decode(n, payload, new int[] {7})[0], "K = " + k + ", log2Candidates " + n);
            }
        }
    }

    @Test
    void adaptationMakesPredictableIndicesCheap() {
        long[] ones = new long[1000];
        Arrays.fill(ones, 1);
        int[] contexts = new int[ones.length];
        // 1000 indices of value 1 in one context: the octave tree learns them, far below 1 bit each.
        assertTrue(encode(20, ones, contexts).length < 40);
        long[] uniform = new long[1000];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = 1 + random.nextLong(1L << 16);
        }
        // Uniform on [1, 2^16] costs about 16 bits; the model must stay close to that.
        int bytes = encode(16, uniform, contexts).length;
        assertTrue(bytes > 1900 && bytes < 2100, "uniform 16-bit indices took " + bytes + " bytes");
    }

    @Test
    void contextRoundsToNearestAndClamps() {
        assertEquals(0, IndexModel.context(-3));
        assertEquals(0, IndexModel.context(0.49));
        assertEquals(1, IndexModel.context(0.5));
        assertEquals(2, IndexModel.context(2.4999));
        assertEquals(3, IndexModel.context(2.5));
        assertEquals(8, IndexModel.context(8.0));
        assertEquals(31, IndexModel.context(31.4));
        assertEquals(31, IndexModel.context(1e9));
        assertEquals(0, IndexModel.context(Double.NaN));
    }

    @Test
    void decoderRejectsAnIndexAboveTheCap() {
        for (int n : new int[] {1, 3, 5, 8, 20}) {
            byte[] payload = encode(n, new long[] {(1L << n) + 1}, new int[] {0});
            CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class, () -> decode(n, payload, new int[] {0}));
            assertTrue(e.getMessage().contains("exceeds the candidate cap"), e.getMessage());
        }
    }

    @Test
    void decoderRejectsAnOctaveAboveTheCap() {
        // log2Candidates 4 codes octaves with a 3-bit tree, so octaves 5..7 are representable but invalid.
        for (int octave = 5; octave <= 7; octave++) {
            RangeEncoder encoder = new RangeEncoder();
            short[] tree = new short[8];
            Arrays.fill(tree, RangeEncoder.INITIAL);
            encoder.encodeTree(tree, 3, octave);
            byte[] payload = encoder.finish();
            CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class,
                    () -> decode(4, payload, new int[] {0}));
            assertTrue(e.getMessage().contains("octave " + octave), e.getMessage());
        }
    }

    /**
     * The layout of docs/format.md §7.4.2 written out with the raw coder: octave through a tree of
     * bitLength(log2Candidates) bits, the bit below the leading one per octave, then L - 1 direct bits.
     */
    @Test
    void bitLayoutIsTheSpecifiedOne() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : LOG2_CANDIDATES) {
            int treeBits = 32 - Integer.numberOfLeadingZeros(n);
            long[] indices = new long[300];
            int[] contexts = new int[indices.length];
            RangeEncoder manual = new RangeEncoder();
            short[][] trees = new short[32][1 << treeBits];
            for (short[] tree : trees) {
                Arrays.fill(tree, (short) 1024);
            }
            short[] second = new short[n + 1];
            Arrays.fill(second, (short) 1024);
            for (int i = 0; i < indices.length; i++) {
                long k = 1 + random.nextLong(1L << n);
                int context = random.nextInt(32);
                indices[i] = k;
                contexts[i] = context;
                int octave = 63 - Long.numberOfLeadingZeros(k);
                int node = 1;
                for (int b = treeBits - 1; b >= 0; b--) {
                    int bit = (octave >>> b) & 1;
                    manual.encodeBit(trees[context], node, bit);
                    node = 2 * node + bit;
                }
                if (octave >= 1) {
                    manual.encodeBit(second, octave, (int) (k >>> (octave - 1)) & 1);
                    for (int b = octave - 2; b >= 0; b--) {
                        manual.encodeDirect((int) (k >>> b) & 1, 1);
                    }
                }
            }
            assertEquals(Arrays.toString(manual.finish()), Arrays.toString(encode(n, indices, contexts)), "log2Candidates " + n);
        }
    }

    @Test
    void constructorValidatesTheCandidateCap() {
        for (int n : new int[] {0, -1, IndexModel.MAX_LOG2_CANDIDATES + 1, 40, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> new IndexModel(n), "log2Candidates " + n);
        }
        assertEquals(30, IndexModel.MAX_LOG2_CANDIDATES);
        assertEquals(32, IndexModel.CONTEXTS);
        for (int n = 1; n <= IndexModel.MAX_LOG2_CANDIDATES; n++) {
            assertEquals(n, new IndexModel(n).log2Candidates());
            assertEquals(n, new IndexModel(n).copy().log2Candidates());
        }
    }

    /** Codes indices with a model and returns the stream; the model's state advances. */
    private static byte[] code(IndexModel model, long[] indices, int[] contexts) {
        RangeEncoder encoder = new RangeEncoder();
        for (int i = 0; i < indices.length; i++) {
            model.encode(encoder, indices[i], contexts[i]);
        }
        return encoder.finish();
    }

    @Test
    void copyIsIndependentOfTheOriginal() throws CorruptBitstreamException {
        SplittableRandom random = new SplittableRandom(4);
        int n = 12;
        long[][] layers = new long[3][400];
        int[][] contexts = new int[3][400];
        for (int l = 0; l < 3; l++) {
            for (int i = 0; i < 400; i++) {
                layers[l][i] = Math.max(1, Math.min(1L << n, (long) Math.exp(random.nextDouble() * (l + 2) * 2)));
                contexts[l][i] = random.nextInt(3) + 4 * l;
            }
        }
        // Reference: one model through layers 0, 1, 2.
        IndexModel reference = new IndexModel(n);
        byte[][] expected = new byte[3][];
        for (int l = 0; l < 3; l++) {
            expected[l] = code(reference, layers[l], contexts[l]);
        }
        // A model that learned layer 0, then a copy of it codes something else (other indices, the same
        // contexts, and every other context): the original must still code layers 1 and 2 as the reference did.
        IndexModel original = new IndexModel(n);
        assertArrayEquals(expected[0], code(original, layers[0], contexts[0]));
        IndexModel copy = original.copy();
        long[] other = new long[2000];
        int[] otherContexts = new int[other.length];
        for (int i = 0; i < other.length; i++) {
            other[i] = 1 + random.nextLong(1L << n);
            otherContexts[i] = i % IndexModel.CONTEXTS;
        }
        code(copy, other, otherContexts);
        assertArrayEquals(expected[1], code(original, layers[1], contexts[1]), "layer 1 after the copy was used");
        // A copy taken now codes layer 2 like the original, and coding with the original leaves it unchanged.
        IndexModel copy2 = original.copy();
        assertArrayEquals(expected[2], code(original, layers[2], contexts[2]), "layer 2");
        assertArrayEquals(expected[2], code(copy2, layers[2], contexts[2]), "layer 2 by the copy");
        // And decoding: a decoder's model copy reads what the encoder's model wrote.
        IndexModel decoderModel = new IndexModel(n);
        RangeDecoder d0 = new RangeDecoder(expected[0], 0, expected[0].length);
        for (int i = 0; i < 400; i++) {
            assertEquals(layers[0][i], decoderModel.decode(d0, contexts[0][i]));
        }
        IndexModel decoderCopy = decoderModel.copy();
        RangeDecoder d1 = new RangeDecoder(expected[1], 0, expected[1].length);
        for (int i = 0; i < 400; i++) {
            assertEquals(layers[1][i], decoderCopy.decode(d1, contexts[1][i]));
        }
    }
}
