package dev.rdpc.rcc;

/**
 * The one place where the project computes Kullback-Leibler divergences between the channel
 * target q = N(c, sigma^2) and the Gaussian proposal p = N(m, s^2) (DESIGN.md §2).
 */
public final class Kl {
    public static final double LN2 = 0.6931471805599453;

    private Kl() {}

    /** KL(q || p) in nats for one coefficient: ln(s/sigma) + (sigma^2 + (c-m)^2)/(2 s^2) - 1/2. */
    public static double nats(double target, double proposalMean, double proposalVariance, double sigma2) {
        double d = target - proposalMean;
        return 0.5 * StrictMath.log(proposalVariance / sigma2) + (sigma2 + d * d) / (2 * proposalVariance) - 0.5;
    }

    /** KL in bits. */
    public static double bits(double target, double proposalMean, double proposalVariance, double sigma2) {
        return nats(target, proposalMean, proposalVariance, sigma2) / LN2;
    }

    /**
     * Expected KL in bits when c ~ N(m, s^2 - sigma^2): 1/2 log2(s^2/sigma^2), the mutual
     * information of the Gaussian channel. Computable by the decoder from the proposal alone.
     */
    public static double expectedBits(double proposalVariance, double sigma2) {
        // Shared with the decoder (chunk boundaries), hence StrictMath: bit-exact everywhere.
        return 0.5 * StrictMath.log(proposalVariance / sigma2) / LN2;
    }

    /**
     * Sum of KL in nats over {@code count} coefficients that share one proposal N(m, s^2), given
     * the sum of their squared deviations (c - m)^2: the rate controller's fast path.
     */
    public static double groupNats(long count, double sumSquaredDeviation, double proposalVariance, double sigma2) {
        return count * (0.5 * StrictMath.log(proposalVariance / sigma2) + sigma2 / (2 * proposalVariance) - 0.5)
                + sumSquaredDeviation / (2 * proposalVariance);
    }

    /** Sum of {@link #bits} over arrays. */
    public static double totalBits(float[] targets, float[] means, float[] variances, double sigma) {
        double sigma2 = sigma * sigma;
        double sum = 0;
        for (int i = 0; i < targets.length; i++) {
            sum += nats(targets[i], means[i], variances[i], sigma2);
        }
        return sum / LN2;
    }
}
