package dev.rdpc.core;

import dev.rdpc.decoder.ProgressListener;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.LadderInfo;
import dev.rdpc.format.LayerInfo;
import dev.rdpc.rcc.IndexModel;
import dev.rdpc.rcc.LayerCoder;
import dev.rdpc.transform.CoefficientLayout;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Codes the channel output y in layers down a noise ladder (DESIGN.md §7): layer 0 at sigma_0
 * against PROPOSAL's fixed Gaussian, then each step sigma_{k-1} -&gt; sigma_k against the model's own
 * reverse step. Every prefix of layers is an exact AWGN observation at its sigma.
 *
 * <p>The ladder: sigma_0, then the grid sigma_0 r^j while more than half a grid step remains
 * above the final sigma, then the final sigma. With a bit budget the layers are coded in order and
 * the final sigma is placed so that the file lands on the budget: before each step the encoder
 * knows, from the denoiser's output, the KL of a final layer ending at any sigma, and it stops on
 * the grid as soon as a final layer of one and a half grid steps would reach the budget.
 */
public final class LayeredEncoder {
    /** The encoder's ladder and search settings; none of them is needed by a decoder beyond what the file says. */
    public record Settings(double sigma0, double ladderRatio, double chunkBudgetBits, int marginBits, int log2Candidates,
                           int threads, long seed, int bands, int tileEdge, int tileOverlap, double tilt) {
        public Settings {
            if (!(sigma0 > 0 && sigma0 < 1e3)) {
                throw new IllegalArgumentException("sigma_0 must lie in (0, 1000): " + sigma0);
            }
            if (!(ladderRatio > 0.05 && ladderRatio < 0.95)) {
                throw new IllegalArgumentException("ladder ratio must lie in (0.05, 0.95): " + ladderRatio);
            }
            if (!(chunkBudgetBits >= 1 && chunkBudgetBits <= 24)) {
                throw new IllegalArgumentException("chunk budget must lie in [1, 24] bits: " + chunkBudgetBits);
            }
            new LayerCoder.Search(marginBits, log2Candidates, threads, tilt); // validates
        }
    }

    /** A bit budget for everything the layers add to the file: their payload and their LADDER entries. */
    public interface Budget {
        /**
         * Bits of the whole file when the layers' payloads total {@code payloadBits}, there are
         * {@code layers} layers and their variance scales take {@code scaleBytes} bytes.
         */
        double fileBits(double payloadBits, int layers, int scaleBytes);

        double targetBits();
    }

    /**
     * What one layer cost.
     *
     * @param seconds wall time of the layer: the model call before it and its search
     */
    public record LayerStats(double sigma, int chunkCount, int context, double klBits, long payloadBits, long candidates,
                             long candidateDimensions, double seconds) {
    }

    /**
     * The coded layers.
     *
     * @param ladder       the LADDER record
     * @param payload      LAYER_PAYLOAD: every layer's indices, in layer order
     * @param channel      the final channel output y_K in coefficient order (what the decoder regenerates)
     * @param layers       per-layer statistics
     * @param finalLayerAttempts times the final layer was coded to land on a bit budget (1 without one)
     */
    public record Result(LadderInfo ladder, byte[] payload, float[] channel, List<LayerStats> layers,
                         int finalLayerAttempts) {
        public double klBits() {
            return layers.stream().mapToDouble(LayerStats::klBits).sum();
        }

        public long payloadBits() {
            return 8L * payload.length;
        }
    }

    /** Rate control stops once the file is within this fraction of a bit budget. */
    public static final double RATE_TOLERANCE = 0.03;
    static final int MAX_FINAL_ATTEMPTS = 4;
    /** Payload bits per KL bit assumed before any layer was coded (measured 1.0-1.15, docs/measurements.md). */
    static final double INITIAL_OVERHEAD = 1.08;
    /** A final layer spans at most this many grid steps, and needs more than half of one. */
    static final double LONGEST_FINAL_STEP = 1.5;
    static final double SHORTEST_FINAL_STEP = 0.5;

    private final CoefficientLayout layout;
    private final PerFrequencyProposal proposal;
    private final CoefficientDenoiser denoiser;
    private final Settings settings;
    private final PosteriorVariance variance;
    private final float[] coefficients;
    private final ProgressListener progress;

