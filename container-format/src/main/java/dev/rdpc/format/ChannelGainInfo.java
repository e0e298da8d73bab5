package dev.rdpc.format;

import java.util.Arrays;

/**
 * CHANNEL_GAIN record (id 0x000A, docs/format.md §3.11), optional: the channel gain the encoder
 * measured for each (channel, frequency) group. Group {@code k = channel * blockSize^2 + frequency},
 * in the coefficient order of §7.1, has the gain {@code gains[k] / 32768}; when the record is
 * absent every gain is 1.
 *
 * <p>The array is copied on construction and on access; equality is by content. The constructor
 * checks only the rules of the record itself; that the count equals {@code channels x blockSize^2}
 * is a cross-record rule checked by {@link RdpcFile.Builder#build()} and {@link ContainerReader}.
 *
 * @param gains the stored values g_0..g_{n-1}, each in 1..65535, with 1 <= n <= 12288
 */
public record ChannelGainInfo(int[] gains) {
    /**
     * Validates and copies {@code gains}.
     *
     * @throws IllegalArgumentException if the count or a value is outside its range
     * @throws NullPointerException if {@code gains} is null
     */
    public ChannelGainInfo {
        gains = gains.clone();
        Rules.require(Rules.channelGainCount(gains.length));
        for (int k = 0; k < gains.length; k++) {
            Rules.require(Rules.channelGain(k, gains[k]));
        }
    }

    /**
     * Returns a copy of the stored gain values.
     *
     * @return the values g_0..g_{n-1}
     */
    @Override
    public int[] gains() {
        return gains.clone();
    }

    /**
     * Returns the number of gains n.
     *
     * @return the length of {@link #gains()}
     */
    public int count() {
        return gains.length;
    }

    /**
     * Returns the gain of group {@code k}, {@code g_k / 32768}.
     *
     * @param k the group index, 0 <= k < {@link #count()}
     * @return the gain
     * @throws IndexOutOfBoundsException if {@code k} is out of range
     */
    public double gain(int k) {
        return gains[k] / (double) FormatIds.GAIN_ONE;
    }

    int[] gainsNoCopy() {
        return gains;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelGainInfo g && Arrays.equals(g.gains, gains);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gains);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ChannelGainInfo[count=").append(gains.length).append(", gains=[");
        int shown = Math.min(gains.length, 16);
        for (int k = 0; k < shown; k++) {
            s.append(k == 0 ? "" : ", ").append(gains[k]);
        }
        return s.append(gains.length > shown ? ", ...]]" : "]]").toString();
    }
}
