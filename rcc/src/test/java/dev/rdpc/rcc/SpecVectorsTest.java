package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The arithmetic facts and the layer decoder test vector that docs/format.md §7 states. */
class SpecVectorsTest {

    /**
     * §7.1: the prior variance 2^(q/4) is StrictMath.pow (fdlibm), which is not correctly rounded:
     * it equals 2^floor(q/4) * M[q mod 4] with the mantissas below, except q = 2 (y = 0.5 is a square root).
     */
    @Test
    void priorVarianceIsFdlibmPowOfTwo() {
        double[] mantissa = {1.0, 0x1.306fe0a31b715p0, 0x1.6a09e667f3bccp0, 0x1.ae89f995ad3aep0};
        for (int q = -128; q <= 127; q++) {
            double expected = q == 2 ? 0x1.6a09e667f3bcdp0 : Math.scalb(mantissa[q & 3], q >> 2);
            assertEquals(expected, StrictMath.pow(2.0, q / 4.0), "q = " + q);
        }
        // The correctly rounded 2^(3/4) is 0x1.ae89f995ad3adp0 (1.68179283050742908606...): one ulp lower.
        assertEquals(Math.ulp(1.5), StrictMath.pow(2.0, 0.75) - 0x1.ae89f995ad3adp0);
    }

    /** §7.2: the expected-KL constants and a few exact values. */
    @Test
    void expectedBitsConstants() {
        assertEquals(0x3FE62E42FEFA39EFL, Double.doubleToRawLongBits(Kl.LN2));
        assertEquals(1.0, Kl.expectedBits(1.0f, 0.25));
        assertEquals(2.0, Kl.expectedBits(4.0f, 0.25));
        assertEquals(0.0, Kl.expectedBits(0.25f, 0.25));
    }

    // The layer of the decoder test vector: 12 dimensions in 3 groups of 4, tau = 0.5 (tau^2 = 0.25), every
    // value exact in binary32.
    static final float[] MEANS = {0f, 0.5f, -1f, 0.25f, 2f, -0.75f, 1.5f, 0f, -2f, 0.125f, 1f, 0.375f};
    static final float[] VARIANCES = {1f, 0.25f, 4f, 0.5f, 1f, 0.25f, 2f, 0.3125f, 1f, 0.5f, 0.25f, 0.75f};
    static final float[] TARGETS = {1.25f, 0.5f, -3.5f, 0.875f, 3.25f, -0.75f, 0.125f, -0.5f, -0.5f, 0.75f, 1f, -0.25f};
    static final double TAU = 0.5;
    /** Seed 7, layer 0, first chunk 0, 3 chunks, index context 2, groups of 4; log2Candidates 6. */
    static final LayerCoder.Geometry GEOMETRY = new LayerCoder.Geometry(7, 0, 0, 3, 2, 4);
    static final int LOG2_CANDIDATES = 6;

    /** The layer's permutation of a group's 4 blocks (seed 7, layer 0, G 4). */
    static final long[] PERMUTATION = {3, 1, 0, 2};
    /** The deal: chunk j takes slots j, j + 3, j + 6, j + 9; slot s holds dimension 4 (s / 4) + pi(s mod 4). */
    static final int[][] CHUNKS = {{3, 2, 4, 9}, {1, 7, 6, 8}, {0, 5, 11, 10}};
    static final long[] INDICES = {27, 33, 8};
    static final String PAYLOAD = "9740f8";
    /** y[0..10] as binary32 bit patterns. */
    static final int[] OUTPUT = {
        0x3FF9B67B,  // 1.9508813619613647
        0x3ECA4760,  // 0.39507579803466797
        0xC06FE1B2,  // -3.74815034866333
        0xBECE3FE3,  // -0.40283116698265076
        0x4063ACDC,  // 3.5574254989624023
        0xBFE472E9,  // -1.7847567796707153
        0xBF432755,  // -0.7623189091682434
        0xBF5229BC,  // -0.8209493160247803
        0xBE13F330,  // -0.14448237419128418
        0x3F72FD78,  // 0.9491801261901855
        0x3FC9853D,  // 1.5743786096572876
        0xBF058BE2,  // -0.5216656923294067
    };

