package dev.rdpc.format;

/**
 * IMAGE record (id 0x0001, docs/format.md §3.2): the size and sample format of the coded image.
 *
 * @param width width in pixels, 1..2^20
 * @param height height in pixels, 1..2^20
 * @param channels {@link FormatIds#CHANNELS_GREY} or {@link FormatIds#CHANNELS_RGB}
 * @param bitsPerSample {@link FormatIds#BITS_PER_SAMPLE_8}
 */
public record ImageInfo(int width, int height, int channels, int bitsPerSample) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is outside its range
     */
    public ImageInfo {
        Rules.require(Rules.dimension("width", width));
        Rules.require(Rules.dimension("height", height));
        Rules.require(Rules.channels(channels));
        Rules.require(Rules.bitsPerSample(bitsPerSample));
    }

    /**
     * Returns {@code width * height}.
     *
     * @return the pixel count
     */
    public long pixelCount() {
        return (long) width * height;
    }
}
