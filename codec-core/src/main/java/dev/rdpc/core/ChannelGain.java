package dev.rdpc.core;

import dev.rdpc.transform.CoefficientLayout;

/**
 * Per-group channel scaling (docs/format.md §3.11, §7.6). A search capped at finitely many
 * candidates does not realise y = c + white noise exactly: per (channel, frequency) group g the
 * regenerated y behaves like y - m = alpha_g (c - m) + e_g, with alpha_g a little below one and
 * the residual e_g of level s_g, and both stray furthest in groups with a low signal-to-noise
 * ratio. The diffusion decoder, however, assumes white noise of one level sigma_dec.
 *
 * <p>The encoder therefore measures alpha_g and s_g by regression, picks sigma_dec as the
 * KL-weighted geometric mean of the groups' effective noise levels s_g / alpha_g, and sends per group the
 * divisor gamma_g = (alpha_g^2 v_g + s_g^2) / (alpha_g (v_g + sigma_dec^2)). With y' = m + (y - m) / gamma_g
 * the decoder's Gaussian posterior mean at sigma_dec equals the best linear estimate of c from y
 * in every group; for a single group (an iid source) gamma = alpha and y' = c + e / alpha is an
 * additive channel at sigma_dec, uncorrelated with c.
 */
public final class ChannelGain {
    public static final int ONE = 32768;
    /** Groups smaller than this keep divisor 1: too few coefficients for a reliable regression. */
    static final int MIN_GROUP_SIZE = 64;
    static final double MIN_DIVISOR = 0.25;
    static final double MAX_DIVISOR = 1.99;

    private ChannelGain() {}

    /**
     * Encoder side.
     *
     * @param priorVariances per-coefficient prior variances v as the decoder knows them
     * @param sigma          nominal noise level (weights the groups by their expected KL)
     */
    public static Scaling estimate(float[] targets, float[] samples, float[] means, float[] priorVariances,
                                   CoefficientLayout layout, double sigma) {
        int groups = layout.channels() * layout.frequencies();
        int blocks = layout.blocksPerChannel();
        double[] slope = new double[groups];
        double[] residual = new double[groups];
        double[] variance = new double[groups];
        boolean[] measured = new boolean[groups];
        double weightedNoise = 0;
        double weights = 0;
        double rawSquares = 0;
        for (int c = 0; c < layout.channels(); c++) {
            for (int f = 0; f < layout.frequencies(); f++) {
                int g = c * layout.frequencies() + f;
                int start = layout.groupStart(c, f);
                double cross = 0;
                double squares = 0;
                double noise = 0;
                for (int i = start; i < start + blocks; i++) {
                    double centred = targets[i] - means[i];
                    double received = samples[i] - means[i];
                    cross += received * centred;
                    squares += centred * centred;
                    noise += (samples[i] - targets[i]) * (samples[i] - targets[i]);
                }
                rawSquares += noise;
                variance[g] = priorVariances[start];
                if (blocks < MIN_GROUP_SIZE || squares <= 0) {
                    continue;
                }
                double a = cross / squares;
                if (!(a > 0.05)) {
                    continue;
                }
                double e = 0;
                for (int i = start; i < start + blocks; i++) {
                    double d = samples[i] - means[i] - a * (targets[i] - means[i]);
                    e += d * d;
                }
                slope[g] = a;
                residual[g] = e / blocks;
                measured[g] = true;
                double weight = blocks * StrictMath.log1p(variance[g] / (sigma * sigma));
                weightedNoise += weight * StrictMath.log(residual[g] / (a * a));
                weights += weight;
            }
        }
        double rawSigma = Math.sqrt(rawSquares / targets.length);
        double decoderSigma = weights > 0 ? Math.sqrt(StrictMath.exp(weightedNoise / weights)) : rawSigma;
        int[] divisors = new int[groups];
        for (int g = 0; g < groups; g++) {
            double gamma = 1;
            if (measured[g]) {
                double a = slope[g];
                gamma = (a * a * variance[g] + residual[g]) / (a * (variance[g] + decoderSigma * decoderSigma));
            }
            gamma = Math.max(MIN_DIVISOR, Math.min(MAX_DIVISOR, gamma));
            divisors[g] = (int) Math.max(1, Math.min(65535, Math.round(gamma * ONE)));
        }
        return new Scaling(divisors, decoderSigma, rawSigma);
    }

