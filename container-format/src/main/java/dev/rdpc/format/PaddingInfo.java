package dev.rdpc.format;

/**
 * PADDING record (id 0x0003, docs/format.md §3.4): the block-aligned size the encoder padded the
 * image to. The relation to {@link ImageInfo} and {@link TransformInfo} is checked when an
 * {@link RdpcFile} is built.
 *
 * @param paddedWidth padded width, 1..2^20+4095
 * @param paddedHeight padded height, 1..2^20+4095
 * @param paddingModeId {@link FormatIds#PADDING_EDGE_REPLICATION}
 */
public record PaddingInfo(int paddedWidth, int paddedHeight, int paddingModeId) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is outside its range
     */
    public PaddingInfo {
        Rules.require(Rules.paddedDimension("paddedWidth", paddedWidth));
        Rules.require(Rules.paddedDimension("paddedHeight", paddedHeight));
        Rules.require(Rules.paddingModeId(paddingModeId));
    }

    /**
     * Returns {@code paddedWidth * paddedHeight}.
     *
     * @return the padded pixel count
     */
    public long pixelCount() {
        return (long) paddedWidth * paddedHeight;
    }
}
