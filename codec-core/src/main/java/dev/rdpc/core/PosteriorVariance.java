package dev.rdpc.core;

import dev.rdpc.transform.CoefficientLayout;

/**
 * The posterior-variance term w of a layer's proposal (DESIGN.md §7, docs/format.md §7.2). The
 * proposal of layer k is N(rho y + (1 - rho) D, tau^2 + (1 - rho)^2 w); the best w for a group of
 * coefficients is the mean square error of D over the group, and for a Gaussian group it is the
 * Wiener posterior variance v sigma'^2 / (v + sigma'^2). So w is that Wiener shape, from layer 0's
 * prior variances v, times one scale per (channel, band) the file carries as a quarter-octave
 * integer: the shape gives the spread across frequencies (measured on training images: within 2% of
 * one free w per frequency, 10% below one w per channel), the scale how far the model beats Wiener.
 *
 * <p>A frequency at zigzag position (u, v) of its block belongs to band {@code min(u + v, bands - 1)}.
 */
public final class PosteriorVariance {
    /** Bands per channel the encoder uses for 8 x 8 blocks: one per anti-diagonal up to 7, then the rest. */
    public static final int DEFAULT_BANDS = 9;

    private final CoefficientLayout layout;
    private final int bands;
    private final int[] bandOfFrequency;
    private final double[] priorVariance; // per group c * F + f, binary64 as in format §7.1

    public PosteriorVariance(CoefficientLayout layout, PerFrequencyProposal proposal, int bands) {
        int maxBands = 2 * layout.blockSize() - 1;
        if (bands < 1 || bands > maxBands) {
            throw new IllegalArgumentException("bands must lie in [1, " + maxBands + "] for " + layout.blockSize()
                    + "-pixel blocks: " + bands);
        }
        this.layout = layout;
        this.bands = bands;
        int frequencies = layout.frequencies();
        this.bandOfFrequency = new int[frequencies];
        for (int f = 0; f < frequencies; f++) {
            bandOfFrequency[f] = Math.min(layout.zigzagU(f) + layout.zigzagV(f), bands - 1);
        }
        this.priorVariance = new double[layout.channels() * frequencies];
        for (int c = 0; c < layout.channels(); c++) {
            for (int f = 0; f < frequencies; f++) {
                priorVariance[c * frequencies + f] = proposal.groupVariance(c, f);
            }
        }
    }

    /** The encoder's band count for a block size: {@value #DEFAULT_BANDS}, or 2N - 1 for smaller blocks. */
    public static int defaultBands(int blockSize) {
        return Math.min(DEFAULT_BANDS, 2 * blockSize - 1);
    }

    public int bands() {
        return bands;
    }

    /** Number of scales a layer carries: channels x bands. */
    public int scaleCount() {
        return layout.channels() * bands;
    }

    public int groups() {
        return priorVariance.length;
    }

    /** 2^(q / 4), with fdlibm's pow as format §7.1 prescribes for the prior variances. */
    public static double quarterOctave(int q) {
        return StrictMath.pow(2.0, q / 4.0);
    }

    /**
     * The proposal variance of every group for the step sigmaPrevious -> sigma (format §7.2):
     * binary32(tau^2 + (1 - rho)^2 a W) with W the Wiener shape at sigmaPrevious.
     */
    public float[] proposalVariances(byte[] scales, double sigmaPrevious, double sigma) {
        Step step = new Step(sigmaPrevious, sigma);
        float[] out = new float[priorVariance.length];
        int frequencies = layout.frequencies();
        for (int g = 0; g < out.length; g++) {
            int band = (g / frequencies) * bands + bandOfFrequency[g % frequencies];
            double w = quarterOctave(scales[band]) * step.wienerShape(priorVariance[g]);
            out[g] = (float) (step.tau2 + step.gain * step.gain * w);
        }
        return out;
    }

    /**
     * The scales that minimise the layer's KL, given each group's squared error of the denoiser
     * {@code errorEnergy[g] = sum over the group of (c - D)^2} (encoder side).
     */
    public byte[] fit(double[] errorEnergy, double sigmaPrevious, double sigma) {
        Step step = new Step(sigmaPrevious, sigma);
        byte[] scales = new byte[scaleCount()];
        for (int band = 0; band < scales.length; band++) {
            double best = Double.POSITIVE_INFINITY;
            int bestQ = 0;
            for (int q = Byte.MIN_VALUE; q <= Byte.MAX_VALUE; q++) {
                double nats = bandNats(errorEnergy, step, band, quarterOctave(q));
                if (nats < best) {
                    best = nats;
                    bestQ = q;
                }
            }
            scales[band] = (byte) bestQ;
        }
        return scales;
    }

    /** The layer's KL in bits for these scales, from the groups' error energies (no rounding to binary32). */
    public double klBits(double[] errorEnergy, byte[] scales, double sigmaPrevious, double sigma) {
        Step step = new Step(sigmaPrevious, sigma);
        double nats = 0;
        for (int band = 0; band < scales.length; band++) {
            nats += bandNats(errorEnergy, step, band, quarterOctave(scales[band]));
        }
        return nats / dev.rdpc.rcc.Kl.LN2;
    }

    private double bandNats(double[] errorEnergy, Step step, int band, double scale) {
        int frequencies = layout.frequencies();
        int channel = band / bands;
        int b = band % bands;
        double count = layout.blocksPerChannel();
        double nats = 0;
        for (int f = 0; f < frequencies; f++) {
            if (bandOfFrequency[f] != b) {
                continue;
            }
            int g = channel * frequencies + f;
            double s2 = step.tau2 + step.gain * step.gain * scale * step.wienerShape(priorVariance[g]);
            nats += 0.5 * count * (Math.log(s2 / step.tau2) - 1)
                    + (count * step.tau2 + step.gain * step.gain * errorEnergy[g]) / (2 * s2);
        }
        return nats;
    }

    /** The quantities of one step sigmaPrevious -> sigma (format §7.2), in binary64. */
    static final class Step {
        final double sigmaPrevious;
        final double rho;
        final double gain;
        final double tau2;

        Step(double sigmaPrevious, double sigma) {
            if (!(sigma > 0 && sigma < sigmaPrevious) || Double.isInfinite(sigmaPrevious)) {
                throw new IllegalArgumentException("a layer needs 0 < sigma < previous sigma: " + sigma + ", " + sigmaPrevious);
            }
            this.sigmaPrevious = sigmaPrevious;
            this.rho = (sigma * sigma) / (sigmaPrevious * sigmaPrevious);
            this.gain = 1 - rho;
            this.tau2 = sigma * sigma * gain;
        }

        double wienerShape(double v) {
            double s2 = sigmaPrevious * sigmaPrevious;
            return v * s2 / (v + s2);
        }
    }
}
