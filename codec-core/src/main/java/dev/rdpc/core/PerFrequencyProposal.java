package dev.rdpc.core;

import dev.rdpc.transform.CoefficientLayout;

/**
 * The first proposal of docs/format.md §7.1: every coefficient of one (channel, frequency) group
 * shares a Gaussian prior N(mean, v) whose parameters travel quantized in the PROPOSAL record. The
 * mean is zero except at DC; v is stored as q = round(4 log2 v). Both sides expand the same
 * quantized values, so the decoder's proposal is bit-identical to the encoder's.
 */
public final class PerFrequencyProposal {
    static final int MEAN_SCALE = 256;
    static final int LOG_VARIANCE_STEPS_PER_OCTAVE = 4;

    private final int channels;
    private final int frequencies;
    private final short[] dcMeans;      // units of 1/256
    private final byte[] logVariances;  // units of 1/4 octave, index channel * frequencies + f

    private PerFrequencyProposal(int channels, int frequencies, short[] dcMeans, byte[] logVariances) {
        this.channels = channels;
        this.frequencies = frequencies;
        this.dcMeans = dcMeans;
        this.logVariances = logVariances;
    }

    /** Encoder side: the quantized per-group statistics of the coefficients. */
    public static PerFrequencyProposal estimate(float[] coefficients, CoefficientLayout layout) {
        int channels = layout.channels();
        int frequencies = layout.frequencies();
        int blocks = layout.blocksPerChannel();
        short[] means = new short[channels];
        byte[] logVariances = new byte[channels * frequencies];
        for (int c = 0; c < channels; c++) {
            for (int f = 0; f < frequencies; f++) {
                int start = layout.groupStart(c, f);
                double mean = 0;
                if (f == 0) {
                    double sum = 0;
                    for (int i = 0; i < blocks; i++) {
                        sum += coefficients[start + i];
                    }
                    long q = Math.round(sum / blocks * MEAN_SCALE);
                    means[c] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, q));
                    mean = (double) means[c] / MEAN_SCALE;
                }
                double squares = 0;
                for (int i = 0; i < blocks; i++) {
                    double d = coefficients[start + i] - mean;
                    squares += d * d;
                }
                double variance = Math.max(squares / blocks, 0x1.0p-32);
                long q = Math.round(LOG_VARIANCE_STEPS_PER_OCTAVE * StrictMath.log(variance) / StrictMath.log(2));
                logVariances[c * frequencies + f] = (byte) Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, q));
            }
        }
        return new PerFrequencyProposal(channels, frequencies, means, logVariances);
    }

    /** Layout of the record body: channels u8, frequencies u16, channels x i16 DC means, channels*frequencies x i8. */
    public byte[] toBytes() {
        byte[] out = new byte[3 + 2 * channels + logVariances.length];
        out[0] = (byte) channels;
        out[1] = (byte) (frequencies >>> 8);
        out[2] = (byte) frequencies;
        for (int c = 0; c < channels; c++) {
            out[3 + 2 * c] = (byte) (dcMeans[c] >>> 8);
            out[4 + 2 * c] = (byte) dcMeans[c];
        }
        System.arraycopy(logVariances, 0, out, 3 + 2 * channels, logVariances.length);
        return out;
    }

    /** Decoder side; {@code IllegalArgumentException} names the problem when the body does not fit the layout. */
    public static PerFrequencyProposal parse(byte[] data, CoefficientLayout layout) {
        int channels = layout.channels();
        int frequencies = layout.frequencies();
        int expected = 3 + 2 * channels + channels * frequencies;
        if (data.length != expected) {
            throw new IllegalArgumentException("proposal body has " + data.length + " bytes, the image layout needs " + expected);
        }
        if ((data[0] & 0xFF) != channels) {
            throw new IllegalArgumentException("proposal describes " + (data[0] & 0xFF) + " channels, the image has " + channels);
        }
        int storedFrequencies = ((data[1] & 0xFF) << 8) | (data[2] & 0xFF);
        if (storedFrequencies != frequencies) {
            throw new IllegalArgumentException("proposal describes " + storedFrequencies + " frequencies, the block transform has " + frequencies);
        }
        short[] means = new short[channels];
        for (int c = 0; c < channels; c++) {
            means[c] = (short) (((data[3 + 2 * c] & 0xFF) << 8) | (data[4 + 2 * c] & 0xFF));
        }
        byte[] logVariances = new byte[channels * frequencies];
        System.arraycopy(data, 3 + 2 * channels, logVariances, 0, logVariances.length);
        return new PerFrequencyProposal(channels, frequencies, means, logVariances);
    }

    /** Prior variance v of one group, 2^(q/4) evaluated with StrictMath (shared by both sides). */
    public double groupVariance(int channel, int frequency) {
        return StrictMath.pow(2.0, logVariances[channel * frequencies + frequency] / (double) LOG_VARIANCE_STEPS_PER_OCTAVE);
    }

    public double groupMean(int channel, int frequency) {
        return frequency == 0 ? (double) dcMeans[channel] / MEAN_SCALE : 0.0;
    }

    /** Per-coefficient prior means, in coefficient order. */
    public float[] priorMeans(CoefficientLayout layout) {
        return expand(layout, (c, f) -> groupMean(c, f));
    }

    /** Per-coefficient prior variances v, in coefficient order. */
    public float[] priorVariances(CoefficientLayout layout) {
        return expand(layout, (c, f) -> groupVariance(c, f));
    }

    /** Per-coefficient proposal variances s^2 = v + sigma^2, rounded once to binary32. */
    public float[] proposalVariances(CoefficientLayout layout, double sigma) {
        double sigma2 = sigma * sigma;
        return expand(layout, (c, f) -> groupVariance(c, f) + sigma2);
    }

    private interface GroupValue {
        double of(int channel, int frequency);
    }

    private float[] expand(CoefficientLayout layout, GroupValue value) {
        float[] out = new float[layout.size()];
        int blocks = layout.blocksPerChannel();
        for (int c = 0; c < channels; c++) {
            for (int f = 0; f < frequencies; f++) {
                java.util.Arrays.fill(out, layout.groupStart(c, f), layout.groupStart(c, f) + blocks, (float) value.of(c, f));
            }
        }
        return out;
    }

    public int channels() {
        return channels;
    }

    public int frequencies() {
        return frequencies;
    }
}
