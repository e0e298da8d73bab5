package dev.rdpc.format;

/**
 * Named values of every identifier and fixed bound defined by the rdpc container format
 * (docs/format.md), so that codec code refers to names rather than numbers.
 *
 * <p>Identifier values are permanent: once assigned they are never reused or renumbered, and they
 * are never derived from the position of a record in a file.
 */
public final class FormatIds {
    private FormatIds() {}

    // ---------------------------------------------------------------- §2 signature and version

    /** Length in bytes of the file signature. */
    public static final int SIGNATURE_LENGTH = 8;

    /** Format major version written and accepted by this implementation. */
    public static final int MAJOR_VERSION = 2;

    /** Format minor version this implementation writes; any minor of major 2 is accepted on read. */
    public static final int MINOR_VERSION = 0;

    /**
     * Returns a fresh copy of the 8-byte signature {@code 0x89 'R' 'D' 'P' 'C' 0x0D 0x0A 0x1A}.
     *
     * @return the signature bytes
     */
    public static byte[] signature() {
        return new byte[] {(byte) 0x89, 'R', 'D', 'P', 'C', 0x0D, 0x0A, 0x1A};
    }

    // ---------------------------------------------------------------- §3.1 record ids

    /** Invalid record id; never appears in a well-formed file. */
    public static final int RECORD_INVALID = 0x0000;
    /** IMAGE record (§3.2). */
    public static final int RECORD_IMAGE = 0x0001;
    /** TRANSFORM record (§3.3). */
    public static final int RECORD_TRANSFORM = 0x0002;
    /** PADDING record (§3.4). */
    public static final int RECORD_PADDING = 0x0003;
    /** PROPOSAL record (§3.5): the fixed Gaussian proposal of layer 0. */
    public static final int RECORD_PROPOSAL = 0x0006;
    /** MODEL record (§3.6). */
    public static final int RECORD_MODEL = 0x0007;
    /** DECODE_HINT record (§3.7), optional. */
    public static final int RECORD_DECODE_HINT = 0x0008;
    /** LADDER record (§3.8): the noise ladder and every layer's coding parameters. */
    public static final int RECORD_LADDER = 0x000B;
    /** LAYER_PAYLOAD record (§3.9): the layers' range-coded indices. */
    public static final int RECORD_LAYER_PAYLOAD = 0x000C;
    /** Retired with format 1 (§3.10): CHANNEL. Never reused. */
    public static final int RETIRED_CHANNEL = 0x0004;
    /** Retired with format 1 (§3.10): RCC. Never reused. */
    public static final int RETIRED_RCC = 0x0005;
    /** Retired with format 1 (§3.10): PAYLOAD. Never reused. */
    public static final int RETIRED_PAYLOAD = 0x0009;
    /** Retired with format 1 (§3.10): CHANNEL_GAIN. Never reused. */
    public static final int RETIRED_CHANNEL_GAIN = 0x000A;
    /** END record carrying the CRC-32C (§4). */
    public static final int RECORD_END = 0xFFFF;

    /** Lowest critical record id. */
    public static final int FIRST_CRITICAL_ID = 0x0001;
    /** Highest critical record id. */
    public static final int LAST_CRITICAL_ID = 0x7FFF;
    /** Lowest ancillary record id. */
    public static final int FIRST_ANCILLARY_ID = 0x8000;
    /** Highest ancillary record id. */
    public static final int LAST_ANCILLARY_ID = 0xFFFE;

    /**
     * Returns whether {@code id} is in the critical range 0x0001-0x7FFF.
     *
     * @param id a record id
     * @return true for critical ids
     */
    public static boolean isCritical(int id) {
        return id >= FIRST_CRITICAL_ID && id <= LAST_CRITICAL_ID;
    }

    /**
     * Returns whether {@code id} is in the ancillary range 0x8000-0xFFFE.
     *
     * @param id a record id
     * @return true for ancillary ids
     */
    public static boolean isAncillary(int id) {
        return id >= FIRST_ANCILLARY_ID && id <= LAST_ANCILLARY_ID;
    }

    // ---------------------------------------------------------------- §3.2 IMAGE

    /** channels value for a single grey channel. */
    public static final int CHANNELS_GREY = 1;
    /** channels value for RGB. */
    public static final int CHANNELS_RGB = 3;
    /** The only bitsPerSample value defined so far. */
    public static final int BITS_PER_SAMPLE_8 = 8;
    /** Largest allowed width and largest allowed height, 2^20. */
    public static final int MAX_DIMENSION = 1 << 20;

    // ---------------------------------------------------------------- §3.3 TRANSFORM

