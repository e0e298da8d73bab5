package dev.rdpc.rcc;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Reverse channel coding of one layer (DESIGN.md §7, docs/format.md §7.3 to §7.5): the layer's n
 * dimensions are dealt into {@code chunkCount} near-equal chunks by the shared
 * {@link LayerPermutation}; chunk j of the layer codes candidate index K_j, drawn from the
 * counter-based generator under the file-wide chunk number {@code firstChunk + j}. Nothing here
 * depends on floating-point values for what it reads from the payload: chunk geometry, keys and
 * index contexts come from integers alone, so a decoder whose proposal means differ in the last
 * bits still reads every index.
 */
public final class LayerCoder {
    private LayerCoder() {}

    /** The proposal of one layer, dimension by dimension: p_i = N(mean(i), variance(i)). */
    public interface Proposal {
        int dimensions();

        float mean(int i);

        /** The proposal variance s_i^2, at least the target variance. */
        float variance(int i);
    }

    /** The encoder's view of a layer: the proposal and the target q_i = N(target(i), sigma^2). */
    public interface Targets extends Proposal {
        /** The target's standard deviation (tau of DESIGN.md §7), the same for every dimension. */
        double sigma();

        float target(int i);
    }

    /** Progress of a layer's search, in chunks; called from worker threads. */
    public interface Progress {
        void chunksDone(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    /**
     * Where a layer sits in the file: its index (keys its permutation), the file-wide number of its
     * first chunk (keys its candidates), its chunk count and the index-model context, all integers
     * the file carries.
     */
    public record Geometry(long seed, int layer, long firstChunk, int chunkCount, int context, int groupSize) {
        /** A layer whose dimensions form one group. */
        public Geometry(long seed, int layer, long firstChunk, int chunkCount, int context) {
            this(seed, layer, firstChunk, chunkCount, context, 0);
        }

        public Geometry {
            if (layer < 0 || firstChunk < 0) {
                throw new IllegalArgumentException("layer and first chunk must be >= 0: " + layer + ", " + firstChunk);
            }
            if (chunkCount < 1) {
                throw new IllegalArgumentException("a layer has at least one chunk: " + chunkCount);
            }
            if (groupSize < 0) {
                throw new IllegalArgumentException("group size must be >= 0: " + groupSize);
            }
            if (context < 0 || context >= IndexModel.CONTEXTS) {
                throw new IllegalArgumentException("context must lie in [0, " + (IndexModel.CONTEXTS - 1) + "]: " + context);
            }
        }

        /** The deal of a layer of n dimensions (group size 0: one group of n). */
        LayerDeal deal(int n) {
            return new LayerDeal(seed, layer, n, groupSize == 0 ? n : groupSize, chunkCount);
        }
    }

    /**
     * Encoder-only settings: they change which candidates are found, never what the decoder does.
     *
     * @param marginBits     each chunk searches up to 2^(ceil(KL) + margin) candidates, capped by
     *                       2^log2Candidates; more margin, a closer channel, more bits
     * @param log2Candidates the largest index the file admits is 2^log2Candidates
     * @param threads        worker threads; the indices do not depend on it
     */
    public record Search(int marginBits, int log2Candidates, int threads, double tilt) {
        /** A search without tilt compensation. */
        public Search(int marginBits, int log2Candidates, int threads) {
            this(marginBits, log2Candidates, threads, 0);
        }

        public Search {
            if (!(tilt >= 0 && tilt < 0.5)) {
                throw new IllegalArgumentException("tilt must lie in [0, 0.5): " + tilt);
            }
            if (marginBits < 0 || marginBits > 16) {
                throw new IllegalArgumentException("search margin must lie in [0, 16] bits: " + marginBits);
            }
            if (log2Candidates < 1 || log2Candidates > IndexModel.MAX_LOG2_CANDIDATES) {
                throw new IllegalArgumentException("log2 candidates must lie in [1, " + IndexModel.MAX_LOG2_CANDIDATES
                        + "]: " + log2Candidates);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1: " + threads);
            }
        }
    }

    /**
     * What the encoder produced for one layer.
     *
     * @param payload             the layer's range-coded indices
     * @param indices             the chosen index of every chunk
     * @param klBits              the layer's KL(q || p) in bits, the floor of any exact channel simulation
     * @param candidatesSearched  candidates the search went through, over all chunks
     * @param candidateDimensions candidates searched times the chunk's dimensions, summed: the work
     */
    public record Result(byte[] payload, long[] indices, double klBits, long candidatesSearched, long candidateDimensions) {
        public long payloadBits() {
            return 8L * payload.length;
        }
    }

    /** KL(q || p) of the whole layer, in bits (DESIGN.md §2). */
    public static double klBits(Targets targets) {
        int n = targets.dimensions();
        double sigma2 = targets.sigma() * targets.sigma();
        double nats = 0;
        for (int i = 0; i < n; i++) {
            nats += Kl.nats(targets.target(i), targets.mean(i), targets.variance(i), sigma2);
        }
        return nats / Kl.LN2;
    }

    /**
     * Codes one layer and writes its channel output y_i = mean_i + sqrt(variance_i) z_i to
     * {@code out}. Each chunk reads its own dimensions' proposal and target before it writes them,
     * and chunks never share a dimension, so {@code out} may be the array the proposal reads from.
     */
    public static Result encode(Targets targets, Geometry geometry, IndexModel model, Search search, float[] out,
                                Progress progress) {
        int n = targets.dimensions();
        checkLayer(n, geometry, out);
        if (model.log2Candidates() != search.log2Candidates()) {
            throw new IllegalArgumentException("index model admits 2^" + model.log2Candidates()
                    + " candidates but the search 2^" + search.log2Candidates());
        }
        double sigma = targets.sigma();
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("target sigma must be positive and finite: " + sigma);
        }
        LayerDeal deal = geometry.deal(n);
        int chunkCount = geometry.chunkCount();
        long[] indices = new long[chunkCount];
        long[] searched = new long[chunkCount];
        double[] kl = new double[chunkCount];
        int scratch = deal.largestChunk();
        ThreadLocal<Scratch> scratches = ThreadLocal.withInitial(() -> new Scratch(scratch));
        AtomicInteger done = new AtomicInteger();
        IntConsumer work = j -> {
            Scratch s = scratches.get();
            int d = deal.chunkSize(j);
            deal.fill(j, s.dims);
            double sigma2 = sigma * sigma;
            for (int t = 0; t < d; t++) {
                int i = s.dims[t];
                s.targets[t] = targets.target(i);
                s.means[t] = targets.mean(i);
                s.variances[t] = checkedVariance(targets.variance(i), sigma2, s.means[t], i);
                if (!Float.isFinite(s.targets[t])) {
                    throw new IllegalArgumentException("target " + i + " must be finite: " + s.targets[t]);
                }
            }
            long chunkKey = CounterRng.chunkKey(geometry.seed(), geometry.firstChunk() + j);
            double chunkKl = 0;
            for (int t = 0; t < d; t++) {
                chunkKl += Kl.bits(s.targets[t], s.means[t], s.variances[t], sigma2);
            }
            kl[j] = chunkKl;
            // The decoder needs no candidate count, so each chunk searches 2^(KL + margin)
            // candidates for its own KL: chunks whose KL exceeds the budget are not starved.
            int log2Search = (int) Math.min(search.log2Candidates(), Math.max(1, Math.ceil(chunkKl) + search.marginBits()));
            compensate(s, d, sigma2, search.tilt());
            indices[j] = s.search.run(s.searchTargets, s.means, s.variances, s.targetVariances, d, chunkKey, log2Search, true);
            searched[j] = s.search.searched;
            sample(chunkKey, indices[j], s.dims, s.means, s.variances, d, s.search.normals, out);
            progress.chunksDone(done.incrementAndGet(), chunkCount);
        };
        run(chunkCount, search.threads(), work);
        RangeEncoder coder = new RangeEncoder();
        for (int j = 0; j < chunkCount; j++) {
            model.encode(coder, indices[j], geometry.context());
        }
        double klBits = 0;
        long total = 0;
        long work2 = 0;
        for (int j = 0; j < chunkCount; j++) {
            klBits += kl[j];
            total += searched[j];
            work2 += searched[j] * deal.chunkSize(j);
        }
        return new Result(coder.finish(), indices, klBits, total, work2);
    }