    /**
     * Encoder side, for learned (diffusion-model) priors: every divisor 1, and sigma_dec the level at
     * which the per-group Gaussian posterior mean r_g (y - m), r_g = v_g / (v_g + sigma_dec^2), is
     * closest to c in total squared error. Unit divisors keep y' = y: the groups the MMSE divisors
     * of {@link #estimate} would amplify (up to 4x) carry residual noise far above sigma_dec, which a
     * network trained on white noise reads as image content; the probability-flow ODE at perception
     * above 0 then leaves it in the picture (docs/measurements.md section 12).
     *
     * @param sigma nominal noise level; the search spans [sigma / 4, 4 sigma]
     */
    public static Scaling estimateUnitGain(float[] targets, float[] samples, float[] means, float[] priorVariances,
                                           CoefficientLayout layout, double sigma) {
        int groups = layout.channels() * layout.frequencies();
        int blocks = layout.blocksPerChannel();
        double[] received = new double[groups];
        double[] cross = new double[groups];
        double[] variance = new double[groups];
        double rawSquares = 0;
        for (int c = 0; c < layout.channels(); c++) {
            for (int f = 0; f < layout.frequencies(); f++) {
                int g = c * layout.frequencies() + f;
                int start = layout.groupStart(c, f);
                variance[g] = priorVariances[start];
                for (int i = start; i < start + blocks; i++) {
                    double centred = targets[i] - means[i];
                    double y = samples[i] - means[i];
                    received[g] += y * y;
                    cross[g] += y * centred;
                    rawSquares += (samples[i] - targets[i]) * (samples[i] - targets[i]);
                }
            }
        }
        // The error's sigma-dependent part, sum_g r_g^2 Syy_g - 2 r_g Syc_g, is smooth in ln sigma;
        // a golden-section search on a fixed bracket is deterministic and needs no derivative.
        double lo = Math.log(sigma / 4);
        double hi = Math.log(sigma * 4);
        double phi = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - phi * (hi - lo);
        double x2 = lo + phi * (hi - lo);
        double f1 = unitGainError(Math.exp(x1), received, cross, variance);
        double f2 = unitGainError(Math.exp(x2), received, cross, variance);
        for (int it = 0; it < 60; it++) {
            if (f1 <= f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - phi * (hi - lo);
                f1 = unitGainError(Math.exp(x1), received, cross, variance);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + phi * (hi - lo);
                f2 = unitGainError(Math.exp(x2), received, cross, variance);
            }
        }
        int[] divisors = new int[groups];
        java.util.Arrays.fill(divisors, ONE);
        return new Scaling(divisors, Math.exp(0.5 * (lo + hi)), Math.sqrt(rawSquares / targets.length));
    }

    private static double unitGainError(double sigmaDec, double[] received, double[] cross, double[] variance) {
        double error = 0;
        double s2 = sigmaDec * sigmaDec;
        for (int g = 0; g < received.length; g++) {
            double r = variance[g] / (variance[g] + s2);
            error += r * r * received[g] - 2 * r * cross[g];
        }
        return error;
    }

    /**
     * What the encoder sends.
     *
     * @param divisors     gamma_g in units of 1/32768, one per group in coefficient order
     * @param decoderSigma the noise level the decoder starts from
     * @param rawSigma     sqrt(mean (y - c)^2) before any scaling
     */
    public record Scaling(int[] divisors, double decoderSigma, double rawSigma) {
    }

    /** Both sides: y' = binary32(m + (y - m) / (g / 32768)), in place. */
    public static void apply(float[] samples, float[] means, int[] divisors, CoefficientLayout layout) {
        int groups = layout.channels() * layout.frequencies();
        if (divisors.length != groups) {
            throw new IllegalArgumentException("channel gain has " + divisors.length + " values, the layout has " + groups + " groups");
        }
        int blocks = layout.blocksPerChannel();
        for (int c = 0; c < layout.channels(); c++) {
            for (int f = 0; f < layout.frequencies(); f++) {
                double gamma = divisors[c * layout.frequencies() + f] / (double) ONE;
                int start = layout.groupStart(c, f);
                for (int i = start; i < start + blocks; i++) {
                    samples[i] = (float) (means[i] + (samples[i] - means[i]) / gamma);
                }
            }
        }
    }
}
