package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Chunk boundaries of docs/format.md §7.2. */
class ChunkingTest {

    /** Proposal variances with very unequal information: some carry nothing (s^2 = sigma^2), some many bits. */
    static float[] mixedVariances(SplittableRandom random, int n, double sigma) {
        float[] s2 = new float[n];
        double sigma2 = sigma * sigma;
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            double v = kind == 0 ? 0 : kind < 3 ? sigma2 * Math.exp(random.nextDouble(8, 30)) : sigma2 * Math.exp(random.nextDouble(-6, 3));
            s2[i] = (float) (v + sigma2);
        }
        return s2;
    }

    /** The boundaries as docs/format.md §7.2 defines them, written independently of {@link Chunking}. */
    static List<Integer> specStarts(float[] s2, double sigma, double budget, int maxDimensions) {
        List<Integer> starts = new ArrayList<>();
        double sigma2 = sigma * sigma;
        double sum = 0;
        int dims = 0;
        for (int i = 0; i < s2.length; i++) {
            if (dims == 0) {
                starts.add(i);
            }
            sum += 0.5 * StrictMath.log(s2[i] / sigma2) / 0.6931471805599453;
            dims++;
            if (sum >= budget || dims == maxDimensions) {
                sum = 0;
                dims = 0;
            }
        }
        return starts;
    }

    @Test
    void boundariesTileTheCoefficientsAndFollowTheRule() {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 100; trial++) {
            int n = random.nextInt(5000);
            double sigma = Math.exp(random.nextDouble(-5, 1));
            double budget = (float) random.nextDouble(0.5, 24);
            int maxDimensions = 1 + random.nextInt(trial % 2 == 0 ? 1024 : 40);
            float[] s2 = mixedVariances(random, n, sigma);
            Chunking chunks = Chunking.of(s2, sigma, budget, maxDimensions);
            double sigma2 = sigma * sigma;
            int expectedEnd = 0;
            int largest = 0;
            for (int j = 0; j < chunks.count(); j++) {
                assertEquals(expectedEnd, chunks.start(j), "gap or overlap before chunk " + j);
                int d = chunks.dimensions(j);
                assertTrue(d >= 1 && d <= maxDimensions, "chunk " + j + " has " + d + " coefficients");
                assertEquals(chunks.end(j) - chunks.start(j), d);
                double sum = 0;
                double beforeLast = 0;
                for (int i = chunks.start(j); i < chunks.end(j); i++) {
                    beforeLast = sum;
                    sum += Kl.expectedBits(s2[i], sigma2);
                }
                assertEquals(sum, RccEncoder.expectedBits(s2, chunks, j, sigma2), "chunk KL as the index context sees it");
                if (j < chunks.count() - 1) {
                    assertTrue(sum >= budget || d == maxDimensions, "chunk " + j + " closed early: " + sum + " bits, " + d + " coefficients");
                }
                assertTrue(beforeLast < budget, "chunk " + j + " should have closed one coefficient earlier");
                expectedEnd = chunks.end(j);
                largest = Math.max(largest, d);
            }
            assertEquals(n, expectedEnd, "chunks must end at n");
            assertEquals(largest, chunks.maxDimensions());
            List<Integer> starts = specStarts(s2, sigma, budget, maxDimensions);
            assertEquals(starts.size(), chunks.count());
            for (int j = 0; j < starts.size(); j++) {
                assertEquals(starts.get(j), chunks.start(j));
            }
        }
    }

    @Test
    void identicalInputsGiveIdenticalChunks() {
        SplittableRandom random = new SplittableRandom(2);
        float[] s2 = mixedVariances(random, 20_000, 0.1);
        Chunking a = Chunking.of(s2, 0.1, 8, 1024);
        Chunking b = Chunking.of(s2.clone(), 0.1, 8, 1024);
        assertEquals(a.count(), b.count());
        for (int j = 0; j <= a.count(); j++) {
            assertEquals(j < a.count() ? a.start(j) : a.end(j - 1), j < b.count() ? b.start(j) : b.end(j - 1));
        }
        assertEquals(a.count(), RccDecoder.chunkCount(s2, 0.1, new RccParameters(RccParameters.Scheme.PFR, 8, 16, 1024)));
    }

    @Test
    void edgeCases() {
        assertEquals(0, Chunking.of(new float[0], 1, 8, 1024).count());
        assertEquals(0, Chunking.of(new float[0], 1, 8, 1024).maxDimensions());
        // Coefficients that carry no information: chunks are cut by the dimension limit alone.
        float[] none = new float[2500];
        java.util.Arrays.fill(none, 1f);
        Chunking chunks = Chunking.of(none, 1, 8, 1024);
        assertEquals(3, chunks.count());
        assertEquals(1024, chunks.dimensions(0));
        assertEquals(1024, chunks.dimensions(1));
        assertEquals(452, chunks.dimensions(2));
        // Exactly one bit each (s^2 = 4 sigma^2): a budget of 8 closes after exactly 8 coefficients.
        float[] oneBit = new float[20];
        java.util.Arrays.fill(oneBit, 4f);
        chunks = Chunking.of(oneBit, 1, 8, 1024);
        assertEquals(3, chunks.count());
        assertEquals(8, chunks.dimensions(0));
        assertEquals(8, chunks.dimensions(1));
        assertEquals(4, chunks.dimensions(2));
        // A sum that lands exactly on the budget closes the chunk, leaving no empty chunk at the end.
        chunks = Chunking.of(new float[] {4f, 4f, 4f, 4f}, 1, 2, 1024);
        assertEquals(2, chunks.count());
        // A coefficient far above the budget closes its chunk at once.
        chunks = Chunking.of(new float[] {4f, 1e30f, 4f}, 1, 8, 1024);
        assertEquals(2, chunks.count());
        assertEquals(2, chunks.dimensions(0));
        assertEquals(1, chunks.dimensions(1));
    }
}