    /**
     * Decodes one layer's indices from {@code payload[offset .. offset + length)} and writes the
     * layer's channel output to {@code out} (which may be the array the proposal reads from).
     *
     * @throws CorruptBitstreamException when the payload cannot hold the layer's indices
     */
    public static void decode(byte[] payload, int offset, int length, Proposal proposal, Geometry geometry,
                              IndexModel model, float[] out) throws CorruptBitstreamException {
        int n = proposal.dimensions();
        checkLayer(n, geometry, out);
        LayerDeal deal = geometry.deal(n);
        RangeDecoder coder = new RangeDecoder(payload, offset, length);
        int largest = deal.largestChunk();
        int[] dims = new int[largest];
        float[] means = new float[largest];
        float[] variances = new float[largest];
        float[] normals = new float[largest];
        for (int j = 0; j < geometry.chunkCount(); j++) {
            long index = model.decode(coder, geometry.context());
            int d = deal.chunkSize(j);
            deal.fill(j, dims);
            for (int t = 0; t < d; t++) {
                int i = dims[t];
                means[t] = proposal.mean(i);
                variances[t] = proposal.variance(i);
            }
            long chunkKey = CounterRng.chunkKey(geometry.seed(), geometry.firstChunk() + j);
            sample(chunkKey, index, dims, means, variances, d, normals, out);
        }
    }