    public LayeredEncoder(float[] coefficients, CoefficientLayout layout, PerFrequencyProposal proposal,
                          CoefficientDenoiser denoiser, Settings settings, ProgressListener progress) {
        if (coefficients.length != layout.size()) {
            throw new IllegalArgumentException("coefficients hold " + coefficients.length + " values, the layout " + layout.size());
        }
        this.layout = layout;
        this.proposal = proposal;
        this.denoiser = denoiser;
        this.settings = settings;
        this.variance = new PosteriorVariance(layout, proposal, settings.bands());
        this.coefficients = coefficients;
        this.progress = progress == null ? ProgressListener.NONE : progress;
    }

    /** The sigmas of the ladder ending at {@code sigma}: sigma_0's grid, then sigma (format-independent policy). */
    public static List<Double> plan(double sigma0, double ratio, double sigma) {
        List<Double> sigmas = new ArrayList<>();
        if (sigma >= sigma0) {
            sigmas.add(sigma);
            return sigmas;
        }
        sigmas.add(sigma0);
        double next = sigma0 * ratio;
        while (next > sigma * Math.pow(ratio, -SHORTEST_FINAL_STEP)) {
            sigmas.add(next);
            next *= ratio;
        }
        sigmas.add(sigma);
        return sigmas;
    }

    /**
     * Codes the ladder ending at {@code sigma}: the grid of {@link #plan}, with a step shortened
     * wherever it would carry more than {@link #MAX_BITS_PER_DIMENSION} bits per dimension.
     */
    public Result encodeToSigma(double sigma) {
        double r = settings.ladderRatio();
        Run run = new Run(plan(settings.sigma0(), r, sigma).size());
        run.firstLayer(Math.max(sigma, settings.sigma0()));
        double target = (float) sigma;
        while (run.lastSigma > target) {
            run.denoise();
            double previous = run.lastSigma;
            double next = previous * r;
            if (!(next > sigma * Math.pow(r, -SHORTEST_FINAL_STEP))) {
                next = sigma;
            }
            run.step(shortened(run.errorEnergy(), previous, next));
        }
        return run.result(1);
    }

    /**
     * Bits per dimension above which a layer is split: a capped search aimed at the tilted target
     * (docs/format.md §7.9) realises the channel within 1% in energy and 0.005 in correlation up to
     * about 0.2 bits per dimension, and overshoots beyond (measured on iid Gaussian layers,
     * docs/measurements.md §19). Photographs' layers stay below it; sources whose every coefficient
     * carries information, such as an iid Gaussian at 1 bit per dimension, get more layers.
     */
    static final double MAX_BITS_PER_DIMENSION = 0.2;

    /** {@code next}, or the larger sigma at which the step from {@code previous} carries the most bits per dimension allowed. */
    private double shortened(double[] energy, double previous, double next) {
        int n = layout.size();
        if (klAt(energy, previous, next) <= MAX_BITS_PER_DIMENSION * n) {
            return next;
        }
        return solve(s -> klAt(energy, previous, s), MAX_BITS_PER_DIMENSION * n, next, previous * 0.999);
    }