    /** colourTransformId: identity (grey images). */
    public static final int COLOUR_TRANSFORM_IDENTITY = 0;
    /** colourTransformId: orthonormal opponent RGB transform (RGB images). */
    public static final int COLOUR_TRANSFORM_OPPONENT_ORTHONORMAL = 1;
    /**
     * colourTransformId: a grey image coded as RGB for a colour model. Its plane is replicated into
     * R, G and B, coded like an RGB image, and the decoder averages the three decoded planes back to
     * one (§3.3).
     */
    public static final int COLOUR_TRANSFORM_GREY_AS_RGB = 2;
    /** blockTransformId: orthonormal 2-D DCT-II. */
    public static final int BLOCK_TRANSFORM_DCT_II_ORTHONORMAL = 1;
    /** Smallest allowed block size. */
    public static final int MIN_BLOCK_SIZE = 2;
    /** Largest allowed block size. */
    public static final int MAX_BLOCK_SIZE = 64;
    /** valueMappingId: u = 2*v/255 - 1, model space [-1, 1]. */
    public static final int VALUE_MAPPING_SYMMETRIC_UNIT = 1;

    // ---------------------------------------------------------------- §3.4 PADDING

    /** paddingModeId: edge replication. */
    public static final int PADDING_EDGE_REPLICATION = 1;
    /** Exclusive bound on paddedWidth - width and paddedHeight - height. */
    public static final int PADDING_EXCESS_LIMIT = 4096;

    // ---------------------------------------------------------------- §3.5 PROPOSAL

    /** proposalKindId: per-frequency quantized Gaussian. */
    public static final int PROPOSAL_PER_FREQUENCY_QUANTIZED_GAUSSIAN = 1;
    /** proposalKindId: kind 1 plus one DC mean per region of blocks. */
    public static final int PROPOSAL_PER_FREQUENCY_REGIONAL_DC = 2;
    /** Largest allowed number of opaque proposal bytes (16 MiB). */
    public static final int MAX_PROPOSAL_DATA_BYTES = 16 * 1024 * 1024;

    // ---------------------------------------------------------------- §3.6 MODEL

    /** priorKindId: analytic Gaussian prior (fingerprint all zeros). */
    public static final int PRIOR_ANALYTIC_GAUSSIAN = 0;
    /** priorKindId: ONNX model identified by the SHA-256 of its file. */
    public static final int PRIOR_ONNX_MODEL = 1;
    /** Length in bytes of the model fingerprint (SHA-256). */
    public static final int FINGERPRINT_LENGTH = 32;

    // ---------------------------------------------------------------- §3.7 DECODE_HINT

    /** modeId: decoding mode "ode". */
    public static final int MODE_ODE = 1;
    /** modeId: decoding mode "interp". */
    public static final int MODE_INTERP = 2;
    /** modeId: decoding mode "sde". */
    public static final int MODE_SDE = 3;
    /** modeId: decoding mode "map-rps". */
    public static final int MODE_MAP_RPS = 4;
    /** Smallest allowed steps. */
    public static final int MIN_STEPS = 1;
    /** Largest allowed steps. */
    public static final int MAX_STEPS = 10_000;

    // ---------------------------------------------------------------- §3.8 LADDER

    /**
     * prngId of the shared-randomness generator "RDPC-SM64-v2" (§6): SplitMix64 words, four 16-bit
     * normal variates per word. (Id 1, RDPC-SM64-v1 with two interpolated 32-bit variates per word,
     * belonged to format 1 and is not valid in format 2.)
     */
    public static final int PRNG_RDPC_SM64_V2 = 2;
    /** Name of the generator identified by {@link #PRNG_RDPC_SM64_V2}. */
    public static final String PRNG_RDPC_SM64_V2_NAME = "RDPC-SM64-v2";
    /** permutationId of the Feistel layer permutation "RDPC-FEISTEL-v1" (§7.3). */
    public static final int PERMUTATION_FEISTEL_V1 = 1;
    /** indexModelId of the layered index model (§7.5). */
    public static final int INDEX_MODEL_LAYERED = 2;
    /** Smallest allowed log2Candidates. */
    public static final int MIN_LOG2_CANDIDATES = 1;
    /** Largest allowed log2Candidates. */
    public static final int MAX_LOG2_CANDIDATES = 40;
    /** Exclusive upper bound on a layer's sigma. */
    public static final double MAX_SIGMA = 1e6;
    /** Smallest non-zero tile edge. */
    public static final int MIN_TILE_EDGE = 64;
    /** Smallest non-zero tile overlap. */
    public static final int MIN_TILE_OVERLAP = 8;
    /** Number of index-model contexts; a layer's context lies in 0 .. CONTEXTS - 1. */
    public static final int CONTEXTS = 32;
    /** Bytes of the LADDER header before the first layer. */
    public static final int LADDER_HEADER_LENGTH = 18;
    /** Bytes of one layer entry: f32 sigma, u32 chunkCount, u8 context, u32 payloadBytes. */
    public static final int LAYER_ENTRY_LENGTH = 13;
}
