package dev.rdpc.core;

import dev.rdpc.transform.CoefficientLayout;

/**
 * Per-group channel gain (docs/format.md §3.11). A search capped at finitely many candidates pulls
 * the regenerated y toward the proposal mean: y - m = alpha (c - m) + e with alpha a little below
 * one. The encoder measures alpha per (channel, frequency) group by regression, the file carries
 * it, and the decoder divides it out, so that y' = m + (y - m)/alpha = c + e/alpha is an additive
 * channel whose noise is uncorrelated with the image; the realised sigma is then measured on y'.
 */
public final class ChannelGain {
    public static final int ONE = 32768;
    /** Groups smaller than this keep gain 1: too few coefficients for a reliable slope. */
    static final int MIN_GROUP_SIZE = 64;
    static final double MIN_GAIN = 0.5;
    static final double MAX_GAIN = 1.25;

    private ChannelGain() {}

    /** Encoder side: quantized regression slopes, one per group in coefficient order. */
    public static int[] estimate(float[] targets, float[] samples, float[] means, CoefficientLayout layout) {
        int groups = layout.channels() * layout.frequencies();
        int blocks = layout.blocksPerChannel();
        int[] gains = new int[groups];
        for (int c = 0; c < layout.channels(); c++) {
            for (int f = 0; f < layout.frequencies(); f++) {
                int start = layout.groupStart(c, f);
                double cross = 0;
                double squares = 0;
                for (int i = start; i < start + blocks; i++) {
                    double centred = targets[i] - means[i];
                    cross += (samples[i] - means[i]) * centred;
                    squares += centred * centred;
                }
                double gain = blocks >= MIN_GROUP_SIZE && squares > 0 ? cross / squares : 1.0;
                gain = Math.max(MIN_GAIN, Math.min(MAX_GAIN, gain));
                gains[c * layout.frequencies() + f] = (int) Math.max(1, Math.min(65535, Math.round(gain * ONE)));
            }
        }
        return gains;
    }

    /** Both sides: y' = binary32(m + (y - m) / (g / 32768)), in place. */
    public static void apply(float[] samples, float[] means, int[] gains, CoefficientLayout layout) {
        int groups = layout.channels() * layout.frequencies();
        if (gains.length != groups) {
            throw new IllegalArgumentException("channel gain has " + gains.length + " values, the layout has " + groups + " groups");
        }
        int blocks = layout.blocksPerChannel();
        for (int c = 0; c < layout.channels(); c++) {
            for (int f = 0; f < layout.frequencies(); f++) {
                double gain = gains[c * layout.frequencies() + f] / (double) ONE;
                int start = layout.groupStart(c, f);
                for (int i = start; i < start + blocks; i++) {
                    samples[i] = (float) (means[i] + (samples[i] - means[i]) / gain);
                }
            }
        }
    }

    /** sqrt(mean (y - c)^2). */
    public static double realisedSigma(float[] targets, float[] samples) {
        double squares = 0;
        for (int i = 0; i < targets.length; i++) {
            double e = samples[i] - targets[i];
            squares += e * e;
        }
        return Math.sqrt(squares / targets.length);
    }
}
