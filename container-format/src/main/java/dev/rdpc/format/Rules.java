package dev.rdpc.format;

import static dev.rdpc.format.FormatIds.*;

/**
 * The validation rules of docs/format.md, shared by the record constructors (which turn a
 * violation into {@link IllegalArgumentException}) and by {@link ContainerReader} (which turns it
 * into {@link MalformedInputException} at the offset of the offending field).
 *
 * <p>Every check returns {@code null} when the value is valid, otherwise the reason, which always
 * ends with a citation of the specification section.
 */
final class Rules {
    private Rules() {}

    static final String SIGNATURE = "2";
    static final String FRAMING = "3.1";
    static final String RECORD_SET = "3.11";
    static final String RETIRED = "3.10";
    static final String CHECKSUM = "4";
    static final String LIMITS = "5";

    static String ref(String section) {
        return " (format.md §" + section + ")";
    }

    static String firstProblem(java.util.List<java.util.Map.Entry<Long, String>> problems) {
        return problems.isEmpty() ? null : problems.get(0).getValue();
    }

    static void require(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static final java.util.HexFormat HEX = java.util.HexFormat.of().withUpperCase();

    static String hex16(long id) {
        return "0x" + HEX.toHexDigits((short) id);
    }

    static String hex32(long value) {
        return "0x" + HEX.toHexDigits((int) value);
    }

    /** Name of a known record, "ancillary" or "unknown critical"/"invalid". */
    static String recordName(int id) {
        switch (id) {
            case RECORD_IMAGE: return "IMAGE";
            case RECORD_TRANSFORM: return "TRANSFORM";
            case RECORD_PADDING: return "PADDING";
            case RECORD_PROPOSAL: return "PROPOSAL";
            case RECORD_MODEL: return "MODEL";
            case RECORD_DECODE_HINT: return "DECODE_HINT";
            case RECORD_LADDER: return "LADDER";
            case RECORD_LAYER_PAYLOAD: return "LAYER_PAYLOAD";
            case RETIRED_CHANNEL: return "CHANNEL, retired";
            case RETIRED_RCC: return "RCC, retired";
            case RETIRED_PAYLOAD: return "PAYLOAD, retired";
            case RETIRED_CHANNEL_GAIN: return "CHANNEL_GAIN, retired";
            case RECORD_END: return "END";
            default:
                if (isAncillary(id)) {
                    return "ancillary";
                }
                return id == RECORD_INVALID ? "invalid" : "unknown critical";
        }
    }

    /** "0x0001 (IMAGE)". */
    static String label(int id) {
        return hex16(id) + " (" + recordName(id) + ")";
    }

    /** The critical records of format 2, in the canonical (ascending) order. */
    static final int[] KNOWN_IDS = {RECORD_IMAGE, RECORD_TRANSFORM, RECORD_PADDING, RECORD_PROPOSAL, RECORD_MODEL,
        RECORD_DECODE_HINT, RECORD_LADDER, RECORD_LAYER_PAYLOAD};

    /** Highest known critical record id. */
    static final int LAST_KNOWN_ID = RECORD_LAYER_PAYLOAD;

    static boolean isKnown(int id) {
        for (int known : KNOWN_IDS) {
            if (known == id) {
                return true;
            }
        }
        return false;
    }

    static boolean isRetired(int id) {
        return id == RETIRED_CHANNEL || id == RETIRED_RCC || id == RETIRED_PAYLOAD || id == RETIRED_CHANNEL_GAIN;
    }

    static boolean isRequired(int id) {
        return isKnown(id) && id != RECORD_DECODE_HINT;
    }

    /** Specification section defining a known record. */
    static String section(int id) {
        switch (id) {
            case RECORD_IMAGE: return "3.2";
            case RECORD_TRANSFORM: return "3.3";
            case RECORD_PADDING: return "3.4";
            case RECORD_PROPOSAL: return "3.5";
            case RECORD_MODEL: return "3.6";
            case RECORD_DECODE_HINT: return "3.7";
            case RECORD_LADDER: return "3.8";
            case RECORD_LAYER_PAYLOAD: return "3.9";
            case RECORD_END: return CHECKSUM;
            default: return isRetired(id) ? RETIRED : FRAMING;
        }
    }

    /** Exact value length of a fixed-length record, or -1 when the length is variable. */
    static int fixedLength(int id) {
        switch (id) {
            case RECORD_IMAGE: return 10;
            case RECORD_TRANSFORM: return 4;
            case RECORD_PADDING: return 9;
            case RECORD_MODEL: return 1 + FINGERPRINT_LENGTH;
            case RECORD_DECODE_HINT: return 7;
            case RECORD_END: return 4;
            default: return -1;
        }
    }

    private static String range(String record, String field, long value, long min, long max, int id) {
        if (value >= min && value <= max) {
            return null;
        }
        return record + " " + field + " " + value + " is out of range " + min + ".." + max + ref(section(id));
    }

    private static String oneOf(String record, String field, long value, String allowed, int id) {
        return record + " " + field + " " + value + " is not defined (allowed: " + allowed + ")"
                + ref(section(id));
    }

    // ------------------------------------------------------------------ §3.2 IMAGE

    static String dimension(String field, long value) {
        return range("IMAGE", field, value, 1, MAX_DIMENSION, RECORD_IMAGE);
    }

    static String channels(long value) {
        return value == CHANNELS_GREY || value == CHANNELS_RGB
                ? null : oneOf("IMAGE", "channels", value, "1 = grey, 3 = RGB", RECORD_IMAGE);
    }

    static String bitsPerSample(long value) {
        return value == BITS_PER_SAMPLE_8
                ? null : oneOf("IMAGE", "bitsPerSample", value, "8", RECORD_IMAGE);
    }

    // ------------------------------------------------------------------ §3.3 TRANSFORM

    static String colourTransformId(long value) {
        return value == COLOUR_TRANSFORM_IDENTITY || value == COLOUR_TRANSFORM_OPPONENT_ORTHONORMAL
                || value == COLOUR_TRANSFORM_GREY_AS_RGB
                ? null
                : oneOf("TRANSFORM", "colourTransformId", value,
                        "0 = identity, 1 = orthonormal opponent RGB, 2 = grey coded as RGB", RECORD_TRANSFORM);
    }

    static String blockTransformId(long value) {
        return value == BLOCK_TRANSFORM_DCT_II_ORTHONORMAL
                ? null
                : oneOf("TRANSFORM", "blockTransformId", value, "1 = orthonormal 2-D DCT-II",
                        RECORD_TRANSFORM);
    }

    static String blockSize(long value) {
        if (value >= MIN_BLOCK_SIZE && value <= MAX_BLOCK_SIZE && (value & (value - 1)) == 0) {
            return null;
        }
        return "TRANSFORM blockSize " + value + " must be a power of two in " + MIN_BLOCK_SIZE + ".."
                + MAX_BLOCK_SIZE + ref(section(RECORD_TRANSFORM));
    }

    static String valueMappingId(long value) {
        return value == VALUE_MAPPING_SYMMETRIC_UNIT
                ? null
                : oneOf("TRANSFORM", "valueMappingId", value, "1 = u = 2*v/255 - 1", RECORD_TRANSFORM);
    }

    /** Cross-record rule of §3.3: the colour transform must match the channel count. */
    static String colourMatchesChannels(long channels, long colourTransformId) {
        boolean grey = channels == CHANNELS_GREY;
        if (grey ? colourTransformId == COLOUR_TRANSFORM_IDENTITY || colourTransformId == COLOUR_TRANSFORM_GREY_AS_RGB
                : colourTransformId == COLOUR_TRANSFORM_OPPONENT_ORTHONORMAL) {
            return null;
        }
        return "TRANSFORM colourTransformId " + colourTransformId + " does not match IMAGE channels "
                + channels + " (channels " + channels + " requires colourTransformId "
                + (grey ? COLOUR_TRANSFORM_IDENTITY + " or " + COLOUR_TRANSFORM_GREY_AS_RGB : COLOUR_TRANSFORM_OPPONENT_ORTHONORMAL)
                + ")" + ref(section(RECORD_TRANSFORM));
    }

    /** The number of planes coded: three for RGB and for grey coded as RGB, else one (§3.3). */
    public static int codedChannels(int imageChannels, int colourTransformId) {
        return colourTransformId == COLOUR_TRANSFORM_GREY_AS_RGB ? 3 : imageChannels;
    }

    // ------------------------------------------------------------------ §3.4 PADDING

    static String paddedDimension(String field, long value) {
        return range("PADDING", field, value, 1, MAX_DIMENSION + (PADDING_EXCESS_LIMIT - 1),
                RECORD_PADDING);
    }

    static String paddingModeId(long value) {
        return value == PADDING_EDGE_REPLICATION
                ? null : oneOf("PADDING", "paddingModeId", value, "1 = edge replication", RECORD_PADDING);
    }

    /**
     * Cross-record rule of §3.4 for one axis.
     *
     * @param axis "Width" or "Height"
     */
    static String padded(String axis, long size, long padded, long blockSize) {
        String s = ref(section(RECORD_PADDING));
        String pf = "PADDING padded" + axis + " " + padded;
        String sf = "IMAGE " + axis.toLowerCase(java.util.Locale.ROOT) + " " + size;
        if (padded < size) {
            return pf + " is less than " + sf + s;
        }
        if (padded % blockSize != 0) {
            return pf + " is not a multiple of TRANSFORM blockSize " + blockSize + s;
        }
        if (padded - size >= PADDING_EXCESS_LIMIT) {
            return pf + " exceeds " + sf + " by " + (padded - size) + "; the excess must be below "
                    + PADDING_EXCESS_LIMIT + s;
        }
        return null;
    }

    // ------------------------------------------------------------------ §3.7 PROPOSAL

    static String proposalKindId(long value) {
        return value == PROPOSAL_PER_FREQUENCY_QUANTIZED_GAUSSIAN || value == PROPOSAL_PER_FREQUENCY_REGIONAL_DC
                ? null
                : oneOf("PROPOSAL", "proposalKindId", value,
                        "1 = per-frequency quantized Gaussian, 2 = the same with regional DC means", RECORD_PROPOSAL);
    }

    static String proposalDataLength(long n) {
        if (n >= 0 && n <= MAX_PROPOSAL_DATA_BYTES) {
            return null;
        }
        return "PROPOSAL data of " + n + " bytes exceeds the format maximum of " + MAX_PROPOSAL_DATA_BYTES
                + " bytes" + ref(section(RECORD_PROPOSAL));
    }

    // ------------------------------------------------------------------ §3.8 MODEL

    static String priorKindId(long value) {
        return value == PRIOR_ANALYTIC_GAUSSIAN || value == PRIOR_ONNX_MODEL
                ? null
                : oneOf("MODEL", "priorKindId", value, "0 = analytic Gaussian prior, 1 = ONNX model",
                        RECORD_MODEL);
    }

    /** Rule for the fingerprint given an already valid prior kind. */
    static String fingerprint(long priorKindId, byte[] fingerprint, int from) {
        if (fingerprint.length - from < FINGERPRINT_LENGTH) {
            return "MODEL fingerprint must be " + FINGERPRINT_LENGTH + " bytes" + ref(section(RECORD_MODEL));
        }
        boolean allZero = true;
        for (int i = from; i < from + FINGERPRINT_LENGTH; i++) {
            allZero &= fingerprint[i] == 0;
        }
        if (priorKindId == PRIOR_ANALYTIC_GAUSSIAN && !allZero) {
            return "MODEL fingerprint must be all zeros for priorKindId 0 (analytic Gaussian prior)"
                    + ref(section(RECORD_MODEL));
        }
        if (priorKindId == PRIOR_ONNX_MODEL && allZero) {
            return "MODEL fingerprint must be the SHA-256 of the model file, not all zeros, for priorKindId 1"
                    + ref(section(RECORD_MODEL));
        }
        return null;
    }

    // ------------------------------------------------------------------ §3.9 DECODE_HINT

    static String modeId(long value) {
        return value >= MODE_ODE && value <= MODE_MAP_RPS
                ? null
                : oneOf("DECODE_HINT", "modeId", value, "1 = ode, 2 = interp, 3 = sde, 4 = map-rps",
                        RECORD_DECODE_HINT);
    }

    static String perception(float value) {
        if (value >= 0 && value <= 1) { // false for NaN
            return null;
        }
        return "DECODE_HINT perception " + value + " must be in [0, 1]" + ref(section(RECORD_DECODE_HINT));
    }

    static String steps(long value) {
        return range("DECODE_HINT", "steps", value, MIN_STEPS, MAX_STEPS, RECORD_DECODE_HINT);
    }

    // ------------------------------------------------------------------ §3.8 LADDER

    static String prngId(long value) {
        return value == PRNG_RDPC_SM64_V2
                ? null : oneOf("LADDER", "prngId", value, "2 = " + PRNG_RDPC_SM64_V2_NAME, RECORD_LADDER);
    }

    static String permutationId(long value) {
        return value == PERMUTATION_FEISTEL_V1
                ? null : oneOf("LADDER", "permutationId", value, "1 = RDPC-FEISTEL-v1", RECORD_LADDER);
    }

    static String indexModelId(long value) {
        return value == INDEX_MODEL_LAYERED ? null : oneOf("LADDER", "indexModelId", value, "2", RECORD_LADDER);
    }

    static String log2Candidates(long value) {
        return range("LADDER", "log2Candidates", value, MIN_LOG2_CANDIDATES, MAX_LOG2_CANDIDATES, RECORD_LADDER);
    }

    static String tileEdge(long value) {
        return value == 0 ? null : range("LADDER", "tileEdge", value, MIN_TILE_EDGE, 0xFFFF, RECORD_LADDER);
    }

    static String tileOverlap(long edge, long overlap) {
        if (edge == 0) {
            return overlap == 0 ? null
                    : "LADDER tileOverlap " + overlap + " must be 0 when tileEdge is 0" + ref(section(RECORD_LADDER));
        }
        return range("LADDER", "tileOverlap", overlap, MIN_TILE_OVERLAP, edge / 2, RECORD_LADDER);
    }

    static String bands(long value) {
        return range("LADDER", "bands", value, 1, 2 * MAX_BLOCK_SIZE - 1, RECORD_LADDER);
    }

    static String layerCount(long value) {
        return range("LADDER", "layerCount", value, 1, 255, RECORD_LADDER);
    }

    static String layerSigma(float value) {
        if (Double.isFinite(value) && value > 0 && value < MAX_SIGMA) {
            return null;
        }
        return "LADDER layer sigma " + value + " must be finite, > 0 and < 1e6" + ref(section(RECORD_LADDER));
    }

    static String sigmaDecreases(int layer, float previous, float sigma) {
        return sigma < previous ? null : "LADDER layer " + layer + " sigma " + sigma
                + " must be below layer " + (layer - 1) + "'s " + previous + ref(section(RECORD_LADDER));
    }

    static String chunkCount(long value) {
        return range("LADDER", "chunkCount", value, 1, 0xFFFF_FFFFL, RECORD_LADDER);
    }

    static String context(long value) {
        return range("LADDER", "context", value, 0, CONTEXTS - 1, RECORD_LADDER);
    }

    static String payloadBytes(long value) {
        return range("LADDER", "payloadBytes", value, 0, 0xFFFF_FFFFL, RECORD_LADDER);
    }

    /** A single layer has no scales, so its stream must be empty (§3.8). */
    static String scalesPresent(long layers, long streamLength) {
        if (layers == 1 && streamLength != 0) {
            return "LADDER has one layer but " + streamLength + " bytes of variance scales; a single layer has none"
                    + ref(section(RECORD_LADDER));
        }
        return null;
    }

    /** Cross-record rule of §3.8: at most 2 blockSize - 1 bands. */
    static String bandsMatch(long bands, long blockSize) {
        return bands <= 2 * blockSize - 1 ? null : "LADDER bands " + bands + " exceeds 2 x TRANSFORM blockSize - 1 = "
                + (2 * blockSize - 1) + ref(section(RECORD_LADDER));
    }

    /** Cross-record rule of §3.8: a layer cannot have more chunks than the image has coefficients. */
    static String chunksFit(int layer, long chunks, long coefficients) {
        return chunks <= coefficients ? null : "LADDER layer " + layer + " declares " + chunks
                + " chunks but the padded image has only " + coefficients + " coefficients" + ref(section(RECORD_LADDER));
    }

    /**
     * Cross-record rule of §3.8: a layer's payload can hold its chunks' indices. Each index costs at
     * least {@code octaveBits / 46} bits (§7.5, §7.6), so a declared chunk count is checked against
     * the bytes that carry it before any image-sized work.
     */
    static String chunksCarried(int layer, long chunks, long payloadBytes, int log2Candidates) {
        long octaveBits = 32 - Integer.numberOfLeadingZeros(log2Candidates);
        if (chunks * octaveBits <= MAX_INDEX_DECISIONS_PER_BYTE * (payloadBytes + RANGE_CODER_LOOKAHEAD)) {
            return null;
        }
        return "LADDER layer " + layer + " declares " + chunks + " chunks, more than its " + payloadBytes
                + " payload bytes can hold (at most " + MAX_INDEX_DECISIONS_PER_BYTE * (payloadBytes + RANGE_CODER_LOOKAHEAD)
                / octaveBits + ")" + ref(section(RECORD_LADDER));
    }

    /** Index-model decisions one payload byte can carry at most: 8 bits / (1/46 bit per decision), §7.6. */
    static final long MAX_INDEX_DECISIONS_PER_BYTE = 8 * 46;
    /** Zero bytes a range decoder may read past a payload's end (§7.6). */
    static final long RANGE_CODER_LOOKAHEAD = 4;

    /** Cross-record rule of §3.8: the layers' payloads fill LAYER_PAYLOAD exactly. */
    static String payloadsFit(long declared, long actual) {
        return declared == actual ? null : "LADDER layers declare " + declared + " payload bytes but LAYER_PAYLOAD holds "
                + actual + ref(section(RECORD_LADDER));
    }

    /** Cross-record rule of §3.8: the analytic prior has no tiling. */
    static String tilingMatchesPrior(long priorKindId, long tileEdge) {
        return priorKindId != PRIOR_ANALYTIC_GAUSSIAN || tileEdge == 0 ? null
                : "LADDER tileEdge " + tileEdge + " must be 0 for the analytic prior (MODEL priorKindId 0)"
                        + ref(section(RECORD_LADDER));
    }

    // ------------------------------------------------------------------ §3.1 ancillary

    static String ancillaryId(long id) {
        if (id >= FIRST_ANCILLARY_ID && id <= LAST_ANCILLARY_ID) {
            return null;
        }
        return "ancillary record id " + (id >= 0 && id <= 0xFFFF ? hex16(id) : Long.toString(id)) + " is outside 0x8000..0xFFFE"
                + ref(FRAMING);
    }
}