    /**
     * Codes layers until the file reaches the budget, placing the final sigma so that it lands within
     * {@link #RATE_TOLERANCE} where the image allows. Sigmas below {@code minSigma} are not used.
     */
    public Result encodeToBudget(Budget budget, double minSigma) {
        double target = budget.targetBits();
        double sigma0 = settings.sigma0();
        double r = settings.ladderRatio();
        int planned = Math.max(2, plan(sigma0, r, Math.max(minSigma, 0.05)).size());
        // A budget that layer 0 at sigma_0 nearly exhausts gets a single layer at a larger sigma.
        double firstKl = firstLayerKlBits(sigma0);
        if (budget.fileBits(INITIAL_OVERHEAD * firstKl, 1, 0) >= 0.9 * target) {
            return singleLayerToBudget(budget, sigma0);
        }
        Run run = new Run(planned);
        run.firstLayer(sigma0);
        while (true) {
            double sigmaPrevious = run.lastSigma;
            run.denoise();
            double[] energy = run.errorEnergy();
            double overhead = run.overhead();
            double longest = Math.max(minSigma, sigmaPrevious * Math.pow(r, LONGEST_FINAL_STEP));
            int scaleBytes = run.scaleBytes() + variance.scaleCount() * 3 / 8;
            double predictedLongest = budget.fileBits(run.payloadBits + overhead * klAt(energy, sigmaPrevious, longest),
                    run.layerCount() + 1, scaleBytes);
            if (predictedLongest <= target && longest > minSigma) {
                run.step(shortened(energy, sigmaPrevious, sigmaPrevious * r));
                continue;
            }
            double expected = overhead;
            long payloadSoFar = run.payloadBits;
            double budgetSigma = solve(s -> budget.fileBits(payloadSoFar + expected * klAt(energy, sigmaPrevious, s),
                    run.layerCount() + 1, scaleBytes), target, longest, sigmaPrevious * 0.999);
            double shortest = shortened(energy, sigmaPrevious, budgetSigma);
            if (shortest > budgetSigma) {
                run.step(shortest); // too many bits per dimension for one layer: an intermediate step first
                continue;
            }
            // The final layer: solve its sigma, code it, and re-solve with the measured overhead if it missed.
            // A retry starts again from y_{K-1}. Small images keep a copy; large ones regenerate it from
            // the layers already coded (exactly, as a decoder would), so that an encode holds four
            // image-sized arrays, not five. Both give the same file.
            float[] before = layout.size() <= MAX_COPIED_VALUES ? run.y.clone() : null;
            long payloadBefore = run.payloadBits;
            int attempts = 0;
            Run.Snapshot snapshot = run.snapshot();
            double finalSigma = Double.NaN;
            for (int attempt = 1; attempt <= MAX_FINAL_ATTEMPTS; attempt++) {
                attempts = attempt;
                double sp = sigmaPrevious;
                double ov = overhead;
                finalSigma = solve(s -> budget.fileBits(payloadBefore + ov * klAt(energy, sp, s), run.layerCount() + 1,
                        scaleBytes), target, longest, sigmaPrevious * 0.999);
                run.step(finalSigma);
                double bits = budget.fileBits(run.payloadBits, run.layerCount(), run.scaleBytes());
                if (Math.abs(bits / target - 1) <= RATE_TOLERANCE || attempt == MAX_FINAL_ATTEMPTS) {
                    break;
                }
                LayerStats last = run.stats.get(run.stats.size() - 1);
                overhead = Math.max(0.5, Math.min(2.0, last.payloadBits() / Math.max(1.0, last.klBits())));
                run.restore(snapshot);
                if (before != null) {
                    System.arraycopy(before, 0, run.y, 0, before.length);
                } else {
                    run.regenerate();
                }
            }
            return run.result(attempts);
        }
    }

    /** Values of y up to which a final-layer retry keeps a copy of y_{K-1} instead of regenerating it (128 MB). */
    static int MAX_COPIED_VALUES = 1 << 25;

    private Result singleLayerToBudget(Budget budget, double sigma0) {
        double target = budget.targetBits();
        double overhead = INITIAL_OVERHEAD;
        Result best = null;
        for (int attempt = 1; attempt <= MAX_FINAL_ATTEMPTS; attempt++) {
            double ov = overhead;
            double sigma = solve(s -> budget.fileBits(ov * firstLayerKlBits(s), 1, 0), target, sigma0, sigma0 * 1e3);
            Run run = new Run(1);
            run.firstLayer(sigma);
            Result result = run.result(attempt);
            double bits = budget.fileBits(result.payloadBits(), 1, 0);
            if (best == null || Math.abs(bits - target) < Math.abs(budget.fileBits(best.payloadBits(), 1, 0) - target)) {
                best = result;
            }
            if (Math.abs(bits / target - 1) <= RATE_TOLERANCE) {
                break;
            }
            overhead = Math.max(0.5, Math.min(3.0, result.payloadBits() / Math.max(1.0, result.klBits())));
        }
        return best;
    }

    /** Per-dimension KL, in bits, at and above which a layer gets the full chunk budget. */
    static final double FULL_BUDGET_BITS_PER_DIMENSION = 0.02;
    /** The smallest chunk budget a light layer gets. */
    static final double MIN_CHUNK_BUDGET_BITS = 4;

