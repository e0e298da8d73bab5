package dev.rdpc.core;

import dev.rdpc.rcc.Chunking;
import dev.rdpc.rcc.Kl;
import dev.rdpc.rcc.RccParameters;
import dev.rdpc.transform.CoefficientLayout;

/**
 * Solves for the sigma whose predicted file size meets a bit target. The coarse prediction is the
 * header plus the total KL times a coding-overhead factor; the KL for any sigma costs one pass over
 * the (channel, frequency) groups because every group shares one proposal (DESIGN.md §2). The fine
 * prediction ({@link #predictedPayloadBits}) chunks the coefficients as the coder will and charges
 * each chunk its KL, capped by the search, plus a fixed index-coding overhead.
 */
public final class RateControl {
    public static final double MIN_SIGMA = 1e-4;
    public static final double MAX_SIGMA = 10;

    private final double[] groupCount;
    private final double[] groupSquares;
    private final double[] groupVariance;
    private final float[] coefficients;
    private final PerFrequencyProposal proposal;
    private final CoefficientLayout layout;
    private final float[] means;

    /**
     * Index-coding bits per chunk beyond its capped KL, and a fixed cost of adapting the index
     * model: per chunk 1.70 to 2.04 on the 24 full Kodak images at sigma 1.2 and 0.35, 1.9 to 3.1
     * on 128 to 512 pixel crops at sigma 1.2 to 0.12 (docs/measurements.md §6).
     */
    public static final double CHUNK_OVERHEAD_BITS = 1.95;
    public static final double MODEL_LEARNING_BITS = 150;

    public RateControl(float[] coefficients, PerFrequencyProposal proposal, CoefficientLayout layout) {
        this.coefficients = coefficients;
        this.proposal = proposal;
        this.layout = layout;
        this.means = proposal.priorMeans(layout);
        int groups = proposal.channels() * proposal.frequencies();
        groupCount = new double[groups];
        groupSquares = new double[groups];
        groupVariance = new double[groups];
        int blocks = layout.blocksPerChannel();
        for (int c = 0; c < proposal.channels(); c++) {
            for (int f = 0; f < proposal.frequencies(); f++) {
                int g = c * proposal.frequencies() + f;
                int start = layout.groupStart(c, f);
                double squares = 0;
                for (int i = 0; i < blocks; i++) {
                    double d = coefficients[start + i] - means[start + i];
                    squares += d * d;
                }
                groupCount[g] = blocks;
                groupSquares[g] = squares;
                groupVariance[g] = proposal.groupVariance(c, f);
            }
        }
    }

    /** Total KL in bits at noise level sigma. */
    public double klBits(double sigma) {
        double sigma2 = sigma * sigma;
        double nats = 0;
        for (int g = 0; g < groupCount.length; g++) {
            nats += Kl.groupNats((long) groupCount[g], groupSquares[g], groupVariance[g] + sigma2, sigma2);
        }
        return nats / Kl.LN2;
    }

    /** The sigma at which fixedBits + overheadFactor * KL(sigma) equals targetBits; NaN if none in range. */
    public double solveSigma(double targetBits, double fixedBits, double overheadFactor) {
        double lo = StrictMath.log(MIN_SIGMA);
        double hi = StrictMath.log(MAX_SIGMA);
        if (fixedBits + overheadFactor * klBits(MAX_SIGMA) > targetBits) {
            return Double.NaN;
        }
        if (fixedBits + overheadFactor * klBits(MIN_SIGMA) < targetBits) {
            return MIN_SIGMA;
        }
        for (int i = 0; i < 80; i++) {
            double mid = 0.5 * (lo + hi);
            if (fixedBits + overheadFactor * klBits(StrictMath.exp(mid)) > targetBits) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return StrictMath.exp(0.5 * (lo + hi));
    }

    /**
     * Payload bits the coder will produce at {@code sigma}, predicted: the chunks of docs/format.md
     * §7.2, each charged min(KL, log2Candidates - 1) + {@link #CHUNK_OVERHEAD_BITS} (a chunk whose KL
     * exceeds the candidate cap gets an index of about log2Candidates - 1 bits), plus
     * {@link #MODEL_LEARNING_BITS}. One pass over the coefficients, about 50 ms for a Kodak image.
     */
    public double predictedPayloadBits(double sigma, RccParameters parameters) {
        float[] variances = proposal.proposalVariances(layout, sigma);
        Chunking chunks = Chunking.of(variances, sigma, parameters.chunkBudgetBits(), parameters.maxChunkDimensions());
        double sigma2 = sigma * sigma;
        double cap = parameters.log2Candidates() - 1;
        double bits = MODEL_LEARNING_BITS;
        for (int j = 0; j < chunks.count(); j++) {
            double kl = 0;
            for (int i = chunks.start(j); i < chunks.end(j); i++) {
                kl += Kl.bits(coefficients[i], means[i], variances[i], sigma2);
            }
            bits += Math.min(kl, cap) + CHUNK_OVERHEAD_BITS;
        }
        return bits;
    }

    /**
     * The sigma at which fixedBits + scale * predictedPayloadBits(sigma) meets targetBits, by
     * secant steps in log sigma from {@code start}; stops within {@code tolerance} (relative) or
     * after 8 steps, returning the best sigma seen.
     */
    public double refineSigma(double start, double targetBits, double fixedBits, double scale, RccParameters parameters,
                              double tolerance) {
        double x0 = Math.log(start);
        double f0 = Math.log((fixedBits + scale * predictedPayloadBits(start, parameters)) / targetBits);
        double bestX = x0;
        double bestF = f0;
        // Bits fall roughly like sigma^-1.5 over photographs' working range; the first step uses that slope.
        double x1 = x0 + f0 / 1.5;
        for (int step = 0; step < 8 && Math.abs(bestF) > tolerance; step++) {
            x1 = Math.max(Math.log(MIN_SIGMA), Math.min(Math.log(MAX_SIGMA), x1));
            double f1 = Math.log((fixedBits + scale * predictedPayloadBits(Math.exp(x1), parameters)) / targetBits);
            if (Math.abs(f1) < Math.abs(bestF)) {
                bestX = x1;
                bestF = f1;
            }
            double slope = (f1 - f0) / (x1 - x0);
            if (!(slope < 0) || Double.isInfinite(slope)) {
                break;
            }
            x0 = x1;
            f0 = f1;
            x1 = x1 - f1 / slope;
        }
        return Math.exp(bestX);
    }
}
