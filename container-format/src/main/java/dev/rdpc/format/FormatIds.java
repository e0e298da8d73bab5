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
    public static final int MAJOR_VERSION = 1;

    /** Highest format minor version this implementation implements (1 adds proposal kind 2); the writer writes the lowest one a file needs, and any minor is accepted on read. */
    public static final int MINOR_VERSION = 1;

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
    /** CHANNEL record (§3.5). */
    public static final int RECORD_CHANNEL = 0x0004;
    /** RCC record (§3.6). */
    public static final int RECORD_RCC = 0x0005;
    /** PROPOSAL record (§3.7). */
    public static final int RECORD_PROPOSAL = 0x0006;
    /** MODEL record (§3.8). */
    public static final int RECORD_MODEL = 0x0007;
    /** DECODE_HINT record (§3.9), optional. */
    public static final int RECORD_DECODE_HINT = 0x0008;
    /** PAYLOAD record (§3.10). */
    public static final int RECORD_PAYLOAD = 0x0009;
    /** CHANNEL_GAIN record (§3.11), optional. */
    public static final int RECORD_CHANNEL_GAIN = 0x000A;
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

    // ---------------------------------------------------------------- §3.5 CHANNEL

    /** Exclusive upper bound on sigma and realisedSigma. */
    public static final double MAX_SIGMA = 1e6;

    // ---------------------------------------------------------------- §3.6 RCC

    /** prngId of the shared-randomness generator "RDPC-SM64-v1" (§6). */
    public static final int PRNG_RDPC_SM64_V1 = 1;
    /** Name of the generator identified by {@link #PRNG_RDPC_SM64_V1}. */
    public static final String PRNG_RDPC_SM64_V1_NAME = "RDPC-SM64-v1";
    /** schemeId: Poisson functional representation. */
    public static final int SCHEME_POISSON_FUNCTIONAL_REPRESENTATION = 1;
    /** schemeId: ordered random coding. */
    public static final int SCHEME_ORDERED_RANDOM_CODING = 2;
    /** indexModelId: the index model version 1 (§7). */
    public static final int INDEX_MODEL_V1 = 1;
    /** Smallest allowed log2Candidates. */
    public static final int MIN_LOG2_CANDIDATES = 1;
    /** Largest allowed log2Candidates. */
    public static final int MAX_LOG2_CANDIDATES = 40;
    /** Inclusive upper bound on chunkBudgetBits. */
    public static final float MAX_CHUNK_BUDGET_BITS = 64f;

    // ---------------------------------------------------------------- §3.7 PROPOSAL

    /** proposalKindId: per-frequency quantized Gaussian. */
    public static final int PROPOSAL_PER_FREQUENCY_QUANTIZED_GAUSSIAN = 1;
    /** proposalKindId: kind 1 plus one DC mean per region of blocks (format 1.1). */
    public static final int PROPOSAL_PER_FREQUENCY_REGIONAL_DC = 2;
    /** Largest allowed number of opaque proposal bytes (16 MiB). */
    public static final int MAX_PROPOSAL_DATA_BYTES = 16 * 1024 * 1024;

    // ---------------------------------------------------------------- §3.8 MODEL

    /** priorKindId: analytic Gaussian prior (fingerprint all zeros). */
    public static final int PRIOR_ANALYTIC_GAUSSIAN = 0;
    /** priorKindId: ONNX model identified by the SHA-256 of its file. */
    public static final int PRIOR_ONNX_MODEL = 1;
    /** Length in bytes of the model fingerprint (SHA-256). */
    public static final int FINGERPRINT_LENGTH = 32;

    // ---------------------------------------------------------------- §3.9 DECODE_HINT

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

    // ---------------------------------------------------------------- §3.11 CHANNEL_GAIN

    /**
     * Largest allowed number of gains: 3 channels x 64 x 64 frequencies (the largest channel count
     * times the square of the largest block size).
     */
    public static final int MAX_CHANNEL_GAINS = CHANNELS_RGB * MAX_BLOCK_SIZE * MAX_BLOCK_SIZE;
    /** Stored gain value meaning a gain of exactly 1; a stored value g means the gain g / 32768. */
    public static final int GAIN_ONE = 32768;
}
