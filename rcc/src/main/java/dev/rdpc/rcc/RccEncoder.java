package dev.rdpc.rcc;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Reverse channel coding of y ~ N(c, sigma^2 I) against the proposal N(m, diag(s^2)), chunk by
 * chunk (DESIGN.md §3, docs/format.md §7). The chosen indices do not depend on the thread count.
 */
public final class RccEncoder {
    private RccEncoder() {}

    /**
     * What the encoder produced.
     *
     * @param payload            the range-coded indices
     * @param chunkCount         chunks the coefficients were split into
     * @param samples            the channel output y the decoder will regenerate
     * @param totalKlBits        sum over coefficients of KL(q || p), in bits
     * @param squaredNoise       sum over coefficients of (y - c)^2
     * @param candidatesSearched candidates the search went through over all chunks
     * @param candidateDimensions sum over chunks of candidates searched times the chunk's dimensions,
     *                            the unit of the search's work
     * @param candidatesScored   candidates whose full score was computed; the screen (docs/format.md
     *                           §7.5) dropped the others after a few coefficient pairs
     * @param indices            the chosen candidate index of every chunk, in chunk order (what the
     *                           payload codes; for studies of the index code)
     */
    public record Result(byte[] payload, int chunkCount, float[] samples, double totalKlBits,
                         double squaredNoise, long candidatesSearched, long candidateDimensions, long candidatesScored,
                         long[] indices) {
        /** Realised noise standard deviation, sqrt(mean (y - c)^2). */
        public double realisedSigma() {
            return Math.sqrt(squaredNoise / samples.length);
        }

        public long payloadBits() {
            return 8L * payload.length;
        }
    }

    /** Progress of the search, in chunks; called from worker threads. */
    public interface Progress {
        void chunksDone(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    /**
     * Encoder-only settings: they change which candidates are found, never what the decoder does.
     *
     * @param searchMarginBits each chunk searches up to 2^(ceil(KL) + margin) candidates (capped by
     *                         the parameters' candidate cap); more margin, less channel bias, more bits
     * @param threads          worker threads; the output does not depend on it
     */
    public record Search(int searchMarginBits, int threads) {
        public Search {
            if (searchMarginBits < 0 || searchMarginBits > 16) {
                throw new IllegalArgumentException("search margin must lie in [0, 16] bits: " + searchMarginBits);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1: " + threads);
            }
        }
    }

    public static Result encode(float[] targets, float[] means, float[] variances, double sigma, long seed,
                                RccParameters parameters, Search search) {
        return encode(targets, means, variances, sigma, seed, parameters, search, Progress.NONE);
    }

    public static Result encode(float[] targets, float[] means, float[] variances, double sigma, long seed,
                                RccParameters parameters, Search options, Progress progress) {
        int threads = options.threads();
        int n = targets.length;
        ProposalSampler.checkInputs(means, variances, sigma, n);
        for (int i = 0; i < n; i++) {
            // A NaN or infinite target would silently yield candidate 1 and a NaN realised sigma.
            if (!Float.isFinite(targets[i])) {
                throw new IllegalArgumentException("target " + i + " must be finite: " + targets[i]);
            }
        }
        Chunking chunks = Chunking.of(variances, sigma, parameters.chunkBudgetBits(), parameters.maxChunkDimensions());
        int chunkCount = chunks.count();
        long[] indices = new long[chunkCount];
        long[] searched = new long[chunkCount];
        long[] scored = new long[chunkCount];
        float[] samples = new float[n];
        int scratchSize = chunks.maxDimensions();
        ThreadLocal<ChunkSearch> searches = ThreadLocal.withInitial(() -> new ChunkSearch(scratchSize));
        AtomicInteger done = new AtomicInteger();
        IntConsumer work = j -> {
            ChunkSearch search = searches.get();
            indices[j] = search.run(targets, means, variances, sigma, seed, j, chunks.start(j), chunks.end(j), parameters, options.searchMarginBits());
            searched[j] = search.searched;
            scored[j] = search.scored;
            ProposalSampler.sample(seed, j, indices[j], means, variances, chunks.start(j), chunks.end(j), search.normals, samples);
            progress.chunksDone(done.incrementAndGet(), chunkCount);
        };
        if (threads == 1) {
            for (int j = 0; j < chunkCount; j++) {
                work.accept(j);
            }
        } else {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(() -> IntStream.range(0, chunkCount).parallel().forEach(work)).join();
            } finally {
                pool.shutdown();
            }
        }

        RangeEncoder coder = new RangeEncoder();
        IndexModel model = new IndexModel(parameters.log2Candidates());
        double sigma2 = sigma * sigma;
        for (int j = 0; j < chunkCount; j++) {
            model.encode(coder, indices[j], IndexModel.context(expectedBits(variances, chunks, j, sigma2)));
        }
        double kl = Kl.totalBits(targets, means, variances, sigma);
        double squared = 0;
        for (int i = 0; i < n; i++) {
            double e = samples[i] - targets[i];
            squared += e * e;
        }
        long total = 0;
        long workDone = 0;
        long fullScores = 0;
        for (int j = 0; j < chunkCount; j++) {
            total += searched[j];
            fullScores += scored[j];
            workDone += searched[j] * chunks.dimensions(j);
        }
        return new Result(coder.finish(), chunkCount, samples, kl, squared, total, workDone, fullScores, indices);
    }

