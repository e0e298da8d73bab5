package dev.rdpc.format;

/**
 * CHANNEL record (id 0x0004, docs/format.md §3.5): the simulated noisy channel.
 *
 * @param sigma nominal noise standard deviation in model units; finite, &gt; 0, &lt; 1e6
 * @param realisedSigma noise standard deviation the encoder measured, from which the decoder
 *     starts; finite, &gt; 0, &lt; 1e6
 */
public record ChannelInfo(double sigma, double realisedSigma) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is outside its range
     */
    public ChannelInfo {
        Rules.require(Rules.sigma("sigma", sigma));
        Rules.require(Rules.sigma("realisedSigma", realisedSigma));
    }
}
