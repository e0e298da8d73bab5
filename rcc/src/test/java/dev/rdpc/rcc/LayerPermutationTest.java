package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The permutation that deals a layer's dimensions into chunks (docs/format.md §7.3). */
class LayerPermutationTest {

    /**
     * The definition, written independently: b = the smallest even number of bits, at least 2, with
     * 2^b >= n; layer key = mix64(mix64(seed + 0xA0761D6478BD642F) ^ ((layer + 1) * GOLDEN)); round key
     * r (0..3) = mix64(layerKey + (r + 1) * GOLDEN); a round maps the halves (L, R) of b/2 bits each to
     * (R, L xor (mix64(k_r + R) mod 2^(b/2))); the value is (L << b/2) | R; apply the four rounds again
     * until the value is below n.
     */
    static long reference(long seed, int layer, long n, long position) {
        int b = 2;
        while ((1L << b) < n) {
            b += 2;
        }
        int half = b / 2;
        long mask = (1L << half) - 1;
        long layerKey = CounterRng.mix64(CounterRng.mix64(seed + 0xA0761D6478BD642FL) ^ ((layer + 1L) * 0x9E3779B97F4A7C15L));
        long[] keys = new long[4];
        for (int r = 0; r < 4; r++) {
            keys[r] = CounterRng.mix64(layerKey + (r + 1L) * 0x9E3779B97F4A7C15L);
        }
        long x = position;
        do {
            long left = x >>> half;
            long right = x & mask;
            for (int r = 0; r < 4; r++) {
                long next = left ^ (CounterRng.mix64(keys[r] + right) & mask);
                left = right;
                right = next;
            }
            x = (left << half) | right;
        } while (x >= n);
        return x;
    }

    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 100, 1000, 4096, 4097, 65536, 65537, 999_983};

    @Test
    void isABijectionForManySizes() {
        for (int n : SIZES) {
            for (int layer : new int[] {0, 5}) {
                LayerPermutation permutation = new LayerPermutation(0x1234L * n, layer, n);
                assertEquals(n, permutation.size());
                BitSet seen = new BitSet(n);
                for (int p = 0; p < n; p++) {
                    long i = permutation.at(p);
                    assertTrue(i >= 0 && i < n, "n " + n + ": at(" + p + ") = " + i);
                    assertTrue(!seen.get((int) i), "n " + n + ": " + i + " dealt twice");
                    seen.set((int) i);
                }
                assertEquals(n, seen.cardinality());
            }
        }
    }

    @Test
    void followsTheDefinition() {
        SplittableRandom random = new SplittableRandom(1);
        for (int n : SIZES) {
            long seed = random.nextLong();
            int layer = random.nextInt(100);
            LayerPermutation permutation = new LayerPermutation(seed, layer, n);
            int step = Math.max(1, n / 2000);
            for (int p = 0; p < n; p += step) {
                assertEquals(reference(seed, layer, n, p), permutation.at(p), "n " + n + ", position " + p);
            }
        }
        for (long n : new long[] {Integer.MAX_VALUE, (1L << 30) + 1, 1L << 30, 3}) {
            LayerPermutation permutation = new LayerPermutation(-7, 1, n);
            for (long p : new long[] {0, 1, n / 2, n - 2, n - 1}) {
                if (p >= 0 && p < n) {
                    assertEquals(reference(-7, 1, n, p), permutation.at(p), "n " + n + ", position " + p);
                }
            }
        }
    }

    /** First 16 values of at(position): known answers of docs/format.md §7.3. */
    @Test
    void knownAnswers() {
        long[] seed0 = {553, 151, 935, 560, 191, 231, 136, 893, 40, 597, 298, 183, 527, 920, 763, 18};
        long[] seed5eed = {1019156, 945727, 1005818, 768852, 339679, 364708, 564618, 585586,
            888210, 972168, 906969, 792995, 1012074, 53973, 76363, 451426};
        LayerPermutation a = new LayerPermutation(0, 0, 1000);
        LayerPermutation b = new LayerPermutation(0x5EED, 3, 1179648);
        long[] actualA = new long[16];
        long[] actualB = new long[16];
        for (int p = 0; p < 16; p++) {
            actualA[p] = a.at(p);
            actualB[p] = b.at(p);
            assertEquals(reference(0, 0, 1000, p), actualA[p]);
            assertEquals(reference(0x5EED, 3, 1179648, p), actualB[p]);
        }
        assertArrayEquals(seed0, actualA, "seed 0, layer 0, n 1000");
        assertArrayEquals(seed5eed, actualB, "seed 0x5EED, layer 3, n 1179648");
    }

    @Test
    void fillListsConsecutivePositions() {
        LayerPermutation permutation = new LayerPermutation(9, 2, 5000);
        int[] out = new int[300];
        for (long from : new long[] {0, 17, 4700}) {
            permutation.fill(from, 300, out);
            for (int t = 0; t < 300; t++) {
                assertEquals(permutation.at(from + t), out[t]);
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> permutation.fill(4800, 300, out));
    }

    @Test
    void differentLayersAndSeedsGiveDifferentPermutations() {
        int n = 1000;
        long[][] values = new long[40][n];
        for (int k = 0; k < 40; k++) {
            // layers 0..19 of seed 0, then layer 0 of seeds 1..20
            LayerPermutation permutation = k < 20 ? new LayerPermutation(0, k, n) : new LayerPermutation(k - 19, 0, n);
            for (int p = 0; p < n; p++) {
                values[k][p] = permutation.at(p);
            }
        }
        // Two independent random permutations agree on about one position (Poisson(1)).
        for (int k = 0; k < 40; k++) {
            for (int l = k + 1; l < 40; l++) {
                int agree = 0;
                for (int p = 0; p < n; p++) {
                    if (values[k][p] == values[l][p]) {
                        agree++;
                    }
                }
                assertTrue(agree <= 8, "permutations " + k + " and " + l + " agree on " + agree + " positions");
            }
        }
    }

    @Test
    void looksRandom() {
        // Fixed points: Poisson(1) per permutation; measured 190 over these 200 permutations of 1000.
        long fixed = 0;
        for (int k = 0; k < 200; k++) {
            LayerPermutation permutation = new LayerPermutation(k / 20, k % 20, 1000);
            for (int p = 0; p < 1000; p++) {
                if (permutation.at(p) == p) {
                    fixed++;
                }
            }
        }
        assertTrue(fixed > 140 && fixed < 260, fixed + " fixed points in 200 permutations");
        for (int n : new int[] {1000, 65536, 65537}) {
            LayerPermutation permutation = new LayerPermutation(1, 0, n);
            // Adjacent positions land far apart: E|U - V| = n/3 for independent uniform U, V.
            // Measured 0.3275 n, 0.3335 n, 0.3330 n.
            double distance = 0;
            double sumXY = 0;
            for (int p = 0; p < n; p++) {
                long i = permutation.at(p);
                if (p + 1 < n) {
                    distance += Math.abs(permutation.at(p + 1) - i);
                }
                sumXY += (double) p * i;
            }
            double meanDistance = distance / (n - 1) / n;
            assertEquals(1.0 / 3, meanDistance, 0.02, "n " + n + ": mean distance of neighbours / n");
            // Position and dimension uncorrelated: the correlation is about N(0, 1/n). Measured -0.031, -0.0036, -0.0030.
            double mean = (n - 1) / 2.0;
            double correlation = (sumXY / n - mean * mean) / ((double) n * n / 12);
            assertTrue(Math.abs(correlation) < 4.5 / Math.sqrt(n), "n " + n + ": correlation " + correlation);
        }
        // Tiny sizes reach every permutation (n <= 4) or most of them (n = 5: 104 of 120 in 300 seeds).
        for (int n = 2; n <= 5; n++) {
            Set<String> distinct = new HashSet<>();
            for (int seed = 0; seed < 300; seed++) {
                LayerPermutation permutation = new LayerPermutation(seed, 0, n);
                StringBuilder b = new StringBuilder();
                for (int p = 0; p < n; p++) {
                    b.append(permutation.at(p));
                }
                distinct.add(b.toString());
            }
            int all = n == 2 ? 2 : n == 3 ? 6 : n == 4 ? 24 : 120;
            assertTrue(distinct.size() >= (n <= 4 ? all : 90), "n " + n + ": " + distinct.size() + " of " + all);
        }
    }

    @Test
    void badPositionsAndArgumentsAreRejected() {
        LayerPermutation permutation = new LayerPermutation(3, 1, 100);
        for (long p : new long[] {-1, 100, 101, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThrows(IndexOutOfBoundsException.class, () -> permutation.at(p), "position " + p);
        }
        assertEquals(0, new LayerPermutation(3, 1, 1).at(0));
        assertThrows(IndexOutOfBoundsException.class, () -> new LayerPermutation(3, 1, 1).at(1));
        for (long n : new long[] {0, -1, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> new LayerPermutation(0, 0, n), "size " + n);
        }
        assertThrows(IllegalArgumentException.class, () -> new LayerPermutation(0, -1, 10));
    }

    @Test
    void dealGivesEveryChunkItsShareOfEveryGroup() {
        for (int[] c : new int[][] {{12, 4, 3}, {12, 4, 5}, {1000, 100, 7}, {6144 * 3, 6144, 1000}, {64, 64, 64}, {5, 5, 1},
                {96, 8, 40}}) {
            int n = c[0];
            int group = c[1];
            int chunks = c[2];
            LayerDeal deal = new LayerDeal(11, 2, n, group, chunks);
            boolean[] seen = new boolean[n];
            int total = 0;
            for (int j = 0; j < chunks; j++) {
                int d = deal.chunkSize(j);
                assertTrue(d == n / chunks || d == n / chunks + 1, "chunk sizes differ by at most one");
                int[] dims = new int[d];
                deal.fill(j, dims);
                int[] perGroup = new int[n / group];
                for (int i : dims) {
                    assertFalse(seen[i], "dimension " + i + " dealt twice");
                    seen[i] = true;
                    perGroup[i / group]++;
                }
                for (int g = 0; g < perGroup.length; g++) {
                    // slots j, j + J, ...: a group of G slots gives each chunk floor or ceil of G / J of them
                    assertTrue(Math.abs(perGroup[g] - (double) group / chunks) < 1 + 1e-9, "chunk " + j + ", group " + g);
                }
                total += d;
            }
            assertEquals(n, total);
            assertEquals(deal.chunkSize(0), deal.largestChunk());
        }
        assertThrows(IllegalArgumentException.class, () -> new LayerDeal(1, 0, 10, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> new LayerDeal(1, 0, 10, 5, 11));
        assertThrows(IllegalArgumentException.class, () -> new LayerDeal(1, 0, 10, 5, 0));
    }
}
