package dev.rdpc.core;

import dev.rdpc.rcc.Kl;
import dev.rdpc.transform.CoefficientLayout;

/**
 * Solves for the sigma whose predicted file size meets a bit target. The prediction is the header
 * plus the total KL times a coding-overhead factor; the KL for any sigma costs one pass over the
 * (channel, frequency) groups because every group shares one proposal (DESIGN.md §2).
 */
public final class RateControl {
    public static final double MIN_SIGMA = 1e-4;
    public static final double MAX_SIGMA = 10;

    private final double[] groupCount;
    private final double[] groupSquares;
    private final double[] groupVariance;

    public RateControl(float[] coefficients, PerFrequencyProposal proposal, CoefficientLayout layout) {
        int groups = proposal.channels() * proposal.frequencies();
        groupCount = new double[groups];
        groupSquares = new double[groups];
        groupVariance = new double[groups];
        int blocks = layout.blocksPerChannel();
        for (int c = 0; c < proposal.channels(); c++) {
            for (int f = 0; f < proposal.frequencies(); f++) {
                int g = c * proposal.frequencies() + f;
                int start = layout.groupStart(c, f);
                double mean = proposal.groupMean(c, f);
                double squares = 0;
                for (int i = 0; i < blocks; i++) {
                    double d = coefficients[start + i] - mean;
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
}
