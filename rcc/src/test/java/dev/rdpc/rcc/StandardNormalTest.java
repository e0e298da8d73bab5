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

/**
 * The normal variates of generator RDPC-SM64-v2 (docs/format.md §6.3): the quantile function, the
 * 65536-entry table, four variates per word, known answers and quality.
 */
class StandardNormalTest {
    private static final int CELLS = 1 << 16;

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

    /**
     * The table of generator RDPC-SM64-v2, computed here literally from its definition:
     * TABLE[x] = binary32(inverseCdf((2x + 1) / 131072)), the quantile at the centre of the x-th of
     * 65536 equiprobable cells.
     */
    private static final float[] REFERENCE = new float[CELLS];

    static {
        for (int x = 0; x < CELLS; x++) {
            REFERENCE[x] = (float) StandardNormal.inverseCdf((2 * x + 1) / 131072.0);
        }
    }

    /** SHA-256 of TABLE[0..65535], each value as a big-endian binary32, in order (262 144 bytes). */
    static final String TABLE_SHA256 = "5dda30b67dfa10678de0874a6d12cea434c6181fc3046c3ca335a87c14dea49f";

    /** x and the binary32 bit pattern of TABLE[x]. */
    private static final int[][] TABLE_KNOWN_ANSWERS = {
        {0x0000, 0xC08A65BD},  // -4.324919, the smallest variate
        {0x0001, 0xC0827049},  // -4.0762067
        {0x7FFF, 0xB7A06C99},  // -1.9124056E-5
        {0x8000, 0x37A06C99},  // +1.9124056E-5: no cell is centred on 0
        {0xFFFE, 0x40827049},  // 4.0762067
        {0xFFFF, 0x408A65BD},  // 4.324919, the largest variate
    };

    @Test
    void tableIsTheQuantileAtEachCellCentre() {
        for (int x = 0; x < CELLS; x++) {
            float z = StandardNormal.fromBits(x);
            assertEquals(Float.floatToRawIntBits(REFERENCE[x]), Float.floatToRawIntBits(z),
                    String.format("TABLE[0x%04X] = %s, expected %s", x, z, REFERENCE[x]));
        }
    }

    @Test
    void tableKnownAnswers() throws Exception {
        for (int[] row : TABLE_KNOWN_ANSWERS) {
            float z = StandardNormal.fromBits(row[0]);
            assertEquals(row[1], Float.floatToRawIntBits(z),
                    String.format("TABLE[0x%04X] = %s (0x%08X)", row[0], z, Float.floatToRawIntBits(z)));
            assertEquals(row[1], Float.floatToRawIntBits(REFERENCE[row[0]]));
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * CELLS); // big-endian by default
        for (int x = 0; x < CELLS; x++) {
            bytes.putFloat(StandardNormal.fromBits(x));
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.array());
        assertEquals(TABLE_SHA256, HexFormat.of().formatHex(digest));
    }

