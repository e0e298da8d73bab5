package dev.rdpc.format;

import java.util.List;

/**
 * LADDER record (id 0x000B, docs/format.md §3.8): the shared randomness, how the model is
 * evaluated, and the layers of the noise ladder, from layer 0 (coded against PROPOSAL) down to the
 * final noise level.
 *
 * @param prngId         {@link FormatIds#PRNG_RDPC_SM64_V2}
 * @param permutationId  {@link FormatIds#PERMUTATION_FEISTEL_V1}
 * @param indexModelId   {@link FormatIds#INDEX_MODEL_LAYERED}
 * @param log2Candidates every index lies in 1 .. 2^log2Candidates; 1..40
 * @param seed           seed of the shared randomness, any 64-bit value
 * @param tileEdge       0: the model denoises the whole padded image; otherwise the tile edge
 *                       (64..65535) of the tiled evaluation (§7.6)
 * @param tileOverlap    0 when tileEdge is 0; otherwise the least overlap of adjacent tiles,
 *                       8 .. tileEdge / 2
 * @param bands          frequency bands per channel of the posterior-variance scales, 1..127
 * @param layers         the layers in coding order, 1..255 of them, sigmas strictly decreasing
 * @param scales         the posterior-variance scales of layers 1 .. L-1, channels x bands per layer,
 *                       as a side-information stream (§7.7); empty for a single layer. Copied on
 *                       construction and access.
 */
public record LadderInfo(int prngId, int permutationId, int indexModelId, int log2Candidates, long seed, int tileEdge,
                         int tileOverlap, int bands, List<LayerInfo> layers, byte[] scales) {
    /**
     * Validates the fields that need no other record.
     *
     * @throws IllegalArgumentException if a field is outside its range or the sigmas do not decrease
     */
    public LadderInfo {
        Rules.require(Rules.prngId(prngId));
        Rules.require(Rules.permutationId(permutationId));
        Rules.require(Rules.indexModelId(indexModelId));
        Rules.require(Rules.log2Candidates(log2Candidates));
        Rules.require(Rules.tileEdge(tileEdge));
        Rules.require(Rules.tileOverlap(tileEdge, tileOverlap));
        Rules.require(Rules.bands(bands));
        layers = List.copyOf(layers);
        Rules.require(Rules.layerCount(layers.size()));
        for (int k = 1; k < layers.size(); k++) {
            Rules.require(Rules.sigmaDecreases(k, layers.get(k - 1).sigma(), layers.get(k).sigma()));
        }
        Rules.require(Rules.scalesPresent(layers.size(), scales.length));
        scales = scales.clone();
    }

    @Override
    public byte[] scales() {
        return scales.clone();
    }

    byte[] scalesNoCopy() {
        return scales;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LadderInfo l && l.prngId == prngId && l.permutationId == permutationId
                && l.indexModelId == indexModelId && l.log2Candidates == log2Candidates && l.seed == seed
                && l.tileEdge == tileEdge && l.tileOverlap == tileOverlap && l.bands == bands && l.layers.equals(layers)
                && java.util.Arrays.equals(l.scales, scales);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(prngId, permutationId, indexModelId, log2Candidates, seed, tileEdge, tileOverlap,
                bands, layers, java.util.Arrays.hashCode(scales));
    }

    @Override
    public String toString() {
        return "LadderInfo[prngId=" + prngId + ", permutationId=" + permutationId + ", indexModelId=" + indexModelId
                + ", log2Candidates=" + log2Candidates + ", seed=" + seed + ", tileEdge=" + tileEdge + ", tileOverlap="
                + tileOverlap + ", bands=" + bands + ", layers=" + layers + ", scales=" + Hex.abbreviate(scales) + "]";
    }

    /** The final noise level, that of the last layer. */
    public float finalSigma() {
        return layers.get(layers.size() - 1).sigma();
    }

    /** Sum of the layers' payload bytes. */
    public long payloadBytes() {
        long sum = 0;
        for (LayerInfo l : layers) {
            sum += l.payloadBytes();
        }
        return sum;
    }

    /** Sum of the layers' chunk counts. */
    public long chunkCount() {
        long sum = 0;
        for (LayerInfo l : layers) {
            sum += l.chunkCount();
        }
        return sum;
    }

    /** Length of the record value. */
    public long encodedLength() {
        return FormatIds.LADDER_HEADER_LENGTH + (long) layers.size() * FormatIds.LAYER_ENTRY_LENGTH + scales.length;
    }
}
