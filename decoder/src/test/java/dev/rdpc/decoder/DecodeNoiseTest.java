package dev.rdpc.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecodeNoiseTest {

    @Test
    void pinnedValues() {
        // the generator is part of the decoded-image contract: these bits must never change
        long[][] cases = {
            {0, 0, 0},
            {0, 0, 1},
            {42, 7, 12345},
            {-1, 1L << 32, 999_999},
            {Long.MIN_VALUE, (2L << 32) + 3, 65_536},
        };
        StringBuilder sb = new StringBuilder("pinned normals:");
        for (int i = 0; i < cases.length; i++) {
            double z = DecodeNoise.normal(cases[i][0], cases[i][1], cases[i][2]);
            sb.append(String.format(" 0x%016XL", Double.doubleToRawLongBits(z)));
        }
        System.out.println(sb);
        for (int i = 0; i < cases.length; i++) {
            double z = DecodeNoise.normal(cases[i][0], cases[i][1], cases[i][2]);
            assertEquals(PINNED[i], Double.doubleToRawLongBits(z), "case " + i + ": " + z);
        }
        // the finalizer is SplitMix64's: the JDK's SplittableRandom(0) emits mix64(k * golden gamma)
        SplittableRandom splitMix = new SplittableRandom(0);
        for (long k = 1; k <= 3; k++) {
            assertEquals(splitMix.nextLong(), DecodeNoise.mix64(k * 0x9E3779B97F4A7C15L), "SplitMix64 output " + k);
        }
    }

    /** Cross-checked against an independent (Python) implementation of the documented algorithm. */
    private static final long[] PINNED = {
        0xBFEF56A5F983EAEDL, 0x3FF670E2696486BBL, 0x3FB252D498362F50L, 0x3FDF31A232445D22L, 0xBFF405B3DC0D3AE0L,
    };

    @Test
    void fillAgreesWithNormalAtForEveryRange() {
        long key = DecodeNoise.key(5, 9);
        int n = 101;
        double[] expected = new double[n];
        for (int e = 0; e < n; e++) {
            expected[e] = DecodeNoise.normalAt(key, e);
        }
        SplittableRandom rnd = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            int from = rnd.nextInt(n + 1);
            int to = from + rnd.nextInt(n + 1 - from);
            double[] out = new double[n];
            DecodeNoise.fill(key, out, from, to);
            for (int e = 0; e < n; e++) {
                double want = e >= from && e < to ? expected[e] : 0.0;
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(out[e]),
                        "range [" + from + ", " + to + ") element " + e);
            }
        }
        assertEquals(DecodeNoise.normalAt(DecodeNoise.key(3, 4), 17), DecodeNoise.normal(3, 4, 17), 0.0);
    }

    @Test
    void standardNormalMomentsAndQuantiles() {
        int n = 1 << 20;
        double[] z = new double[n];
        DecodeNoise.fill(DecodeNoise.key(123, 0), z, 0, n);
        double m1 = 0;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        double max = 0;
        int belowM15 = 0;
        int below05 = 0;
        int below1 = 0;
        int negative = 0;
        for (double v : z) {
            m1 += v;
            m2 += v * v;
            m3 += v * v * v;
            m4 += v * v * v * v;
            max = Math.max(max, Math.abs(v));
            belowM15 += v < -1.5 ? 1 : 0;
            below05 += v < 0.5 ? 1 : 0;
            below1 += v < 1 ? 1 : 0;
            negative += v < 0 ? 1 : 0;
        }
        m1 /= n;
        m2 /= n;
        m3 /= n;
        m4 /= n;
        assertEquals(0, m1, 0.005, "mean");
        assertEquals(1, m2, 0.006, "variance");
        assertEquals(0, m3, 0.02, "third moment");
        assertEquals(3, m4, 0.04, "fourth moment");
        assertTrue(max < 9.5, "max |z| " + max);
        assertEquals(0.0668072, belowM15 / (double) n, 0.0012, "P(z < -1.5)");
        assertEquals(0.5, negative / (double) n, 0.0015, "P(z < 0)");
        assertEquals(0.6914625, below05 / (double) n, 0.0015, "P(z < 0.5)");
        assertEquals(0.8413447, below1 / (double) n, 0.0012, "P(z < 1)");
        // the two halves of a polar pair, neighbouring pairs, other streams and seeds are uncorrelated
        double[] other = new double[n];
        DecodeNoise.fill(DecodeNoise.key(123, 1), other, 0, n);
        double[] otherSeed = new double[n];
        DecodeNoise.fill(DecodeNoise.key(124, 0), otherSeed, 0, n);
        double halves = 0;
        double neighbours = 0;
        double streams = 0;
        double seeds = 0;
        for (int i = 0; i + 2 < n; i += 2) {
            halves += z[i] * z[i + 1];
            neighbours += z[i + 1] * z[i + 2];
        }
        for (int i = 0; i < n; i++) {
            streams += z[i] * other[i];
            seeds += z[i] * otherSeed[i];
        }
        double tol = 5 / Math.sqrt(n / 2.0);
        assertEquals(0, halves / (n / 2.0), tol, "pair halves");
        assertEquals(0, neighbours / (n / 2.0), tol, "neighbouring pairs");
        assertEquals(0, streams / n, tol, "streams");
        assertEquals(0, seeds / n, tol, "seeds");
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> DecodeNoise.normal(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> DecodeNoise.fill(0, new double[4], 3, 2));
        assertThrows(IllegalArgumentException.class, () -> DecodeNoise.fill(0, new double[4], 0, 5));
        assertThrows(IllegalArgumentException.class, () -> DecodeNoise.fill(0, null, 0, 0));
    }
}