    @Test
    void fromBitsIgnoresTheBitsAboveSixteen() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            int bits = random.nextInt();
            assertEquals(Float.floatToRawIntBits(REFERENCE[bits & 0xFFFF]), Float.floatToRawIntBits(StandardNormal.fromBits(bits)),
                    String.format("bits 0x%08X", bits));
        }
        assertEquals(StandardNormal.fromBits(0xFFFF), StandardNormal.fromBits(-1));
        assertEquals(StandardNormal.fromBits(0), StandardNormal.fromBits(0x10000));
    }

    @Test
    void tableIsExactlyAntisymmetric() {
        // p and 1 - p of complementary cells are exact in binary64 and Acklam's formula is odd in p - 1/2.
        for (int x = 0; x < CELLS; x++) {
            assertEquals(Float.floatToRawIntBits(-StandardNormal.fromBits(x)), Float.floatToRawIntBits(StandardNormal.fromBits(CELLS - 1 - x)),
                    "x = " + x);
        }
        // Strictly increasing, no zero.
        for (int x = 1; x < CELLS; x++) {
            assertTrue(StandardNormal.fromBits(x) > StandardNormal.fromBits(x - 1), "x = " + x);
        }
    }

    @Test
    void atomsHaveTheNormalsMoments() {
        double sum = 0;
        double squares = 0;
        double fourth = 0;
        for (int x = 0; x < CELLS; x++) {
            double z = StandardNormal.fromBits(x);
            sum += z;
            squares += z * z;
            fourth += z * z * z * z;
        }
        double mean = sum / CELLS;
        double variance = squares / CELLS - mean * mean;
        double kurtosis = fourth / CELLS / (variance * variance);
        System.out.printf("table moments: mean %.3e, variance - 1 %.4e, kurtosis - 3 %.4e%n", mean, variance - 1, kurtosis - 3);
        // Measured: mean 0.0 exactly (the sum cancels pair by pair), variance 0.99997972 (1 - 2.03e-5: the
        // centre of a cell understates the spread inside it), kurtosis 2.99925 (3 - 7.5e-4).
        assertEquals(0, mean, 1e-12, "mean");
        assertEquals(1 - 2.03e-5, variance, 0.5e-6, "variance");
        assertEquals(3 - 7.5e-4, kurtosis, 0.1e-4, "kurtosis");
        assertTrue(Math.abs(variance - 1) < 2.5e-5 && Math.abs(kurtosis - 3) < 1e-3);
    }

    /** Normal t of a candidate by the definition: quarter t mod 4, most significant first, of word 1 + t / 4. */
    private static float referenceNormal(long candidateKey, int t) {
        long word = CounterRng.word(candidateKey, 1 + t / 4);
        int shift = 48 - 16 * (t % 4);
        return REFERENCE[(int) ((word >>> shift) & 0xFFFF)];
    }

    @Test
    void fillTakesTheFourQuartersOfWordsOneOnwardsMostSignificantFirst() {
        SplittableRandom random = new SplittableRandom(5);
        float[] out = new float[43];
        for (int trial = 0; trial < 400; trial++) {
            long key = CounterRng.candidateKey(CounterRng.chunkKey(random.nextLong(), random.nextInt(5000)), 1 + random.nextInt(1 << 16));
            int count = trial < 44 ? trial : random.nextInt(out.length + 1);
            Arrays.fill(out, Float.NaN);
            StandardNormal.fill(key, out, count);
            for (int t = 0; t < count; t++) {
                assertEquals(Float.floatToRawIntBits(referenceNormal(key, t)), Float.floatToRawIntBits(out[t]),
                        "normal " + t + " of " + count);
                assertEquals(Float.floatToRawIntBits(referenceNormal(key, t)),
                        Float.floatToRawIntBits(StandardNormal.quarter(CounterRng.word(key, 1 + t / 4), t % 4)));
            }
            for (int t = count; t < out.length; t++) {
                assertTrue(Float.isNaN(out[t]), "fill wrote past count");
            }
        }
    }

    @Test
    void fillKnownAnswers() {
        // Seed 0, chunk 0, candidate 1 (key 0xBE08CCE75CF1194B): words 1 and 2 are 0x5342B7790382D145
        // and 0x64C73C7151005013, so the normals are TABLE[0x5342], TABLE[0xB779], TABLE[0x0382], ...
        long key = CounterRng.candidateKey(CounterRng.chunkKey(0, 0), 1);
        assertEquals(0xBE08CCE75CF1194BL, key);
        float[] out = new float[8];
        StandardNormal.fill(key, out, 8);
        int[] expected = {
            0xBEE7FE83,  // -0.45311365
            0x3F12B402,  //  0.5730592
            0xC00D26AD,  // -2.2054856
            0x3F67DF70,  //  0.90575314
            0xBE8A1F1D,  // -0.26976863
            0xBF3808A3,  // -0.7188818
            0xBEF49BB8,  // -0.47775054
            0xBEF9D2C3,  // -0.4879361
        };
        int[] cells = {0x5342, 0xB779, 0x0382, 0xD145, 0x64C7, 0x3C71, 0x5100, 0x5013};
        for (int t = 0; t < 8; t++) {
            assertEquals(expected[t], Float.floatToRawIntBits(out[t]), "normal " + t + " = " + out[t]);
            assertEquals(expected[t], Float.floatToRawIntBits(REFERENCE[cells[t]]), "normal " + t);
        }
    }

    @Test
    void quadraticScoreIsTheBinary32SumInOrderOverFillsNormals() {
        SplittableRandom random = new SplittableRandom(6);
        float[] z = new float[13];
        float[] a = new float[13];
        float[] b = new float[13];
        for (int trial = 0; trial < 2000; trial++) {
            long key = CounterRng.candidateKey(CounterRng.chunkKey(random.nextLong(), random.nextInt(100)), 1 + random.nextInt(1000));
            for (int t = 0; t < a.length; t++) {
                a[t] = (float) -Math.exp(random.nextDouble(-12, 6));
                b[t] = (float) (random.nextGaussian() * Math.exp(random.nextDouble(-6, 6)));
            }
            for (int count = 1; count <= 13; count++) {
                StandardNormal.fill(key, z, count);
                float expected = 0;
                for (int t = 0; t < count; t++) {
                    float term = a[t] * z[t];
                    term = term + b[t];
                    term = term * z[t];
                    expected = expected + term;
                }
                float actual = StandardNormal.quadraticScore(key, a, b, count);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                        "trial " + trial + ", count " + count + ": " + expected + " vs " + actual);
            }
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
