package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The encoder's search (docs/format.md §7.5, informative): early exit and pruning never change the
 * chosen index. Every chunk of a layer is searched again here by brute force, scoring every candidate
 * up to the cap with the reference arithmetic, against the tilt-compensated target written out from
 * LayerCoder's documentation.
 */
class ChunkSearchTest {

    /** One chunk gathered as LayerCoder gathers it, with the search's compensated target. */
    record Chunk(float[] targets, float[] means, float[] variances, float[] searchTargets, double[] targetVariances,
                 int d, long chunkKey, int log2Search) {}

    static Chunk gather(Layers.Layer layer, LayerCoder.Geometry geometry, LayerCoder.Search search, int j) {
        int n = layer.dimensions();
        LayerDeal deal = geometry.deal(n);
        int d = deal.chunkSize(j);
        int[] dims = new int[d];
        deal.fill(j, dims);
        float[] c = new float[d];
        float[] m = new float[d];
        float[] s2 = new float[d];
        float[] searchTargets = new float[d];
        double[] targetVariances = new double[d];
        double sigma2 = layer.sigma() * layer.sigma();
        double tilt = search.tilt();
        double kl = 0;
        for (int t = 0; t < d; t++) {
            int i = dims[t];
            c[t] = layer.targets()[i];
            m[t] = layer.means()[i];
            s2[t] = layer.variances()[i];
            kl += Kl.bits(c[t], m[t], s2[t], sigma2);
            // q' with q'^(1 - k) p^k = q: 1/tau'^2 = (1/tau^2 - k/s^2)/(1 - k), mu' = m + (mu - m) tau'^2 / (tau^2 (1 - k)).
            double precision = (1 / sigma2 - tilt / s2[t]) / (1 - tilt);
            targetVariances[t] = 1 / precision;
            searchTargets[t] = (float) (m[t] + (c[t] - (double) m[t]) * targetVariances[t] / (sigma2 * (1 - tilt)));
        }
        int log2Search = (int) Math.min(search.log2Candidates(), Math.max(1, Math.ceil(kl) + search.marginBits()));
        long chunkKey = CounterRng.chunkKey(geometry.seed(), geometry.firstChunk() + j);
        return new Chunk(c, m, s2, searchTargets, targetVariances, d, chunkKey, log2Search);
    }

    /**
     * argmax over k <= 2^log2Search of score_k - log T_k, the first best: score_k the binary32 sum in order
     * of (a_t z_t + b_t) z_t with a_t = binary32((1 - s^2/tau'^2)/2), b_t = binary32(s (mu' - m)/tau'^2),
     * T_k the sum of the Exp(1) increments of words 0 (ArrivalLog), log T_k by StrictMath.
     */
    static long bruteForce(Chunk chunk) {
        int d = chunk.d();
        float[] a = new float[d];
        float[] b = new float[d];
        for (int t = 0; t < d; t++) {
            double s2 = chunk.variances()[t];
            a[t] = (float) (0.5 * (1 - s2 / chunk.targetVariances()[t]));
            b[t] = (float) (Math.sqrt(s2) * (chunk.searchTargets()[t] - chunk.means()[t]) / chunk.targetVariances()[t]);
        }
        float[] z = new float[Math.max(1, d)];
        double arrival = 0;
        double best = Double.NEGATIVE_INFINITY;
        long bestIndex = 1;
        long cap = 1L << chunk.log2Search();
        for (long k = 1; k <= cap; k++) {
            long key = CounterRng.candidateKey(chunk.chunkKey(), k);
            arrival += ArrivalLog.exponential(CounterRng.word(key, 0));
            StandardNormal.fill(key, z, d);
            float score = 0;
            for (int t = 0; t < d; t++) {
                score += (a[t] * z[t] + b[t]) * z[t];
            }
            double total = score - StrictMath.log(arrival);
            if (total > best) {
                best = total;
                bestIndex = k;
            }
        }
        return bestIndex;
    }

