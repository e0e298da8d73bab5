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

    // The layer of the decoder test vector: 11 dimensions, tau = 0.5 (tau^2 = 0.25), every value exact in binary32.
    static final float[] MEANS = {0f, 0.5f, -1f, 0.25f, 2f, -0.75f, 1.5f, 0f, -2f, 0.125f, 1f};
    static final float[] VARIANCES = {1f, 0.25f, 4f, 0.5f, 1f, 0.25f, 2f, 0.3125f, 1f, 0.5f, 0.25f};
    static final float[] TARGETS = {1.25f, 0.5f, -3.5f, 0.875f, 3.25f, -0.75f, 0.125f, -0.5f, -0.5f, 0.75f, 1f};
    static final double TAU = 0.5;
    /** Seed 7, layer 0, first chunk 0, 3 chunks, index context 2; log2Candidates 6. */
    static final LayerCoder.Geometry GEOMETRY = new LayerCoder.Geometry(7, 0, 0, 3, 2);
    static final int LOG2_CANDIDATES = 6;

    /** Positions 0..10 of the layer's permutation (seed 7, layer 0, n 11): chunk 0 = positions 0..2, 1 = 3..6, 2 = 7..10. */
    static final long[] PERMUTATION = {10, 0, 6, 2, 7, 9, 1, 4, 5, 3, 8};
    static final long[] INDICES = {2, 18, 6};
    static final String PAYLOAD = "2888";
    /** y[0..10] as binary32 bit patterns. */
    static final int[] OUTPUT = {
        0x3FEA6D4B,  //  1.8314604
        0x3E411D7A,  //  0.188589
        0xC03CBBBB,  // -2.9489582
        0x3FBC0EA1,  //  1.4691964
        0x407DDB3F,  //  3.9665067
        0xBFA0FB0E,  // -1.2576616
        0x3F9382EA,  //  1.1524327
        0xBF2EB2D5,  // -0.68241626
        0xBED79DA4,  // -0.42112458
        0x3F594E7F,  //  0.848854
        0x3F91D114,  //  1.139193
    };

    /**
     * The layer coded by this implementation's encoder (margin 2, tilt 0.3, one thread): KL 11.26 bits
     * (3.14, 3.75 and 4.37 bits in chunks 0, 1, 2), indices 2, 18, 6, a 2-byte payload.
     */
    @Test
    void encoderTestVector() {
        Layers.Layer layer = new Layers.Layer(TARGETS, MEANS, VARIANCES, TAU);
        float[] y = new float[11];
        LayerCoder.Result result = LayerCoder.encode(layer, GEOMETRY, new IndexModel(LOG2_CANDIDATES),
                new LayerCoder.Search(2, LOG2_CANDIDATES, 1, 0.3), y, LayerCoder.Progress.NONE);
        assertEquals(11.25530348915845, result.klBits(), 1e-9);
        assertArrayEquals(INDICES, result.indices());
        assertEquals(PAYLOAD, HexFormat.of().formatHex(result.payload()));
        for (int i = 0; i < 11; i++) {
            assertEquals(OUTPUT[i], Float.floatToRawIntBits(y[i]), "y[" + i + "] = " + y[i]);
        }
    }

    /** The decoder test vector of §7.7: from the pinned payload and the proposal alone. */
    @Test
    void decoderTestVector() throws CorruptBitstreamException {
        LayerPermutation permutation = new LayerPermutation(7, 0, 11);
        for (int p = 0; p < 11; p++) {
            assertEquals(PERMUTATION[p], permutation.at(p), "position " + p);
        }
        assertEquals(3, LayerPermutation.chunkStart(11, 3, 1));
        assertEquals(7, LayerPermutation.chunkStart(11, 3, 2));
        byte[] payload = HexFormat.of().parseHex(PAYLOAD);
        // The indices, read as §7.5 prescribes with a fresh model in context 2.
        RangeDecoder decoder = new RangeDecoder(payload, 0, payload.length);
        IndexModel indexModel = new IndexModel(LOG2_CANDIDATES);
        for (long k : INDICES) {
            assertEquals(k, indexModel.decode(decoder, 2));
        }
        float[] y = new float[11];
        LayerCoder.decode(payload, 0, payload.length, Layers.proposal(MEANS, VARIANCES), GEOMETRY, new IndexModel(LOG2_CANDIDATES), y);
        for (int i = 0; i < 11; i++) {
            assertEquals(OUTPUT[i], Float.floatToRawIntBits(y[i]), "y[" + i + "] = " + y[i]);
        }
        // y_i = binary32(m_i + sqrt(s_i^2) z) with z the normal of the dimension's position in its chunk's candidate.
        LayerCoderTest.checkFormula(new Layers.Layer(new float[11], MEANS, VARIANCES, TAU), GEOMETRY, INDICES, y, "test vector");
    }
}
