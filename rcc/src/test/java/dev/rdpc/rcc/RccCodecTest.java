package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RccEncoder and RccDecoder together (docs/format.md §7.3 to §7.5). */
class RccCodecTest {

    /** A coding problem: targets c, proposal means m and variances s^2 (binary32), and sigma. */
    record Problem(float[] targets, float[] means, float[] variances, double sigma) {
        int size() {
            return targets.length;
        }
    }

    /**
     * Mixed proposals: most coefficients drawn from their prior N(m, v), prior variances spread over
     * many octaves (some zero, so s^2 = sigma^2), and a few targets far out in the tails.
     */
    static Problem problem(long seed, int n, double sigma) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] c = new float[n];
        float[] m = new float[n];
        float[] s2 = new float[n];
        double sigma2 = sigma * sigma;
        for (int i = 0; i < n; i++) {
            double v = random.nextInt(8) == 0 ? 0 : sigma2 * Math.exp(random.nextDouble(-4, 4));
            m[i] = (float) random.nextGaussian(0, 1);
            s2[i] = (float) (v + sigma2);
            double deviation = Math.sqrt(v) * random.nextGaussian();
            if (random.nextInt(50) == 0) {
                deviation += 4 * sigma * (random.nextBoolean() ? 1 : -1);
            }
            c[i] = (float) (m[i] + deviation);
        }
        return new Problem(c, m, s2, sigma);
    }

    /** Like photographs' low frequencies: prior variances 1 to 400 times sigma^2, targets from the prior. */
    static Problem strongProblem(long seed, int n, double sigma) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] c = new float[n];
        float[] m = new float[n];
        float[] s2 = new float[n];
        double sigma2 = sigma * sigma;
        for (int i = 0; i < n; i++) {
            double v = sigma2 * Math.exp(random.nextDouble(0, 6));
            s2[i] = (float) (v + sigma2);
            c[i] = (float) (Math.sqrt(v) * random.nextGaussian());
        }
        return new Problem(c, m, s2, sigma);
    }

    static RccEncoder.Result encode(Problem p, long seed, RccParameters parameters, int margin, int threads) {
        return RccEncoder.encode(p.targets(), p.means(), p.variances(), p.sigma(), seed, parameters, new RccEncoder.Search(margin, threads));
    }

    static void assertBitIdentical(float[] expected, float[] actual, String message) {
        assertEquals(expected.length, actual.length, message);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(message + ": sample " + i + " differs: " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    @Test
    void decoderRegeneratesTheEncodersSamplesExactly() throws CorruptBitstreamException {
        int trial = 0;
        for (RccParameters.Scheme scheme : RccParameters.Scheme.values()) {
            for (double budget : new double[] {3, 8, 12.5}) {
                for (double sigma : new double[] {0.05, 1.0}) {
                    trial++;
                    Problem p = problem(100 + trial, 1500, sigma);
                    long seed = 0x5EEDL * trial - 7;
                    RccParameters parameters = new RccParameters(scheme, budget, (int) Math.ceil(budget) + 3, 1024);
                    RccEncoder.Result result = encode(p, seed, parameters, 2, 4);
                    String where = scheme + ", B " + budget + ", sigma " + sigma;
                    float[] decoded = RccDecoder.decode(result.payload(), p.means(), p.variances(), p.sigma(), seed, parameters);
                    assertBitIdentical(result.samples(), decoded, where);
                    assertEquals(RccDecoder.chunkCount(p.variances(), sigma, parameters), result.chunkCount(), where);
                    // The samples are the proposal's candidates: y = binary32(m + sqrt(s^2) z) for finite z.
                    for (int i = 0; i < p.size(); i++) {
                        assertTrue(Float.isFinite(decoded[i]), where);
                    }
                    // A different seed gives a different channel output from the same payload.
                    float[] other = RccDecoder.decode(result.payload(), p.means(), p.variances(), p.sigma(), seed + 1, parameters);
                    assertTrue(!java.util.Arrays.equals(decoded, other), where);
                }
            }
        }
    }

    @Test
    void resultBookkeepingIsConsistent() {
        Problem p = problem(7, 2000, 0.2);
        RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 8, 16, 1024);
        RccEncoder.Result result = encode(p, 99, parameters, 2, 1);
        double squared = 0;
        for (int i = 0; i < p.size(); i++) {
            double e = result.samples()[i] - p.targets()[i];
            squared += e * e;
        }
        assertEquals(squared, result.squaredNoise(), 1e-12 * squared);
        assertEquals(Math.sqrt(squared / p.size()), result.realisedSigma(), 1e-12);
        assertEquals(Kl.totalBits(p.targets(), p.means(), p.variances(), p.sigma()), result.totalKlBits(), 1e-9);
        assertEquals(8L * result.payload().length, result.payloadBits());
        assertTrue(result.candidatesSearched() >= result.chunkCount());
        // Every chunk's index costs at least its share: the payload cannot be far below the KL.
        assertTrue(result.payloadBits() > 0.8 * result.totalKlBits(), result.payloadBits() + " bits for KL " + result.totalKlBits());
    }

    @Test
    void outputDoesNotDependOnTheThreadCount() {
        for (RccParameters.Scheme scheme : RccParameters.Scheme.values()) {
            Problem p = problem(11, 6000, 0.1);
            RccParameters parameters = new RccParameters(scheme, 8, 14, 1024);
            RccEncoder.Result one = encode(p, 1234, parameters, 2, 1);
            for (int threads : new int[] {2, 4}) {
                RccEncoder.Result many = encode(p, 1234, parameters, 2, threads);
                assertArrayEquals(one.payload(), many.payload(), threads + " threads, " + scheme);
                assertBitIdentical(one.samples(), many.samples(), threads + " threads, " + scheme);
                assertEquals(one.candidatesSearched(), many.candidatesSearched());
                assertEquals(one.squaredNoise(), many.squaredNoise());
            }
        }
    }

    @Test
    void progressReportsEveryChunk() {
        Problem p = problem(12, 800, 0.1);
        RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 8, 12, 1024);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger();
        RccEncoder.Result result = RccEncoder.encode(p.targets(), p.means(), p.variances(), p.sigma(), 5, parameters,
                new RccEncoder.Search(2, 3), (done, total) -> {
                    calls.incrementAndGet();
                    last.accumulateAndGet(done, Math::max);
                });
        assertEquals(result.chunkCount(), calls.get());
        assertEquals(result.chunkCount(), last.get());
    }

    /** The indices in a payload, read the way the decoder reads them. */
    static long[] indices(byte[] payload, Problem p, RccParameters parameters) throws CorruptBitstreamException {
        Chunking chunks = Chunking.of(p.variances(), p.sigma(), parameters.chunkBudgetBits(), parameters.maxChunkDimensions());
        RangeDecoder decoder = new RangeDecoder(payload, 0, payload.length);
        IndexModel model = new IndexModel(parameters.log2Candidates());
        long[] out = new long[chunks.count()];
        for (int j = 0; j < out.length; j++) {
            out[j] = model.decode(decoder, IndexModel.context(RccEncoder.expectedBits(p.variances(), chunks, j, p.sigma() * p.sigma())));
        }
        return out;
    }

    /**
     * Scores every candidate up to the search cap, with the arithmetic of docs/format.md §7.5 (binary32
     * score, binary64 arrival times), and returns the first best one: the search without early exit.
     */
    static long bruteForce(Problem p, long seed, int chunk, int start, int end, RccParameters parameters, int margin, long[] capOut) {
        double sigma2 = p.sigma() * p.sigma();
        int d = end - start;
        float[] a = new float[d];
        float[] b = new float[d];
        double klBits = 0;
        for (int i = 0; i < d; i++) {
            int c = start + i;
            a[i] = (float) (0.5 * (1 - p.variances()[c] / sigma2));
            b[i] = (float) (Math.sqrt(p.variances()[c]) * (p.targets()[c] - p.means()[c]) / sigma2);
            klBits += Kl.bits(p.targets()[c], p.means()[c], p.variances()[c], sigma2);
        }
        int log2Search = (int) Math.min(parameters.log2Candidates(), Math.max(1, Math.ceil(klBits) + margin));
        long cap = 1L << log2Search;
        capOut[0] = cap;
        boolean ordered = parameters.scheme() == RccParameters.Scheme.ORC;
        long chunkKey = CounterRng.chunkKey(seed, chunk);
        float[] z = new float[d];
        double arrival = 0;
        double best = Double.NEGATIVE_INFINITY;
        long bestIndex = 1;
        for (long k = 1; k <= cap; k++) {
            long key = CounterRng.candidateKey(chunkKey, k);
            // The arrival increments of docs/format.md §7.5 (the search's own logarithm, ArrivalLog).
            double e = ArrivalLog.exponential(CounterRng.word(key, 0));
            arrival += ordered ? e / (cap - k + 1) : e;
            StandardNormal.fill(key, z, d);
            float score = 0;
            for (int i = 0; i < d; i++) {
                score += (a[i] * z[i] + b[i]) * z[i];
            }
            double total = score - StrictMath.log(arrival);
            if (total > best) {
                best = total;
                bestIndex = k;
            }
        }
        return bestIndex;
    }

    @Test
    void earlyExitNeverChangesTheChosenIndex() throws CorruptBitstreamException {
        long searched = 0;
        long caps = 0;
        int chunksChecked = 0;
        int exitedEarly = 0;
        for (RccParameters.Scheme scheme : RccParameters.Scheme.values()) {
            for (int trial = 0; trial < 12; trial++) {
                Problem p = problem(500 + trial, 40 + 10 * trial, trial % 3 == 0 ? 0.05 : 0.5);
                long seed = 77L * trial;
                int margin = trial % 4;
                RccParameters parameters = new RccParameters(scheme, 3 + trial % 5, 10, 1 + trial * 3);
                RccEncoder.Result result = encode(p, seed, parameters, margin, 1);
                long[] chosen = indices(result.payload(), p, parameters);
                Chunking chunks = Chunking.of(p.variances(), p.sigma(), parameters.chunkBudgetBits(), parameters.maxChunkDimensions());
                long[] cap = new long[1];
                float[] expectedSamples = new float[p.size()];
                float[] scratch = new float[chunks.maxDimensions()];
                RccEncoder.ChunkSearch search = new RccEncoder.ChunkSearch(chunks.maxDimensions());
                for (int j = 0; j < chunks.count(); j++) {
                    long k = bruteForce(p, seed, j, chunks.start(j), chunks.end(j), parameters, margin, cap);
                    assertEquals(k, chosen[j], scheme + ", trial " + trial + ", chunk " + j);
                    assertEquals(k, search.run(p.targets(), p.means(), p.variances(), p.sigma(), seed, j, chunks.start(j), chunks.end(j),
                            parameters, margin));
                    assertTrue(search.searched <= cap[0]);
                    if (search.searched < cap[0]) {
                        exitedEarly++;
                    }
                    caps += cap[0];
                    chunksChecked++;
                    ProposalSampler.sample(seed, j, k, p.means(), p.variances(), chunks.start(j), chunks.end(j), scratch, expectedSamples);
                }
                assertBitIdentical(expectedSamples, result.samples(), scheme + ", trial " + trial);
                searched += result.candidatesSearched();
            }
        }
        System.out.printf("early exit: %d of %d chunks stopped early, %d of %d candidates scored (%.1f%%)%n",
                exitedEarly, chunksChecked, searched, caps, 100.0 * searched / caps);
        assertTrue(chunksChecked > 100);
        // The comparison means something only if the bound fires often.
        assertTrue(exitedEarly > chunksChecked / 5, "early exit in only " + exitedEarly + " of " + chunksChecked + " chunks");
        assertTrue(searched < caps);
    }

    @Test
    void pruningNeverChangesTheChosenIndexAndSkipsMostFullScores() {
        // Long searches over chunks with strong coefficients, where the screen prunes most candidates.
        long searched = 0;
        long scored = 0;
        int chunksChecked = 0;
        for (int trial = 0; trial < 6; trial++) {
            Problem p = strongProblem(900 + trial, 24 + 40 * trial, 0.2);
            long seed = 1000L + trial;
            RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 10, 13, 64);
            Chunking chunks = Chunking.of(p.variances(), p.sigma(), parameters.chunkBudgetBits(), parameters.maxChunkDimensions());
            RccEncoder.ChunkSearch search = new RccEncoder.ChunkSearch(chunks.maxDimensions());
            long[] cap = new long[1];
            for (int j = 0; j < chunks.count(); j++) {
                long expected = bruteForce(p, seed, j, chunks.start(j), chunks.end(j), parameters, 2, cap);
                long actual = search.run(p.targets(), p.means(), p.variances(), p.sigma(), seed, j, chunks.start(j), chunks.end(j),
                        parameters, 2);
                assertEquals(expected, actual, "trial " + trial + ", chunk " + j);
                searched += search.searched;
                scored += search.scored;
                chunksChecked++;
            }
        }
        System.out.printf("pruning: %d chunks, %d candidates searched, %d scored in full (%.2f%%)%n",
                chunksChecked, searched, scored, 100.0 * scored / searched);
        assertTrue(chunksChecked >= 20, "chunks " + chunksChecked);
        assertTrue(scored * 10 < searched, "the screen pruned too little: " + scored + " of " + searched);
    }

    @Test
    void samplesFollowTheSpecifiedFormula() {
        // y_i = binary32(m_i + sqrt(s_i^2) z_i) in binary64, z from candidate K's stream (docs/format.md §7.3).
        Problem p = problem(21, 300, 0.3);
        long seed = -42;
        RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 6, 12, 1024);
        float[] out = new float[p.size()];
        float[] scratch = new float[1024];
        Chunking chunks = Chunking.of(p.variances(), p.sigma(), 6, 1024);
        for (int j = 0; j < chunks.count(); j++) {
            long k = 1 + j * 37L;
            ProposalSampler.sample(seed, j, k, p.means(), p.variances(), chunks.start(j), chunks.end(j), scratch, out);
            long key = CounterRng.candidateKey(CounterRng.chunkKey(seed, j), k);
            for (int i = chunks.start(j); i < chunks.end(j); i++) {
                int r = i - chunks.start(j);
                long word = CounterRng.word(key, 1 + r / 2);
                float z = StandardNormal.fromBits(r % 2 == 0 ? (int) (word >>> 32) : (int) word);
                float y = (float) ((double) p.means()[i] + Math.sqrt((double) p.variances()[i]) * (double) z);
                assertEquals(Float.floatToRawIntBits(y), Float.floatToRawIntBits(out[i]), "coefficient " + i);
            }
        }
        assertTrue(parameters.candidateCap() == 4096);
    }

    @Test
    void inputValidation() {
        Problem p = problem(31, 50, 0.5);
        RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 8, 12, 1024);
        RccEncoder.Search search = new RccEncoder.Search(2, 1);

        float[] small = p.variances().clone();
        small[5] = (float) (0.5 * 0.25);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RccEncoder.encode(p.targets(), p.means(), small, 0.5, 1, parameters, search));
        assertTrue(e.getMessage().contains("proposal 5") && e.getMessage().contains("variance >= sigma^2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RccDecoder.decode(new byte[5], p.means(), small, 0.5, 1, parameters));
        assertTrue(e.getMessage().contains("proposal 5"), e.getMessage());

        float[] nanMean = p.means().clone();
        nanMean[7] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> RccEncoder.encode(p.targets(), nanMean, p.variances(), 0.5, 1, parameters, search));
        assertTrue(e.getMessage().contains("proposal 7") && e.getMessage().contains("finite mean"), e.getMessage());

        float[] nanVariance = p.variances().clone();
        nanVariance[8] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> RccEncoder.encode(p.targets(), p.means(), nanVariance, 0.5, 1, parameters, search));
        assertTrue(e.getMessage().contains("proposal 8"), e.getMessage());

        float[] infiniteVariance = p.variances().clone();
        infiniteVariance[9] = Float.POSITIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class,
                () -> RccEncoder.encode(p.targets(), p.means(), infiniteVariance, 0.5, 1, parameters, search));
        assertTrue(e.getMessage().contains("proposal 9"), e.getMessage());

        float[] nanTarget = p.targets().clone();
        nanTarget[3] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> RccEncoder.encode(nanTarget, p.means(), p.variances(), 0.5, 1, parameters, search));
        assertTrue(e.getMessage().contains("target 3"), e.getMessage());

        float[] shortMeans = java.util.Arrays.copyOf(p.means(), 49);
        e = assertThrows(IllegalArgumentException.class,
                () -> RccEncoder.encode(p.targets(), shortMeans, p.variances(), 0.5, 1, parameters, search));
        assertTrue(e.getMessage().contains("must both have 50 entries"), e.getMessage());
        float[] shortVariances = java.util.Arrays.copyOf(p.variances(), 49);
        e = assertThrows(IllegalArgumentException.class,
                () -> RccEncoder.encode(p.targets(), p.means(), shortVariances, 0.5, 1, parameters, search));
        assertTrue(e.getMessage().contains("must both have 50 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RccDecoder.decode(new byte[5], p.means(), shortVariances, 0.5, 1, parameters));
        assertTrue(e.getMessage().contains("must both have"), e.getMessage());

        for (double sigma : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> RccEncoder.encode(p.targets(), p.means(), p.variances(), sigma, 1, parameters, search));
            assertTrue(e.getMessage().contains("sigma must be positive"), e.getMessage());
        }

        e = assertThrows(IllegalArgumentException.class, () -> new RccEncoder.Search(17, 1));
        assertTrue(e.getMessage().contains("search margin"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RccEncoder.Search(2, 0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RccParameters(RccParameters.Scheme.PFR, 0, 12, 1024));
        assertThrows(IllegalArgumentException.class, () -> new RccParameters(RccParameters.Scheme.PFR, 64.5, 12, 1024));
        assertThrows(IllegalArgumentException.class, () -> new RccParameters(RccParameters.Scheme.PFR, Double.NaN, 12, 1024));
        // Every budget the RCC record admits (format.md §3.6: up to 64 bits) is a valid decoder parameter.
        assertEquals(64.0, new RccParameters(RccParameters.Scheme.PFR, 64, 12, 1024).chunkBudgetBits());
        assertThrows(IllegalArgumentException.class, () -> new RccParameters(RccParameters.Scheme.PFR, 8, 31, 1024));
        assertThrows(IllegalArgumentException.class, () -> new RccParameters(RccParameters.Scheme.PFR, 8, 12, 0));
        assertThrows(IllegalArgumentException.class, () -> new RccParameters(null, 8, 12, 1024));
        assertThrows(IllegalArgumentException.class, () -> RccParameters.Scheme.ofId(3));
        assertEquals(RccParameters.Scheme.ORC, RccParameters.Scheme.ofId(2));
        assertEquals(12, RccParameters.of(RccParameters.Scheme.PFR, 7.5, 4).log2Candidates());
    }

    @Test
    void largeBudgetsAllowedByTheFormatDecode() throws CorruptBitstreamException {
        Problem p = problem(32, 400, 0.3);
        RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 40, 12, 1024);
        RccEncoder.Result result = encode(p, 3, parameters, 0, 2);
        assertTrue(result.chunkCount() < RccDecoder.chunkCount(p.variances(), 0.3, new RccParameters(RccParameters.Scheme.PFR, 8, 12, 1024)));
        assertBitIdentical(result.samples(), RccDecoder.decode(result.payload(), p.means(), p.variances(), 0.3, 3, parameters), "B = 40");
    }

    @Test
    void emptyInputCodesToFiveBytes() throws CorruptBitstreamException {
        RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 8, 12, 1024);
        RccEncoder.Result result = RccEncoder.encode(new float[0], new float[0], new float[0], 1, 1, parameters, new RccEncoder.Search(2, 1));
        assertEquals(0, result.chunkCount());
        assertArrayEquals(new byte[5], result.payload());
        assertEquals(0, RccDecoder.decode(result.payload(), new float[0], new float[0], 1, 1, parameters).length);
    }
}
