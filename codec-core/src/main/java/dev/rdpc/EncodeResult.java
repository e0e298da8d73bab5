package dev.rdpc;

import dev.rdpc.core.LayeredEncoder.LayerStats;
import java.util.List;

/**
 * A compressed image and what the encoder measured while making it.
 *
 * @param file          the complete .rdpc file
 * @param channels      channels of the coded image: the input's, except 3 for a grey image coded for a
 *                      colour model (it then decodes to RGB)
 * @param sigma         the final noise level of the ladder (model units): the channel the file simulates
 * @param klBits        total KL of the layers against their proposals, the floor of any exact channel simulation
 * @param payloadBits   bits of the coded indices
 * @param layers        per layer: sigma, chunks, KL, payload bits, candidates, seconds
 * @param attempts      times the final layer was coded to land on a bpp target (1 when sigma was given)
 * @param seconds       wall time of the whole encode
 */
public record EncodeResult(byte[] file, int channels, int width, int height, double sigma, double klBits, long payloadBits,
                           List<LayerStats> layers, int attempts, double seconds) {
    /** Bits per pixel of the whole file. */
    public double bpp() {
        return 8.0 * file.length / ((double) width * height);
    }

    /** Chunks over all layers. */
    public long chunkCount() {
        return layers.stream().mapToLong(LayerStats::chunkCount).sum();
    }

    /** Candidates the searches went through, over all layers. */
    public long candidatesSearched() {
        return layers.stream().mapToLong(LayerStats::candidates).sum();
    }
}
