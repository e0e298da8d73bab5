package dev.rdpc.core;

import dev.rdpc.transform.CoefficientLayout;

/**
 * The proposals of docs/format.md §7.1: every coefficient of one (channel, frequency) group shares
 * a Gaussian prior N(mean, v) whose parameters travel quantized in the PROPOSAL record. The mean is
 * zero except at DC; v is stored as q = round(4 log2 v). Kind 1 has one DC mean per channel; kind 2
 * adds one DC mean per region of R x R blocks, as an offset from the channel's in 1/16 steps, and
 * fits the DC variance around those means. Both sides expand the same quantized values, so the
 * decoder's proposal is bit-identical to the encoder's.
 */
public final class PerFrequencyProposal {
    static final int MEAN_SCALE = 256;
    static final int REGION_MEAN_SCALE = 16;
    static final int LOG_VARIANCE_STEPS_PER_OCTAVE = 4;
    /** Region side in blocks that the encoder uses for kind 2: 64 x 64 pixels with 8 x 8 blocks. */
    public static final int DEFAULT_REGION_BLOCKS = 8;

    private final int kindId;
    private final int channels;
    private final int frequencies;
    private final short[] dcMeans;      // units of 1/256
    private final byte[] logVariances;  // units of 1/4 octave, index channel * frequencies + f
    private final int regionBlocks;     // kind 2: R; kind 1: 0
    private final byte[] regionOffsets; // kind 2: per channel, regions in raster order, units of 1/16

    private PerFrequencyProposal(int kindId, int channels, int frequencies, short[] dcMeans, byte[] logVariances,
                                 int regionBlocks, byte[] regionOffsets) {
        this.kindId = kindId;
        this.channels = channels;
        this.frequencies = frequencies;
        this.dcMeans = dcMeans;
        this.logVariances = logVariances;
        this.regionBlocks = regionBlocks;
        this.regionOffsets = regionOffsets;
    }

    /** The PROPOSAL record's proposalKindId for this proposal. */
    public int kindId() {
        return kindId;
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
        return new PerFrequencyProposal(1, channels, frequencies, means, logVariances, 0, new byte[0]);
    }

