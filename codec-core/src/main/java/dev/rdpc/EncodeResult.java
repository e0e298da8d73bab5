package dev.rdpc;

/**
 * A compressed image and what the encoder measured while making it.
 *
 * @param file          the complete .rdpc file
 * @param channels      channels of the coded image: the input's, except 3 for a grey image coded for a
 *                      colour model (it then decodes to RGB)
 * @param sigma         nominal channel noise level (model units)
 * @param realisedSigma noise level of the channel after the gain correction, sqrt(mean (y' - c)^2); the decoder starts from it
 * @param rawRealisedSigma noise level before the gain correction, sqrt(mean (y - c)^2)
 * @param klBits        total KL of the channel against the proposal, the ideal rate of the payload
 * @param payloadBits   bits of the coded indices
 * @param chunkCount    reverse-channel-coding chunks
 * @param attempts      encodes the rate controller ran (1 when sigma was given)
 * @param seconds       wall time of the whole encode
 * @param candidatesSearched candidates the channel search went through (in the attempt returned)
 * @param candidatesScored   of those, the ones scored in full rather than screened out (docs/format.md §7.5)
 */
public record EncodeResult(byte[] file, int channels, int width, int height, double sigma, double realisedSigma, double rawRealisedSigma, double klBits,
                           long payloadBits, int chunkCount, int attempts, double seconds, long candidatesSearched,
                           long candidatesScored) {
    /** Bits per pixel of the whole file. */
    public double bpp() {
        return 8.0 * file.length / ((double) width * height);
    }
}