    /**
     * The chunk budget of a layer of {@code kl} bits over {@code n} dimensions: the full budget for a
     * heavy layer, one bit less for every halving of the per-dimension KL below 0.02 bits, at least
     * 4 bits. A layer's search costs n 2^(B + margin) candidate-dimensions whatever its KL, while its
     * index overhead is about a bit per chunk: the light layers at the top of the ladder carry a few
     * percent of the bits, so smaller chunks there cost little rate and save most of their time.
     */
    static double chunkBudget(double kl, int n, double budget) {
        double perDimension = kl / n;
        if (!(perDimension < FULL_BUDGET_BITS_PER_DIMENSION)) {
            return budget;
        }
        double octaves = Math.floor(Math.log(FULL_BUDGET_BITS_PER_DIMENSION / Math.max(perDimension, 1e-12)) / Math.log(2));
        return Math.max(Math.min(budget, MIN_CHUNK_BUDGET_BITS), budget - octaves);
    }

    /** Bisection in log sigma of a decreasing function of sigma for {@code f(sigma) = target} within [low, high]. */
    private static double solve(java.util.function.DoubleUnaryOperator f, double target, double low, double high) {
        if (f.applyAsDouble(low) <= target) {
            return low;
        }
        if (f.applyAsDouble(high) >= target) {
            return high;
        }
        double a = Math.log(low);
        double b = Math.log(high);
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (a + b);
            if (f.applyAsDouble(Math.exp(mid)) > target) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return Math.exp(0.5 * (a + b));
    }

    private double firstLayerKlBits(double sigma) {
        return LayerCoder.klBits(LayerProposals.first(proposal, layout, sigma, coefficients));
    }

    private double klAt(double[] energy, double sigmaPrevious, double sigma) {
        byte[] scales = variance.fit(energy, sigmaPrevious, sigma);
        return variance.klBits(energy, scales, sigmaPrevious, sigma);
    }

    /** The state of one encode: the channel output so far, the index model, the layers coded. */
    private final class Run {
        final float[] y = new float[layout.size()];
        final float[] denoised = new float[layout.size()];
        IndexModel model = new IndexModel(settings.log2Candidates());
        final List<LayerInfo> layers = new ArrayList<>();
        final List<byte[]> scales = new ArrayList<>();
        /** The last coded layer's sigma, as the file stores it (binary32). */
        double lastSigma;
        final List<LayerStats> stats = new ArrayList<>();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        long payloadBits;
        long chunksSoFar;
        int planned;
        long denoiseNanos;

        Run(int planned) {
            this.planned = planned;
        }

        record Snapshot(IndexModel model, int layers, long chunks, long payloadBits, byte[] payload, double lastSigma) {}

        Snapshot snapshot() {
            return new Snapshot(model.copy(), layers.size(), chunksSoFar, payloadBits, payload.toByteArray(), lastSigma);
        }

        void restore(Snapshot s) {
            model = s.model().copy();
            lastSigma = s.lastSigma();
            while (layers.size() > s.layers()) {
                layers.remove(layers.size() - 1);
                stats.remove(stats.size() - 1);
            }
            while (scales.size() > Math.max(0, layers.size() - 1)) {
                scales.remove(scales.size() - 1);
            }
            chunksSoFar = s.chunks();
            payloadBits = s.payloadBits();
            payload = new ByteArrayOutputStream();
            payload.writeBytes(s.payload());
        }

        int layerCount() {
            return layers.size();
        }

        int scaleBytes() {
            return ScaleStream.write(scales, settings.bands()).length;
        }

        double overhead() {
            double kl = 0;
            long bits = 0;
            for (LayerStats s : stats) {
                kl += s.klBits();
                bits += s.payloadBits();
            }
            // Layers of a few hundred bits say little about the overhead; blend them with the prior.
            double weight = Math.min(1.0, kl / 20_000.0);
            double measured = kl > 0 ? bits / kl : INITIAL_OVERHEAD;
            return weight * measured + (1 - weight) * INITIAL_OVERHEAD;
        }

