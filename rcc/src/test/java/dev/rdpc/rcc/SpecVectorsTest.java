package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The arithmetic facts and the decoder test vector that docs/format.md §7 states. */
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

    /**
     * §7.6: seven coefficients, sigma 0.5, budget 3.0, log2Candidates 4, seed 7; indices 5, 1, 16 coded
     * as the index model prescribes; the decoder's output pinned bit for bit.
     */
    @Test
    void decoderTestVector() throws CorruptBitstreamException {
        float[] variances = {1, 1, 1, 4, 1, 0.25f, 1};
        float[] means = {0, 0.5f, -1, 0, 0.25f, 0, 2};
        double sigma = 0.5;
        RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 3.0, 4, 1024);
        Chunking chunks = Chunking.of(variances, sigma, 3.0, 1024);
        assertEquals(3, chunks.count());
        assertEquals(3, chunks.start(1));
        assertEquals(5, chunks.start(2));
        assertEquals(3.0, RccEncoder.expectedBits(variances, chunks, 0, 0.25));
        assertEquals(3.0, RccEncoder.expectedBits(variances, chunks, 1, 0.25));
        assertEquals(1.0, RccEncoder.expectedBits(variances, chunks, 2, 0.25));

        RangeEncoder encoder = new RangeEncoder();
        IndexModel model = new IndexModel(4);
        model.encode(encoder, 5, 3);
        model.encode(encoder, 1, 3);
        model.encode(encoder, 16, 1);
        byte[] payload = encoder.finish();
        assertEquals("00487fdc0000", HexFormat.of().formatHex(payload));
        assertArrayEquals(new long[] {5, 1, 16}, RccCodecTest.indices(payload,
                new RccCodecTest.Problem(new float[7], means, variances, sigma), parameters));

        float[] y = RccDecoder.decode(payload, means, variances, sigma, 7, parameters);
        int[] expected = {0x3EABC3A3, 0x3EB8B804, 0xBF3EAF95, 0x3DAF7211, 0x3F9BE260, 0x3EA52072, 0x3F6F89E2};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], Float.floatToRawIntBits(y[i]), "y[" + i + "] = " + y[i]);
        }
    }
}