    /**
     * Encoder side, kind 2: kind 1's statistics, plus one DC mean per region of {@code regionBlocks}
     * x {@code regionBlocks} blocks (the region's mean DC, as an offset from the channel's quantized
     * mean in 1/16 steps, clamped to [-8, 127/16]), and the DC variance fitted around those means.
     */
    public static PerFrequencyProposal estimateRegional(float[] coefficients, CoefficientLayout layout, int regionBlocks) {
        if (regionBlocks < 1 || regionBlocks > 255) {
            throw new IllegalArgumentException("region side must lie in [1, 255] blocks: " + regionBlocks);
        }
        PerFrequencyProposal plain = estimate(coefficients, layout);
        int channels = layout.channels();
        int bx = layout.blocksX();
        int by = layout.blocksY();
        int rx = (bx + regionBlocks - 1) / regionBlocks;
        int ry = (by + regionBlocks - 1) / regionBlocks;
        byte[] offsets = new byte[channels * rx * ry];
        for (int c = 0; c < channels; c++) {
            int start = layout.groupStart(c, 0);
            double channelMean = (double) plain.dcMeans[c] / MEAN_SCALE;
            for (int gy = 0; gy < ry; gy++) {
                for (int gx = 0; gx < rx; gx++) {
                    double sum = 0;
                    int count = 0;
                    for (int row = gy * regionBlocks; row < Math.min(by, (gy + 1) * regionBlocks); row++) {
                        for (int col = gx * regionBlocks; col < Math.min(bx, (gx + 1) * regionBlocks); col++) {
                            sum += coefficients[start + row * bx + col];
                            count++;
                        }
                    }
                    long q = Math.round((sum / count - channelMean) * REGION_MEAN_SCALE);
                    offsets[(c * ry + gy) * rx + gx] = (byte) Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, q));
                }
            }
        }
        byte[] logVariances = plain.logVariances.clone();
        PerFrequencyProposal regional = new PerFrequencyProposal(2, channels, plain.frequencies, plain.dcMeans, logVariances,
                regionBlocks, offsets);
        int blocks = layout.blocksPerChannel();
        for (int c = 0; c < channels; c++) {
            int start = layout.groupStart(c, 0);
            double squares = 0;
            for (int b = 0; b < blocks; b++) {
                double d = coefficients[start + b] - regional.dcMean(c, b / bx, b % bx, bx, by);
                squares += d * d;
            }
            double variance = Math.max(squares / blocks, 0x1.0p-32);
            long q = Math.round(LOG_VARIANCE_STEPS_PER_OCTAVE * StrictMath.log(variance) / StrictMath.log(2));
            logVariances[c * plain.frequencies] = (byte) Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, q));
        }
        return regional;
    }

    private static int regionCount(CoefficientLayout layout, int regionBlocks) {
        int rx = (layout.blocksX() + regionBlocks - 1) / regionBlocks;
        int ry = (layout.blocksY() + regionBlocks - 1) / regionBlocks;
        return layout.channels() * rx * ry;
    }

    /**
     * Mean of the DC coefficient of block (row, col) of channel c: kind 1 dcMean / 256; kind 2
     * binary32(dcMean / 256 + offset / 16) with the offset of the block's region (format §7.1).
     */
    private float dcMean(int channel, int row, int col, int blocksX, int blocksY) {
        double base = (double) dcMeans[channel] / MEAN_SCALE;
        if (kindId == 1) {
            return (float) base;
        }
        int rx = (blocksX + regionBlocks - 1) / regionBlocks;
        int ry = (blocksY + regionBlocks - 1) / regionBlocks;
        int region = (channel * ry + row / regionBlocks) * rx + col / regionBlocks;
        return (float) (base + (double) regionOffsets[region] / REGION_MEAN_SCALE);
    }

    /** Side-information contexts of the coded record body (format §7.1). */
    private static final int CONTEXT_DC_VARIANCE = 0;
    private static final int CONTEXT_AC_VARIANCE = 1;
    private static final int CONTEXT_REGION = 2;
    private static final int CONTEXTS = 3;

    /**
     * The record body (format §7.1): channels u8 and frequencies u16, then one side-information
     * stream holding the DC means (16 raw bits each), every log-variance as its difference from the
     * previous frequency of its channel (DC: from the previous channel's DC, the first from 0), and
     * for kind 2 the region side (8 raw bits) and every region offset as its difference from the
     * previous region of its channel (the first from 0).
     */
    public byte[] toBytes() {
        dev.rdpc.rcc.SideInfoCoder.Writer w = new dev.rdpc.rcc.SideInfoCoder.Writer(CONTEXTS);
        for (int c = 0; c < channels; c++) {
            w.writeRaw(dcMeans[c] & 0xFFFF, 16);
        }
        for (int c = 0; c < channels; c++) {
            for (int f = 0; f < frequencies; f++) {
                int value = logVariances[c * frequencies + f];
                int predicted = f > 0 ? logVariances[c * frequencies + f - 1] : c > 0 ? logVariances[(c - 1) * frequencies] : 0;
                w.writeSigned(f == 0 ? CONTEXT_DC_VARIANCE : CONTEXT_AC_VARIANCE, value - predicted);
            }
        }
        if (kindId == 2) {
            w.writeRaw(regionBlocks, 8);
            int perChannel = regionOffsets.length / channels;
            for (int r = 0; r < regionOffsets.length; r++) {
                int predicted = r % perChannel == 0 ? 0 : regionOffsets[r - 1];
                w.writeSigned(CONTEXT_REGION, regionOffsets[r] - predicted);
            }
        }
        byte[] stream = w.finish();
        byte[] out = new byte[3 + stream.length];
        out[0] = (byte) channels;
        out[1] = (byte) (frequencies >>> 8);
        out[2] = (byte) frequencies;
        System.arraycopy(stream, 0, out, 3, stream.length);
        return out;
    }

    /**
     * Decoder side for kinds 1 and 2; {@code IllegalArgumentException} names the problem when the
     * body does not fit the layout or its stream is corrupt.
     */
    public static PerFrequencyProposal parse(int kindId, byte[] data, CoefficientLayout layout) {
        if (kindId != 1 && kindId != 2) {
            throw new IllegalArgumentException("unknown proposal kind " + kindId);
        }
        int channels = layout.channels();
        int frequencies = layout.frequencies();
        if (data.length < 3) {
            throw new IllegalArgumentException("proposal body has " + data.length + " bytes, at least 3 are needed");
        }
        if ((data[0] & 0xFF) != channels) {
            throw new IllegalArgumentException("proposal describes " + (data[0] & 0xFF) + " channels, the image has " + channels);
        }
        int storedFrequencies = ((data[1] & 0xFF) << 8) | (data[2] & 0xFF);
        if (storedFrequencies != frequencies) {
            throw new IllegalArgumentException("proposal describes " + storedFrequencies + " frequencies, the block transform has " + frequencies);
        }
        try {
            dev.rdpc.rcc.SideInfoCoder.Reader r = new dev.rdpc.rcc.SideInfoCoder.Reader(data, 3, data.length - 3, CONTEXTS);
            short[] means = new short[channels];
            for (int c = 0; c < channels; c++) {
                means[c] = (short) r.readRaw(16);
            }
            byte[] logVariances = new byte[channels * frequencies];
            for (int c = 0; c < channels; c++) {
                for (int f = 0; f < frequencies; f++) {
                    int predicted = f > 0 ? logVariances[c * frequencies + f - 1] : c > 0 ? logVariances[(c - 1) * frequencies] : 0;
                    logVariances[c * frequencies + f] = checkedByte(predicted + r.readSigned(f == 0 ? CONTEXT_DC_VARIANCE
                            : CONTEXT_AC_VARIANCE), "log-variance of channel " + c + ", frequency " + f);
                }
            }
            int regionBlocks = 0;
            byte[] offsets = new byte[0];
            if (kindId == 2) {
                regionBlocks = r.readRaw(8);
                if (regionBlocks == 0) {
                    throw new IllegalArgumentException("proposal region side is 0 blocks; it must lie in [1, 255]");
                }
                offsets = new byte[regionCount(layout, regionBlocks)];
                int perChannel = offsets.length / channels;
                for (int i = 0; i < offsets.length; i++) {
                    int predicted = i % perChannel == 0 ? 0 : offsets[i - 1];
                    offsets[i] = checkedByte(predicted + r.readSigned(CONTEXT_REGION), "region offset " + i);
                }
            }
            if (!r.atEnd()) {
                throw new IllegalArgumentException("proposal stream has bytes after its last value, from byte "
                        + (3 + r.position()));
            }
            return new PerFrequencyProposal(kindId, channels, frequencies, means, logVariances, regionBlocks, offsets);
        } catch (dev.rdpc.rcc.CorruptBitstreamException e) {
            throw new IllegalArgumentException("proposal stream is corrupt at byte " + (e.offset()) + ": " + e.reason(), e);
        }
    }

    private static byte checkedByte(int value, String what) {
        if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is " + value + ", outside [-128, 127]");
        }
        return (byte) value;
    }

    /** Prior variance v of one group, 2^(q/4) evaluated with StrictMath (shared by both sides). */
    public double groupVariance(int channel, int frequency) {
        return StrictMath.pow(2.0, logVariances[channel * frequencies + frequency] / (double) LOG_VARIANCE_STEPS_PER_OCTAVE);
    }

    /** The prior mean of coefficient {@code i} (coefficient order): zero off DC; kind 2: DC by region. */
    public float priorMean(CoefficientLayout layout, int i) {
        int blocks = layout.blocksPerChannel();
        int group = i / blocks;
        if (group % frequencies != 0) {
            return 0f;
        }
        int b = i - group * blocks;
        int bx = layout.blocksX();
        return dcMean(group / frequencies, b / bx, b % bx, bx, layout.blocksY());
    }

    /** Per-coefficient prior means, in coefficient order (kind 2: DC by region). */
    public float[] priorMeans(CoefficientLayout layout) {
        float[] means = new float[layout.size()];
        int bx = layout.blocksX();
        int by = layout.blocksY();
        for (int c = 0; c < channels; c++) {
            int start = layout.groupStart(c, 0);
            for (int b = 0; b < layout.blocksPerChannel(); b++) {
                means[start + b] = dcMean(c, b / bx, b % bx, bx, by);
            }
        }
        return means;
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