    /** The expected information E_j of chunk j (docs/format.md §7.2), which selects its index-model context. */
    public static double expectedBits(float[] variances, Chunking chunks, int chunk, double sigma2) {
        double sum = 0;
        for (int i = chunks.start(chunk); i < chunks.end(chunk); i++) {
            sum += Kl.expectedBits(variances[i], sigma2);
        }
        return sum;
    }

    /** Per-thread scratch and the search of one chunk. */
    static final class ChunkSearch {
        final float[] normals;
        private final float[] quadratic;
        private final float[] linear;
        private final long[] sortKeys;
        /** Per position q of the pruning order: the word index and a, b of the pair's two coefficients. */
        private final long[] pairWord;
        private final double[] pairTerms;
        private final double[] remainingBound;
        private double totalBound;
        long searched;
        /** Candidates whose full score was computed (the others were screened out); for tests and benchmarks. */
        long scored;

        ChunkSearch(int maxDimensions) {
            normals = new float[maxDimensions];
            quadratic = new float[maxDimensions];
            linear = new float[maxDimensions];
            int pairs = (maxDimensions + 1) / 2;
            sortKeys = new long[pairs];
            pairWord = new long[pairs];
            pairTerms = new double[4 * pairs];
            remainingBound = new double[pairs];
        }

        /**
         * Returns K = argmax_k log q(y_k)/p(y_k) - log T_k over k <= N. With y = m + s z, the
         * log ratio is, up to a constant, sum_i a_i z_i^2 + b_i z_i with a_i = (1 - s_i^2/sigma^2)/2
         * and b_i = s_i (c_i - m_i)/sigma^2. Since every a_i < 0 the ratio is bounded by
         * sum -b_i^2/(4 a_i); once that bound minus log T_k falls below the best score no later
         * candidate can win (T_k grows), so the search stops early without changing K.
         *
         * <p>Pruning: a candidate is scored first on the coefficient pairs where a random candidate
         * loses most against the bound, in binary64; as soon as that partial sum plus the bound of
         * the pairs not yet seen, widened by the binary32 rounding error the reference sum could
         * have, cannot pass the test a full score would face, the candidate is dropped. With the
         * worst-case bound, dropped candidates are exactly those the full score would have
         * rejected; the tail bound of long searches adds a 2^-60 chance per candidate of dropping
         * one that would have passed (see tightenWithTailBound). The survivors get the reference
         * binary32 score.
         */
        long run(float[] targets, float[] means, float[] variances, double sigma, long seed, int chunk,
                 int start, int end, RccParameters parameters, int marginBits) {
            int d = end - start;
            double sigma2 = sigma * sigma;
            double bound = 0;
            boolean bounded = true;
            for (int i = 0; i < d; i++) {
                int c = start + i;
                double s2 = variances[c];
                double a = 0.5 * (1 - s2 / sigma2);
                double b = Math.sqrt(s2) * (targets[c] - means[c]) / sigma2;
                quadratic[i] = (float) a;
                linear[i] = (float) b;
                if (a < -1e-12) {
                    bound += -b * b / (4 * a);
                } else {
                    bounded = false;
                }
            }
            boolean pruning = bounded && preparePruning(d);
            int pairs = (d + 1) / 2;
            // Rounding error of the reference binary32 sum, as a fraction of sum |a z^2| + |b z|:
            // (d + 3) units of 2^-24, taken 4 times over.
            double gamma = (d + 8) * 0x1.0p-22;
            double chunkKlBits = 0;
            double sigma2d = sigma * sigma;
            for (int c = start; c < end; c++) {
                chunkKlBits += Kl.bits(targets[c], means[c], variances[c], sigma2d);
            }
            // The decoder needs no candidate count, so each chunk searches 2^(KL + margin)
            // candidates for its own KL: chunks whose KL exceeds the budget are not starved.
            int log2Search = (int) Math.min(parameters.log2Candidates(), Math.max(1, Math.ceil(chunkKlBits) + marginBits));
            long cap = 1L << log2Search;
            if (pruning && cap >= TAIL_BOUND_MIN_CANDIDATES && pairs >= TAIL_BOUND_MIN_PAIRS) {
                tightenWithTailBound(pairs);
            }
            return search(CounterRng.chunkKey(seed, chunk), cap, parameters.scheme() == RccParameters.Scheme.ORC,
                    d, pairs, bounded, bound, pruning, gamma);
        }

