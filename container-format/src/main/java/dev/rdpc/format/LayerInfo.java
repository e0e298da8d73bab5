package dev.rdpc.format;

/**
 * One layer of the LADDER record (docs/format.md §3.8): the noise level its channel output reaches,
 * how its dimensions are chunked, and where its indices lie in LAYER_PAYLOAD.
 *
 * @param sigma        the noise standard deviation of the layer's output y_k in model units, a
 *                     binary32 value; finite, &gt; 0, &lt; 1e6
 * @param chunkCount   number of chunks, 1 .. 2^32 - 1 (at most the image's coefficient count, a
 *                     cross-record rule)
 * @param context      index-model context of every chunk of the layer, 0..31
 * @param payloadBytes bytes of LAYER_PAYLOAD that hold this layer's indices, 0 .. 2^32 - 1
 */
public record LayerInfo(float sigma, long chunkCount, int context, long payloadBytes) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is outside its range
     */
    public LayerInfo {
        Rules.require(Rules.layerSigma(sigma));
        Rules.require(Rules.chunkCount(chunkCount));
        Rules.require(Rules.context(context));
        Rules.require(Rules.payloadBytes(payloadBytes));
    }
}
