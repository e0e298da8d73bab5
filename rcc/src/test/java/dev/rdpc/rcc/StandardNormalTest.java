package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The normal variates of docs/format.md §6.3: known answers, table construction, random access and quality. */
class StandardNormalTest {
    private static final int CELLS = 1 << 16;

    /** Input bits and the binary32 bit pattern of the variate; the rows of table 6.5. */
    private static final int[][] FROM_BITS = {
        {0x00000000, 0xC0CAD08D},  // tail cell 0, smallest input: -6.337958
        {0x0000FFFF, 0xC0856D20},  // tail cell 0, largest input: -4.169571
        {0x00010000, 0xC0856D1D},  // first interior cell, f = 0: Q[1] = -4.1695695
        {0x00018000, 0xC082DA7D},  // -4.089171
        {0x12345678, 0xBFBBD932},  // -1.4675658
        {0x7FFFFFFF, 0xB0200000},  // -5.820766E-10
        {0x80000000, 0x00000000},  // Q[32768] = +0.0
        {0x80008000, 0x37A06C99},  // 1.9124056E-5
        {0xC0DEFACE, 0x3F2F6B9B},  // 0.6852357
        {0xFFFE0000, 0x408047DD},  // Q[65534] = 4.0087724
        {0xFFFEFFFF, 0x40856D17},  // last interior input: 4.1695666
        {0xFFFF0000, 0x40856D20},  // tail cell 65535, smallest input: 4.169571
        {0xFFFFFFFF, 0x40CAD08D},  // tail cell 65535, largest input: 6.337958
    };

    /** SHA-256 of Q[1..65534] then S[1..65534], each big-endian binary32 (524 272 bytes). */
    static final String TABLE_SHA256 = "81478f218d8e3792f117a56dc4c1967e9414094891f0e9bfa2fdea7a34e621dd";

    @Test
    void fromBitsKnownAnswers() {
        for (int[] row : FROM_BITS) {
            float z = StandardNormal.fromBits(row[0]);
            assertEquals(row[1], Float.floatToRawIntBits(z),
                    String.format("fromBits(0x%08X) = %s (0x%08X)", row[0], z, Float.floatToRawIntBits(z)));
        }
    }

    @Test
    void inverseCdfKnownAnswers() {
        double[] p = {0.5, 0.975, 0.3, 0.02425, 0.02, 1e-10, 1 - 1e-10};
        long[] bits = {
            0x0000000000000000L,  // 0.0
            0x3FFF5C03325B95A6L,  // 1.959963986120195
            0xBFE0C7E395D14936L,  // -0.5244005132792953
            0xBFFF913F9AE19F39L,  // -1.9729610490848712: the breakpoint itself belongs to the central region
            0xC0006E13E872E8E3L,  // -2.0537489090030348
            0xC019720359482785L,  // -6.36134089949508
            0x40197203586DDB29L,  // 6.361340886788448
        };
        for (int i = 0; i < p.length; i++) {
            double x = StandardNormal.inverseCdf(p[i]);
            assertEquals(bits[i], Double.doubleToRawLongBits(x), "inverseCdf(" + p[i] + ") = " + x);
        }
    }

    @Test
    void inverseCdfMatchesTrueQuantiles() {
        assertEquals(0.0, StandardNormal.inverseCdf(0.5));
        assertRelative(1.959963984540054, StandardNormal.inverseCdf(0.975), 1e-8);
        assertRelative(-1.959963984540054, StandardNormal.inverseCdf(0.025), 1e-8);
        assertRelative(-6.361340902404056, StandardNormal.inverseCdf(1e-10), 1e-8);
        // The binary64 value nearest 1 - 1e-10 is 1 - 1.00000008274e-10; this is its exact quantile
        // (6.361340902404056 for the exact 1 - 1e-10, also within 1e-8).
        assertRelative(6.361340889697421, StandardNormal.inverseCdf(1 - 1e-10), 1e-8);
        assertRelative(6.361340902404056, StandardNormal.inverseCdf(1 - 1e-10), 1e-8);
        // Acklam's approximation is good to about 1.2e-9 relative everywhere: check against our CDF.
        for (double p = 0.001; p < 1; p += 0.001) {
            double x = StandardNormal.inverseCdf(p);
            assertEquals(p, cdf(x), 1e-9 * Math.min(p, 1 - p) * 40 + 1e-15, "p = " + p);
        }
    }

