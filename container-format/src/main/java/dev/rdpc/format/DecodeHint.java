package dev.rdpc.format;

/**
 * DECODE_HINT record (id 0x0008, docs/format.md §3.7), optional: the encoder's suggestion of how
 * to decode. A decoder may override it.
 *
 * @param modeId {@link FormatIds#MODE_ODE}, {@link FormatIds#MODE_INTERP}, {@link FormatIds#MODE_SDE}
 *     or {@link FormatIds#MODE_MAP_RPS}
 * @param perception perception weight in [0, 1]
 * @param steps number of decoder steps, 1..10000
 */
public record DecodeHint(int modeId, float perception, int steps) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is outside its range
     */
    public DecodeHint {
        Rules.require(Rules.modeId(modeId));
        Rules.require(Rules.perception(perception));
        Rules.require(Rules.steps(steps));
    }
}