    /**
     * The layer coded by this implementation's encoder (margin 2, tilt 0.3, one thread): KL 11.94 bits,
     * indices 27, 33, 8, a 3-byte payload.
     */
    static String hex(float[] y) {
        StringBuilder b = new StringBuilder();
        for (float v : y) {
            b.append(String.format("0x%08X, ", Float.floatToRawIntBits(v)));
        }
        return b.toString();
    }

    static final double KL_BITS = 11.9425882261209;

    @Test
    void encoderTestVector() {
        Layers.Layer layer = new Layers.Layer(TARGETS, MEANS, VARIANCES, TAU);
        float[] y = new float[12];
        LayerCoder.Result result = LayerCoder.encode(layer, GEOMETRY, new IndexModel(LOG2_CANDIDATES),
                new LayerCoder.Search(2, LOG2_CANDIDATES, 1, 0.3), y, LayerCoder.Progress.NONE);
        System.out.printf("test vector: KL %.15g, indices %s, payload %s, y %s%n", result.klBits(),
                java.util.Arrays.toString(result.indices()), HexFormat.of().formatHex(result.payload()), hex(y));
        assertEquals(KL_BITS, result.klBits(), 1e-9);
        assertArrayEquals(INDICES, result.indices());
        assertEquals(PAYLOAD, HexFormat.of().formatHex(result.payload()));
        for (int i = 0; i < 12; i++) {
            assertEquals(OUTPUT[i], Float.floatToRawIntBits(y[i]), "y[" + i + "] = " + y[i]);
        }
    }

    /** The decoder test vector of §7.7: from the pinned payload and the proposal alone. */
    @Test
    void decoderTestVector() throws CorruptBitstreamException {
        LayerPermutation permutation = new LayerPermutation(7, 0, 4);
        long[] pi = new long[4];
        for (int p = 0; p < 4; p++) {
            pi[p] = permutation.at(p);
        }
        LayerDeal deal = new LayerDeal(7, 0, 12, 4, 3);
        int[][] chunks = new int[3][];
        for (int j = 0; j < 3; j++) {
            chunks[j] = new int[deal.chunkSize(j)];
            deal.fill(j, chunks[j]);
        }
        System.out.println("test vector: pi " + java.util.Arrays.toString(pi) + ", chunks " + java.util.Arrays.deepToString(chunks));
        assertArrayEquals(PERMUTATION, pi);
        assertArrayEquals(CHUNKS, chunks);
        byte[] payload = HexFormat.of().parseHex(PAYLOAD);
        // The indices, read as §7.5 prescribes with a fresh model in context 2.
        RangeDecoder decoder = new RangeDecoder(payload, 0, payload.length);
        IndexModel indexModel = new IndexModel(LOG2_CANDIDATES);
        for (long k : INDICES) {
            assertEquals(k, indexModel.decode(decoder, 2));
        }
        float[] y = new float[12];
        LayerCoder.decode(payload, 0, payload.length, Layers.proposal(MEANS, VARIANCES), GEOMETRY, new IndexModel(LOG2_CANDIDATES), y);
        for (int i = 0; i < 12; i++) {
            assertEquals(OUTPUT[i], Float.floatToRawIntBits(y[i]), "y[" + i + "] = " + y[i]);
        }
        // y_i = binary32(m_i + sqrt(s_i^2) z) with z the normal of the dimension's position in its chunk's candidate.
        LayerCoderTest.checkFormula(new Layers.Layer(new float[12], MEANS, VARIANCES, TAU), GEOMETRY, INDICES, y, "test vector");
    }
}
