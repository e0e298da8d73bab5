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
     * @param candidatesSearched candidates scored over all chunks
     * @param candidateDimensions sum over chunks of candidates scored times the chunk's dimensions,
     *                            the unit of the search's work
     */
    public record Result(byte[] payload, int chunkCount, float[] samples, double totalKlBits,
                         double squaredNoise, long candidatesSearched, long candidateDimensions) {
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
        float[] samples = new float[n];
        int scratchSize = chunks.maxDimensions();
        ThreadLocal<ChunkSearch> searches = ThreadLocal.withInitial(() -> new ChunkSearch(scratchSize));
        AtomicInteger done = new AtomicInteger();
        IntConsumer work = j -> {
            ChunkSearch search = searches.get();
            indices[j] = search.run(targets, means, variances, sigma, seed, j, chunks.start(j), chunks.end(j), parameters, options.searchMarginBits());
            searched[j] = search.searched;
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
        for (int j = 0; j < chunkCount; j++) {
            total += searched[j];
            workDone += searched[j] * chunks.dimensions(j);
        }
        return new Result(coder.finish(), chunkCount, samples, kl, squared, total, workDone);
    }

    static double expectedBits(float[] variances, Chunking chunks, int chunk, double sigma2) {
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
        long searched;

        ChunkSearch(int maxDimensions) {
            normals = new float[maxDimensions];
            quadratic = new float[maxDimensions];
            linear = new float[maxDimensions];
        }

        /**
         * Returns K = argmax_k log q(y_k)/p(y_k) - log T_k over k <= N. With y = m + s z, the
         * log ratio is, up to a constant, sum_i a_i z_i^2 + b_i z_i with a_i = (1 - s_i^2/sigma^2)/2
         * and b_i = s_i (c_i - m_i)/sigma^2. Since every a_i < 0 the ratio is bounded by
         * sum -b_i^2/(4 a_i); once that bound minus log T_k falls below the best score no later
         * candidate can win (T_k grows), so the search stops early without changing K.
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
            double chunkKlBits = 0;
            double sigma2d = sigma * sigma;
            for (int c = start; c < end; c++) {
                chunkKlBits += Kl.bits(targets[c], means[c], variances[c], sigma2d);
            }
            // The decoder needs no candidate count, so each chunk searches 2^(KL + margin)
            // candidates for its own KL: chunks whose KL exceeds the budget are not starved.
            int log2Search = (int) Math.min(parameters.log2Candidates(), Math.max(1, Math.ceil(chunkKlBits) + marginBits));
            long cap = 1L << log2Search;
            boolean ordered = parameters.scheme() == RccParameters.Scheme.ORC;
            long chunkKey = CounterRng.chunkKey(seed, chunk);
            double arrival = 0;
            double best = Double.NEGATIVE_INFINITY;
            long bestIndex = 1;
            // Logarithms are StrictMath so the encoder picks the same K on every platform; the
            // log of the arrival time is taken only when a candidate could win (score - best must
            // exceed log T_k, and log T_k never falls below the last value computed).
            double logArrivalFloor = Double.NEGATIVE_INFINITY;
            double exitArrival = Double.POSITIVE_INFINITY;
            long k = 1;
            for (; k <= cap; k++) {
                long key = CounterRng.candidateKey(chunkKey, k);
                double exponential = -StrictMath.log(((CounterRng.word(key, 0) >>> 11) + 0.5) * 0x1.0p-53);
                arrival += ordered ? exponential / (cap - k + 1) : exponential;
                if (arrival > exitArrival) {
                    break; // bound - log T_k < best: no later candidate can win
                }
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
                }
            }
            searched = k - 1;
            return bestIndex;
        }
    }
}