    @Test
    void inverseCdfRejectsArgumentsOutsideTheOpenUnitInterval() {
        for (double p : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> StandardNormal.inverseCdf(p));
        }
    }

    /** Q[j] and S[j] for 1 <= j <= 65534, computed from the quantile function as §6.3 prescribes. */
    private static final float[] Q = new float[CELLS];
    private static final float[] S = new float[CELLS];

    static {
        for (int j = 1; j <= CELLS - 2; j++) {
            double lo = StandardNormal.inverseCdf(j / 65536.0);
            double hi = StandardNormal.inverseCdf((j + 1) / 65536.0);
            Q[j] = (float) lo;
            S[j] = (float) ((hi - lo) / 65536.0);
        }
    }

    /** The interior-cell formula of §6.3: a binary32 product, rounded, then a binary32 sum (no FMA). */
    private static float interpolate(int bits) {
        int cell = bits >>> 16;
        float f = bits & 0xFFFF;
        float product = f * S[cell];
        return Q[cell] + product;
    }

    @Test
    void tablesHaveTheKnownDigest() throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(2 * 4 * (CELLS - 2));
        for (int j = 1; j <= CELLS - 2; j++) {
            bytes.putFloat(4 * (j - 1), Q[j]);
            bytes.putFloat(4 * (CELLS - 2 + j - 1), S[j]);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.array());
        assertEquals(TABLE_SHA256, HexFormat.of().formatHex(digest));
        assertEquals(0xC0856D1D, Float.floatToRawIntBits(Q[1]));
        assertEquals(0x3624A7E6, Float.floatToRawIntBits(S[1]));
        assertEquals(0x00000000, Float.floatToRawIntBits(Q[32768]));
        assertEquals(0x30206C99, Float.floatToRawIntBits(S[32768]));
        assertEquals(0x408047DD, Float.floatToRawIntBits(Q[CELLS - 2]));
        assertEquals(0x3624A7E6, Float.floatToRawIntBits(S[CELLS - 2]));
    }

    @Test
    void fromBitsIsInterpolationInsideAndTheQuantileInTheTails() {
        for (int cell = 1; cell <= CELLS - 2; cell++) {
            for (int f : new int[] {0, 1, 0x5555, 0x8000, 0xFFFF}) {
                int bits = (cell << 16) | f;
                assertEquals(Float.floatToRawIntBits(interpolate(bits)), Float.floatToRawIntBits(StandardNormal.fromBits(bits)),
                        String.format("bits 0x%08X", bits));
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            int bits = random.nextInt();
            int cell = bits >>> 16;
            float expected = cell == 0 || cell == CELLS - 1
                    ? (float) StandardNormal.inverseCdf(((bits & 0xFFFFFFFFL) + 0.5) / 4294967296.0)
                    : interpolate(bits);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(StandardNormal.fromBits(bits)),
                    String.format("bits 0x%08X", bits));
        }
        for (int low = 0; low < CELLS; low += 97) {
            for (int cell : new int[] {0, CELLS - 1}) {
                int bits = (cell << 16) | low;
                float expected = (float) StandardNormal.inverseCdf(((bits & 0xFFFFFFFFL) + 0.5) / 4294967296.0);
                assertEquals(expected, StandardNormal.fromBits(bits));
            }
        }
    }

    @Test
    void variatesAreAntisymmetricUpToRounding() {
        // G(1 - p) = -G(p) holds for the formula up to rounding; the variates of complementary words agree closely.
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 100_000; i++) {
            int bits = random.nextInt();
            float a = StandardNormal.fromBits(bits);
            float b = StandardNormal.fromBits(~bits);
            assertEquals(0, a + b, 1e-5 + 1e-6 * Math.abs(a), String.format("bits 0x%08X", bits));
        }
    }

    @Test
    void fillTakesHighHalfThenLowHalfOfWordsOneOnwards() {
        SplittableRandom random = new SplittableRandom(5);
        float[] out = new float[41];
        for (int trial = 0; trial < 200; trial++) {
            long key = CounterRng.candidateKey(CounterRng.chunkKey(random.nextLong(), random.nextInt(5000)), 1 + random.nextInt(1 << 16));
            int count = random.nextInt(out.length + 1);
            Arrays.fill(out, Float.NaN);
            StandardNormal.fill(key, out, count);
            for (int i = 0; i < count; i++) {
                long word = CounterRng.word(key, 1 + i / 2);
                int half = (i % 2 == 0) ? (int) (word >>> 32) : (int) word;
                assertEquals(Float.floatToRawIntBits(StandardNormal.fromBits(half)), Float.floatToRawIntBits(out[i]),
                        "normal " + i + " of " + count);
            }
            for (int i = count; i < out.length; i++) {
                assertTrue(Float.isNaN(out[i]), "fill wrote past count");
            }
        }
    }

    @Test
    void fillKnownAnswers() {
        // Seed 0, chunk 0, candidate 1: the first five normals of table 6.5.
        float[] out = new float[5];
        StandardNormal.fill(0xBE08CCE75CF1194BL, out, 5);
        int[] expected = {0xBEE7FD4F, 0xC00D2469, 0xBE8A207D, 0xBEF49CC6, 0x3EC0350A};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], Float.floatToRawIntBits(out[i]), "normal " + i + " = " + out[i]);
        }
    }

    @Test
    void generatorDrawsLookStandardNormal() {
        int perCandidate = 1024;
        int n = 1 << 20;
        double[] draws = new double[n];
        float[] buffer = new float[perCandidate];
        long chunkKey = CounterRng.chunkKey(20240601L, 3);
        for (int k = 1; k <= n / perCandidate; k++) {
            StandardNormal.fill(CounterRng.candidateKey(chunkKey, k), buffer, perCandidate);
            for (int i = 0; i < perCandidate; i++) {
                draws[(k - 1) * perCandidate + i] = buffer[i];
            }
        }
        double sum = 0;
        double squares = 0;
        int tail = 0;
        for (double z : draws) {
            sum += z;
            squares += z * z;
            if (Math.abs(z) > 3) {
                tail++;
            }
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        Arrays.sort(draws);
        double ks = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf(draws[i]);
            ks = Math.max(ks, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        double tailRate = (double) tail / n;
        System.out.printf("normal quality over 2^20 draws: mean %.5f, variance %.5f, KS %.5f, P(|z|>3) %.6f (exact 0.002700)%n",
                mean, variance, ks, tailRate);
        assertEquals(0, mean, 0.005, "mean");
        assertEquals(1, variance, 0.005, "variance");
        assertTrue(ks < 0.002, "Kolmogorov-Smirnov statistic " + ks);
        assertEquals(0.0026997960632601913, tailRate, 0.1 * 0.0026997960632601913, "tail frequency beyond 3");
    }

    static void assertRelative(double expected, double actual, double tolerance) {
        assertTrue(Math.abs(actual - expected) <= tolerance * Math.abs(expected),
                "expected " + expected + " within " + tolerance + " relative, got " + actual);
    }

    /**
     * Standard normal CDF, written for these tests: erf(t) = 2/sqrt(pi) exp(-t^2) sum_n (2t^2)^n t / (2n+1)!!,
     * a series of positive terms (no cancellation); absolute error about 1e-16.
     */
    static double cdf(double x) {
        double t = Math.abs(x) / Math.sqrt(2);
        double erf;
        if (t > 6) {
            erf = 1;
        } else {
            double term = t;
            double sum = t;
            double twoT2 = 2 * t * t;
            for (int n = 1; n < 500 && term > 1e-17 * sum; n++) {
                term *= twoT2 / (2 * n + 1);
                sum += term;
            }
            erf = Math.min(1, 2 / Math.sqrt(Math.PI) * Math.exp(-t * t) * sum);
        }
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    @Test
    void testCdfIsAccurate() {
        assertEquals(0.5, cdf(0), 1e-16);
        assertEquals(0.975, cdf(1.959963984540054), 1e-14);
        assertEquals(0.0013498980316300946, cdf(-3), 1e-15);
        assertEquals(1e-10, cdf(-6.361340902404056), 5e-16);
    }
}