    /** Strong coefficients (prior variances 1 to 400 sigma^2) mixed with many weak ones (0.05 to 0.3 bit). */
    static Layers.Layer strongAndWeak(long seed, int n, double sigma) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] c = new float[n];
        float[] m = new float[n];
        float[] s2 = new float[n];
        double sigma2 = sigma * sigma;
        for (int i = 0; i < n; i++) {
            double v = sigma2 * (random.nextInt(10) == 0 ? Math.exp(random.nextDouble(0, 6)) : random.nextDouble(0.07, 0.5));
            m[i] = (float) random.nextGaussian(0, 0.3);
            s2[i] = (float) (v + sigma2);
            c[i] = (float) (m[i] + Math.sqrt(v) * random.nextGaussian());
        }
        return new Layers.Layer(c, m, s2, sigma);
    }

    @Test
    void earlyExitAndPruningNeverChangeTheChosenIndex() {
        Layers.Layer[] layers = {
            Layers.mixed(500, 600, 0.3),
            Layers.channel(501, 4200, 0.5, 0.2),
            strongAndWeak(502, 3000, 0.2),
            Layers.channel(503, 2000, 1.0, 0.02),
            Layers.mixed(504, 800, 0.5),
        };
        // The last layer has one dimension per chunk, where the bound often stops the search early.
        double[] bitsPerChunk = {6, 8.5, 9, 8.5, 1e-9};
        long searched = 0;
        long scored = 0;
        long caps = 0;
        int chunks = 0;
        int exitedEarly = 0;
        int pruned = 0;
        for (int l = 0; l < layers.length; l++) {
            Layers.Layer layer = layers[l];
            int n = layer.dimensions();
            int chunkCount = Layers.chunkCount(LayerCoder.klBits(layer), bitsPerChunk[l], n);
            for (double tilt : new double[] {0, 0.3}) {
                LayerCoder.Geometry geometry = new LayerCoder.Geometry(77L * l, l, 3L * l, chunkCount, 8);
                LayerCoder.Search search = new LayerCoder.Search(l % 3 + 1, 14, 2, tilt);
                LayerCoder.Result result = LayerCoder.encode(layer, geometry, new IndexModel(14), search, new float[n],
                        LayerCoder.Progress.NONE);
                ChunkSearch chunkSearch = new ChunkSearch((n + chunkCount - 1) / chunkCount);
                long layerSearched = 0;
                for (int j = 0; j < chunkCount; j++) {
                    Chunk chunk = gather(layer, geometry, search, j);
                    long expected = bruteForce(chunk);
                    String where = "layer " + l + ", tilt " + tilt + ", chunk " + j;
                    assertEquals(expected, result.indices()[j], where);
                    long actual = chunkSearch.run(chunk.searchTargets(), chunk.means(), chunk.variances(), chunk.targetVariances(),
                            chunk.d(), chunk.chunkKey(), chunk.log2Search(), true);
                    assertEquals(expected, actual, where + " (ChunkSearch)");
                    long cap = 1L << chunk.log2Search();
                    assertTrue(chunkSearch.searched <= cap && chunkSearch.scored <= chunkSearch.searched);
                    // Without pruning: the same index too.
                    assertEquals(expected, chunkSearch.run(chunk.searchTargets(), chunk.means(), chunk.variances(),
                            chunk.targetVariances(), chunk.d(), chunk.chunkKey(), chunk.log2Search(), false), where + " (no pruning)");
                    chunkSearch.run(chunk.searchTargets(), chunk.means(), chunk.variances(), chunk.targetVariances(),
                            chunk.d(), chunk.chunkKey(), chunk.log2Search(), true);
                    exitedEarly += chunkSearch.searched < cap ? 1 : 0;
                    pruned += chunkSearch.scored < chunkSearch.searched ? 1 : 0;
                    searched += chunkSearch.searched;
                    scored += chunkSearch.scored;
                    layerSearched += chunkSearch.searched;
                    caps += cap;
                    chunks++;
                }
                assertEquals(layerSearched, result.candidatesSearched(), "layer " + l + ", tilt " + tilt);
            }
        }
        System.out.printf("search: %d chunks, %d stopped early, %d pruned; %d of %d candidates searched, %d scored in full%n",
                chunks, exitedEarly, pruned, searched, caps, scored);
        // The comparison means something only if early exit and pruning fire.
        assertTrue(chunks > 2000, "chunks " + chunks);
        // Measured: 1328 of 2198 chunks stop early (nearly all of them the one-dimensional ones, which have
        // too few words to prune), 594 are pruned; 281 331 of 3 081 864 candidates are scored in full.
        assertTrue(exitedEarly > chunks / 4, "early exit in " + exitedEarly + " of " + chunks);
        assertTrue(pruned > chunks / 5, "pruning in " + pruned + " of " + chunks);
        assertTrue(scored * 3 < searched, "the screen pruned too little: " + scored + " of " + searched);
    }
}
