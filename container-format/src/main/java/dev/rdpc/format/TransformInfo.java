package dev.rdpc.format;

/**
 * TRANSFORM record (id 0x0002, docs/format.md §3.3): how pixels map to the coded coefficients.
 *
 * @param colourTransformId {@link FormatIds#COLOUR_TRANSFORM_IDENTITY} (grey) or
 *     {@link FormatIds#COLOUR_TRANSFORM_OPPONENT_ORTHONORMAL} (RGB)
 * @param blockTransformId {@link FormatIds#BLOCK_TRANSFORM_DCT_II_ORTHONORMAL}
 * @param blockSize a power of two in 2..64
 * @param valueMappingId {@link FormatIds#VALUE_MAPPING_SYMMETRIC_UNIT}
 */
public record TransformInfo(int colourTransformId, int blockTransformId, int blockSize, int valueMappingId) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is outside its range
     */
    public TransformInfo {
        Rules.require(Rules.colourTransformId(colourTransformId));
        Rules.require(Rules.blockTransformId(blockTransformId));
        Rules.require(Rules.blockSize(blockSize));
        Rules.require(Rules.valueMappingId(valueMappingId));
    }
}