        void firstLayer(double sigma0) {
            long started = System.nanoTime();
            double sigma = (float) sigma0;
            code(LayerProposals.first(proposal, layout, sigma, coefficients), sigma, null, started);
        }

        /** D(y; sigma) of the last coded layer, the mean of the next layer's proposal. */
        void denoise() {
            long started = System.nanoTime();
            denoiser.denoise(y, lastSigma, denoised);
            denoiseNanos = System.nanoTime() - started;
        }

        /** Per (channel, frequency) group: sum of (c - D)^2. */
        double[] errorEnergy() {
            int blocks = layout.blocksPerChannel();
            double[] energy = new double[variance.groups()];
            for (int g = 0; g < energy.length; g++) {
                double sum = 0;
                for (int i = g * blocks; i < (g + 1) * blocks; i++) {
                    double e = coefficients[i] - denoised[i];
                    sum += e * e;
                }
                energy[g] = sum;
            }
            return energy;
        }

        /** The layer from the last coded sigma down to {@code next} (rounded to binary32, as stored). */
        void step(double next) {
            long started = System.nanoTime() - denoiseNanos;
            double sigmaPrevious = lastSigma;
            double sigma = (float) next;
            byte[] layerScales = variance.fit(errorEnergy(), sigmaPrevious, sigma);
            float[] groupVariances = variance.proposalVariances(layerScales, sigmaPrevious, sigma);
            code(LayerProposals.step(layout, y, denoised, groupVariances, sigmaPrevious, sigma, coefficients), sigma,
                    layerScales, started);
        }

        private void code(LayerCoder.Targets targets, double sigma, byte[] layerScales, long started) {
            double kl = LayerCoder.klBits(targets);
            int n = layout.size();
            int chunks = (int) Math.max(1, Math.min(n, Math.ceil(kl / chunkBudget(kl, n, settings.chunkBudgetBits()))));
            int context = IndexModel.context(kl / chunks);
            int index = layers.size();
            LayerCoder.Geometry geometry = new LayerCoder.Geometry(settings.seed(), index, chunksSoFar, chunks, context,
                    layout.blocksPerChannel());
            LayerCoder.Search search = new LayerCoder.Search(settings.marginBits(), settings.log2Candidates(),
                    settings.threads(), settings.tilt());
            int total = Math.max(planned, index + 1);
            LayerCoder.Result result = LayerCoder.encode(targets, geometry, model, search, y,
                    (done, all) -> progress.onProgress(index * 1000 + (int) (1000L * done / all), total * 1000));
            payload.writeBytes(result.payload());
            payloadBits += result.payloadBits();
            chunksSoFar += chunks;
            layers.add(new LayerInfo((float) sigma, chunks, context, result.payload().length));
            if (layerScales != null) {
                scales.add(layerScales);
            }
            lastSigma = sigma;
            stats.add(new LayerStats(sigma, chunks, context, result.klBits(), result.payloadBits(),
                    result.candidatesSearched(), result.candidateDimensions(), (System.nanoTime() - started) / 1e9));
            denoiseNanos = 0;
        }

        LadderInfo ladder() {
            return new LadderInfo(FormatIds.PRNG_RDPC_SM64_V2, FormatIds.PERMUTATION_FEISTEL_V1,
                    FormatIds.INDEX_MODEL_LAYERED, settings.log2Candidates(), settings.seed(), settings.tileEdge(),
                    settings.tileOverlap(), settings.bands(), List.copyOf(layers), ScaleStream.write(scales, settings.bands()));
        }

        /** Rebuilds y and D(y) of the last coded layer from the coded layers, as a decoder does. */
        void regenerate() {
            try {
                LayeredDecoder.decodeInto(ladder(), payload.toByteArray(), layout, proposal, denoiser, layers.size(), null,
                        y, denoised);
            } catch (dev.rdpc.rcc.CorruptBitstreamException e) {
                throw new IllegalStateException("the encoder's own layers do not decode", e);
            }
            denoise();
        }

        Result result(int attempts) {
            LadderInfo ladder = ladder();
            progress.onProgress(1, 1);
            // y is handed over, not copied: the run ends here.
            return new Result(ladder, payload.toByteArray(), y, List.copyOf(stats), attempts);
        }
    }
}