        /** The candidate loop of {@link #run}, a method of its own so that the JIT compiles it as a whole. */
        private long search(long chunkKey, long cap, boolean ordered, int d, int pairs, boolean bounded, double bound,
                            boolean pruning, double gamma) {
            double arrival = 0;
            double best = Double.NEGATIVE_INFINITY;
            long bestIndex = 1;
            // Arrival increments use ArrivalLog and the rest StrictMath, so the encoder picks the same
            // K on every platform; the log of the arrival time is taken only when a candidate could
            // win (score - best must exceed log T_k, and log T_k never falls below the last value computed).
            double logArrivalFloor = Double.NEGATIVE_INFINITY;
            double exitArrival = Double.POSITIVE_INFINITY;
            double pruneBelow = Double.NEGATIVE_INFINITY;
            long fullScores = 0;
            long k = 1;
            for (; k <= cap; k++) {
                long key = CounterRng.candidateKey(chunkKey, k);
                double exponential = ArrivalLog.exponential(CounterRng.word(key, 0));
                arrival += ordered ? exponential / (cap - k + 1) : exponential;
                if (arrival > exitArrival) {
                    break; // bound - log T_k < best: no later candidate can win
                }
                if (pruneBelow > Double.NEGATIVE_INFINITY && cannotPass(key, pairs, pruneBelow)) {
                    continue;
                }
                fullScores++;
                float score = StandardNormal.quadraticScore(key, quadratic, linear, d);
                if (score - best > logArrivalFloor) {
                    double logArrival = StrictMath.log(arrival);
                    logArrivalFloor = logArrival;
                    double total = score - logArrival;
                    if (total > best) {
                        best = total;
                        bestIndex = k;
                        if (bounded) {
                            exitArrival = StrictMath.exp(bound - best);
                        }
                    }
                    if (pruning) {
                        // The test above rejects a score of at most best + floor; the reference score is at
                        // most (1 - 3 gamma)(P + M) + 8 gamma U (see cannotPass), so prune when P + M is below:
                        double threshold = best + logArrivalFloor;
                        threshold -= 1e-9 * (1 + Math.abs(best) + Math.abs(logArrivalFloor));
                        pruneBelow = (threshold - 8 * gamma * totalBound) / (1 - 3 * gamma);
                    }
                }
            }
            searched = k - 1;
            scored = fullScores;
            return bestIndex;
        }

        /**
         * Orders the coefficient pairs by how much a random candidate loses against the bound on
         * them, b^2/(4|a|) + |a| (the bound minus the mean of a z^2 + b z), and tabulates the bound
         * of the pairs after each position. False when pruning cannot help (one pair).
         */
        private boolean preparePruning(int d) {
            int pairs = (d + 1) / 2;
            if (pairs < 2) {
                return false;
            }
            for (int p = 0; p < pairs; p++) {
                double loss = termLoss(2 * p) + (2 * p + 1 < d ? termLoss(2 * p + 1) : 0);
                // Non-negative floats order like their bit patterns; descending loss via the complement.
                sortKeys[p] = ((long) ~Float.floatToRawIntBits((float) loss) << 32) | p;
            }
            java.util.Arrays.sort(sortKeys, 0, pairs);
            double after = 0;
            for (int q = pairs - 1; q >= 0; q--) {
                int p = (int) sortKeys[q];
                int t = 2 * p;
                boolean full = t + 1 < d;
                pairWord[q] = p + 1;
                pairTerms[4 * q] = quadratic[t];
                pairTerms[4 * q + 1] = linear[t];
                // A missing second coefficient contributes (0 z + 0) z = 0.
                pairTerms[4 * q + 2] = full ? quadratic[t + 1] : 0;
                pairTerms[4 * q + 3] = full ? linear[t + 1] : 0;
                remainingBound[q] = after;
                after += termBound(t) + (full ? termBound(t + 1) : 0);
            }
            totalBound = after;
            return true;
        }

