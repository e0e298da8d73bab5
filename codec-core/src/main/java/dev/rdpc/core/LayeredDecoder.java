package dev.rdpc.core;

import dev.rdpc.decoder.ProgressListener;
import dev.rdpc.format.LadderInfo;
import dev.rdpc.format.LayerInfo;
import dev.rdpc.rcc.CorruptBitstreamException;
import dev.rdpc.rcc.IndexModel;
import dev.rdpc.rcc.LayerCoder;
import dev.rdpc.transform.CoefficientLayout;

/**
 * Regenerates the channel output of the first N layers of a file (DESIGN.md §7): layer 0 from
 * PROPOSAL, then each layer from the previous output and the denoiser's estimate, one model call
 * per layer after the first. Any prefix ends at an exact AWGN observation at its layer's sigma.
 */
public final class LayeredDecoder {
    private LayeredDecoder() {}

    /**
     * Decodes layers 0 .. layers-1.
     *
     * @param payload  the LAYER_PAYLOAD value
     * @param progress called with (layers done, layers) after each layer
     * @return y after the last decoded layer, in coefficient order
     * @throws CorruptBitstreamException when a layer's payload cannot hold its indices
     */
    public static float[] decode(LadderInfo ladder, byte[] payload, CoefficientLayout layout, PerFrequencyProposal proposal,
                                 CoefficientDenoiser denoiser, int layers, ProgressListener progress)
            throws CorruptBitstreamException {
        if (layers < 1 || layers > ladder.layers().size()) {
            throw new IllegalArgumentException("layers must lie in [1, " + ladder.layers().size() + "]: " + layers);
        }
        int n = layout.size();
        float[] y = new float[n];
        decodeInto(ladder, payload, layout, proposal, denoiser, layers, progress, y, layers > 1 ? new float[n] : null);
        return y;
    }

    /**
     * As {@link #decode}, into {@code y}; {@code denoised} is scratch (needed when {@code layers > 1})
     * and holds D(y_{layers-2}) afterwards. The encoder uses this to regenerate a layer's input
     * without keeping a copy of the whole channel.
     */
    static void decodeInto(LadderInfo ladder, byte[] payload, CoefficientLayout layout, PerFrequencyProposal proposal,
                           CoefficientDenoiser denoiser, int layers, ProgressListener progress, float[] y,
                           float[] denoised) throws CorruptBitstreamException {
        java.util.Arrays.fill(y, 0f);
        IndexModel model = new IndexModel(ladder.log2Candidates());
        PosteriorVariance variance = new PosteriorVariance(layout, proposal, ladder.bands());
        java.util.List<byte[]> scales = ScaleStream.read(ladder.scales(), ladder.layers().size() - 1, variance.scaleCount(),
                ladder.bands());
        long offset = 0;
        long firstChunk = 0;
        for (int k = 0; k < layers; k++) {
            LayerInfo layer = ladder.layers().get(k);
            LayerCoder.Geometry geometry = new LayerCoder.Geometry(ladder.seed(), k, firstChunk, (int) layer.chunkCount(),
                    layer.context(), layout.blocksPerChannel());
            LayerCoder.Proposal p;
            if (k == 0) {
                p = LayerProposals.first(proposal, layout, layer.sigma(), null);
            } else {
                double sigmaPrevious = ladder.layers().get(k - 1).sigma();
                denoiser.denoise(y, sigmaPrevious, denoised);
                float[] groupVariances = variance.proposalVariances(scales.get(k - 1), sigmaPrevious, layer.sigma());
                p = LayerProposals.step(layout, y, denoised, groupVariances, sigmaPrevious, layer.sigma(), null);
            }
            LayerCoder.decode(payload, (int) offset, (int) layer.payloadBytes(), p, geometry, model, y);
            offset += layer.payloadBytes();
            firstChunk += layer.chunkCount();
            if (progress != null) {
                progress.onProgress(k + 1, layers);
            }
        }
    }
}