    /** Candidate K of a chunk (docs/format.md §7.4): y = binary32(m + sqrt(s^2) z), in binary64. */
    static void sample(long chunkKey, long candidate, int[] dims, float[] means, float[] variances, int d,
                       float[] normals, float[] out) {
        StandardNormal.fill(CounterRng.candidateKey(chunkKey, candidate), normals, d);
        for (int t = 0; t < d; t++) {
            out[dims[t]] = (float) (means[t] + Math.sqrt(variances[t]) * normals[t]);
        }
    }

    /**
     * A capped search realises q tilted toward p, about q^(1 - k) p^k per dimension, which widens the
     * noise and pulls it toward the proposal mean. Searching for q' with q'^(1 - k) p^k = q instead
     * cancels the tilt to first order: 1/tau'^2 = (1/tau^2 - k/s^2)/(1 - k) and
     * mu' = tau'^2 (mu/tau^2 - k m/s^2)/(1 - k), that is mu' - m = (mu - m) tau'^2 / (tau^2 (1 - k)).
     * Encoder-only: the decoder reads indices, whatever target chose them.
     */
    private static void compensate(Scratch s, int d, double sigma2, double tilt) {
        for (int t = 0; t < d; t++) {
            double s2 = s.variances[t];
            double variance = (1 - tilt) / (1 / sigma2 - tilt / s2);
            s.targetVariances[t] = variance;
            s.searchTargets[t] = (float) (s.means[t] + (s.targets[t] - (double) s.means[t]) * variance / (sigma2 * (1 - tilt)));
        }
    }

    private static float checkedVariance(float variance, double sigma2, float mean, int i) {
        if (!(variance >= sigma2 * (1 - 1e-6)) || Float.isInfinite(variance) || !Float.isFinite(mean)) {
            throw new IllegalArgumentException("proposal " + i + " must have a finite mean and a variance >= sigma^2 (variance "
                    + variance + ", sigma^2 " + sigma2 + ")");
        }
        return variance;
    }

    private static void checkLayer(int n, Geometry geometry, float[] out) {
        if (n < 1) {
            throw new IllegalArgumentException("a layer has at least one dimension: " + n);
        }
        if (geometry.chunkCount() > n) {
            throw new IllegalArgumentException("a layer of " + n + " dimensions cannot have " + geometry.chunkCount() + " chunks");
        }
        if (out.length < n) {
            throw new IllegalArgumentException("output holds " + out.length + " values, the layer " + n);
        }
    }

    private static void run(int count, int threads, IntConsumer work) {
        if (threads == 1 || count == 1) {
            for (int j = 0; j < count; j++) {
                work.accept(j);
            }
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(work)).join();
        } finally {
            pool.shutdown();
        }
    }

    /** Per-thread gather buffers and search scratch for chunks of up to {@code size} dimensions. */
    private static final class Scratch {
        final int[] dims;
        final float[] targets;
        final float[] means;
        final float[] variances;
        final float[] searchTargets;
        final double[] targetVariances;
        final ChunkSearch search;

        Scratch(int size) {
            dims = new int[size];
            targets = new float[size];
            means = new float[size];
            variances = new float[size];
            searchTargets = new float[size];
            targetVariances = new double[size];
            search = new ChunkSearch(size);
        }
    }
}