        /** Shorter searches and smaller chunks do not repay the tail bound's set-up (two logarithms per pair and lambda). */
        static final long TAIL_BOUND_MIN_CANDIDATES = 1 << 8;
        static final int TAIL_BOUND_MIN_PAIRS = 8;
        /** ln(2^60): the tail bound fails for a candidate with probability at most 2^-60. */
        private static final double TAIL_LOG_INVERSE_PROBABILITY = 60 * 0.6931471805599453;
        /** lambda = 2^(-8 + i/2), i = 0..24: the bound holds for each, the search takes the smallest. */
        private static final double[] TAIL_LAMBDAS = new double[25];

        static {
            for (int i = 0; i < TAIL_LAMBDAS.length; i++) {
                TAIL_LAMBDAS[i] = StrictMath.pow(2, -8 + 0.5 * i);
            }
        }

        /**
         * Replaces the bound of the unseen pairs by a Chernoff bound where that is smaller. For z
         * standard normal and a < 0, E exp(l (a z^2 + b z)) = (1 - 2 l a)^(-1/2) exp(l^2 b^2 / (2 (1 - 2 l a))),
         * so for every l > 0 the sum of the unseen terms exceeds (ln(1/eps) + sum ln E exp(l t_i)) / l
         * with probability at most eps = 2^-60. The worst-case bound sums b^2/(4|a|) over hundreds
         * of nearly uninformative coefficients and keeps large chunks from being screened; the tail
         * bound is close to their mean plus a few standard deviations. A candidate that would have
         * passed is then dropped with probability at most 2^-60, so K equals the exhaustive
         * search's except with probability below 2^-30 for an image of up to 2^30 candidates
         * (docs/format.md §7.5). Deterministic: binary64 arithmetic and {@link ArrivalLog#log}.
         */
        private void tightenWithTailBound(int pairs) {
            for (double lambda : TAIL_LAMBDAS) {
                double sum = 0;
                for (int q = pairs - 1; q >= 0; q--) {
                    if (q < pairs - 1) {
                        double bound = (TAIL_LOG_INVERSE_PROBABILITY + sum) / lambda;
                        if (bound < remainingBound[q]) {
                            remainingBound[q] = bound;
                        }
                    }
                    sum += logMoment(pairTerms[4 * q], pairTerms[4 * q + 1], lambda)
                            + logMoment(pairTerms[4 * q + 2], pairTerms[4 * q + 3], lambda);
                }
            }
        }

        private static double logMoment(double a, double b, double lambda) {
            double w = 1 - 2 * lambda * a;
            return -0.5 * ArrivalLog.log(w) + lambda * lambda * b * b / (2 * w);
        }

        private double termBound(int t) {
            double a = quadratic[t];
            double b = linear[t];
            return b * b / (4 * -a);
        }

        private double termLoss(int t) {
            return termBound(t) - quadratic[t];
        }

        /**
         * True when the candidate's reference score cannot exceed the test threshold. With t_i the
         * exact terms (a z + b) z, M_i = b^2/(4|a|) their bounds and U their sum, the binary32
         * reference sum is at most sum t_i + gamma sum (|a| z^2 + |b z|), and |a| z^2 + |b z| is at
         * most 8 M_i - 3 t_i, so the reference score is at most (1 - 3 gamma)(P + M) + 8 gamma U,
         * with P the binary64 sum over the pairs seen and M the bound of the others. The caller
         * folds gamma and U into {@code pruneBelow}.
         */
        private boolean cannotPass(long key, int pairs, double pruneBelow) {
            double partial = 0;
            double[] terms = pairTerms;
            for (int q = 0; q < pairs; q++) {
                long w = CounterRng.word(key, pairWord[q]);
                double z0 = StandardNormal.fromBits((int) (w >>> 32));
                double z1 = StandardNormal.fromBits((int) w);
                partial += (terms[4 * q] * z0 + terms[4 * q + 1]) * z0 + (terms[4 * q + 2] * z1 + terms[4 * q + 3]) * z1;
                if (partial + remainingBound[q] < pruneBelow) {
                    return true;
                }
            }
            return false;
        }
    }
}
