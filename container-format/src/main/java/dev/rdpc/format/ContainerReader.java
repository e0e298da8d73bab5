package dev.rdpc.format;

import static dev.rdpc.format.Bytes.f32;
import static dev.rdpc.format.Bytes.f64;
import static dev.rdpc.format.Bytes.u16;
import static dev.rdpc.format.Bytes.u32;
import static dev.rdpc.format.Bytes.u64;
import static dev.rdpc.format.Bytes.u8;
import static dev.rdpc.format.FormatIds.*;
import static dev.rdpc.format.Rules.ref;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Parses and fully validates rdpc files (docs/format.md).
 *
 * <p>Parsing happens in three passes, and the first problem found is reported as a
 * {@link MalformedInputException} whose offset points at the offending bytes:
 * <ol>
 *   <li>framing: signature, version and the id/length chain of the records up to END, checking
 *       every declared length against the bytes that remain, without allocating;
 *   <li>integrity: the CRC-32C stored in END (§4);
 *   <li>semantics: record ids, lengths, field ranges, reader limits, required records and
 *       cross-record rules.
 * </ol>
 * No other exception type escapes for any input bytes.
 */
public final class ContainerReader {
    private ContainerReader() {}

    private static final int HEADER_LENGTH = SIGNATURE_LENGTH + 2;
    private static final int RECORD_HEADER_LENGTH = 6;
    private static final byte[] SIGNATURE = FormatIds.signature();

    /**
     * Reads a file with {@link ReaderLimits#defaults()}.
     *
     * @param file the complete file
     * @return the validated content
     * @throws MalformedInputException if the file is not a valid rdpc file
     */
    public static RdpcFile read(byte[] file) throws MalformedInputException {
        return read(file, ReaderLimits.defaults());
    }

    /**
     * Reads a file.
     *
     * @param file the complete file
     * @param limits resource bounds
     * @return the validated content
     * @throws MalformedInputException if the file is not a valid rdpc file or exceeds a limit
     */
    public static RdpcFile read(byte[] file, ReaderLimits limits) throws MalformedInputException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(limits, "limits");
        if (file.length > limits.maxFileBytes()) {
            throw new MalformedInputException(limits.maxFileBytes(), "file is " + file.length
                    + " bytes, exceeding the reader limit maxFileBytes=" + limits.maxFileBytes()
                    + ref(Rules.LIMITS));
        }
        return parse(file, file.length, limits);
    }

    /**
     * Reads a file from a stream, consuming at most {@code limits.maxFileBytes() + 1} bytes. The
     * stream is read to its end (or until the limit is passed) without trusting any length
     * declared inside the file; it is not closed.
     *
     * @param in the stream
     * @param limits resource bounds
     * @return the validated content
     * @throws MalformedInputException if the content is not a valid rdpc file or exceeds a limit
     * @throws IOException if reading the stream fails
     */
    public static RdpcFile read(InputStream in, ReaderLimits limits) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        int cap = (int) (limits.maxFileBytes() + 1); // fits: maxFileBytes <= Integer.MAX_VALUE - 16
        byte[] buf = new byte[Math.min(cap, 8192)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n == cap) {
                    break;
                }
                buf = Arrays.copyOf(buf, (int) Math.min(cap, 2L * n));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n > limits.maxFileBytes()) {
            throw new MalformedInputException(limits.maxFileBytes(), "input is longer than the reader limit maxFileBytes="
                    + limits.maxFileBytes() + ref(Rules.LIMITS));
        }
        return parse(buf, n, limits);
    }

    private static RdpcFile parse(byte[] b, int len, ReaderLimits limits) throws MalformedInputException {
        checkSignatureAndVersion(b, len);
        int endOffset = walkFraming(b, len);
        verifyChecksum(b, endOffset);
        return decodeRecords(b, endOffset, limits);
    }

    private static MalformedInputException error(long offset, String reason) {
        return new MalformedInputException(offset, reason);
    }

    private static void check(long offset, String problem) throws MalformedInputException {
        if (problem != null) {
            throw error(offset, problem);
        }
    }

    // ------------------------------------------------------------------ pass 1: framing

    private static void checkSignatureAndVersion(byte[] b, int len) throws MalformedInputException {
        for (int i = 0; i < Math.min(len, SIGNATURE_LENGTH); i++) {
            if (b[i] != SIGNATURE[i]) {
                throw error(0, "bad signature: not an rdpc file (expected 89 52 44 50 43 0D 0A 1A)"
                        + ref(Rules.SIGNATURE));
            }
        }
        if (len < HEADER_LENGTH) {
            throw error(len, "truncated: the signature and version need " + HEADER_LENGTH
                    + " bytes but the file has only " + len + ref(Rules.SIGNATURE));
        }
        int major = u8(b, SIGNATURE_LENGTH);
        int minor = u8(b, SIGNATURE_LENGTH + 1);
        if (major != MAJOR_VERSION) {
            String what = major == 1
                    ? "rdpc format " + major + "." + minor + " is not supported: this reader implements format "
                            + MAJOR_VERSION + " (layered coding); re-encode the original image"
                    : "unsupported major version " + major + " (minor " + minor + "); this reader supports major version "
                            + MAJOR_VERSION;
            throw new UnsupportedVersionException(major, minor, what + ref(Rules.SIGNATURE));
        }
    }

    /** Returns the offset of the END record after checking the chain of record lengths. */
    private static int walkFraming(byte[] b, int len) throws MalformedInputException {
        int pos = HEADER_LENGTH;
        while (true) {
            int remaining = len - pos;
            if (remaining == 0) {
                throw error(pos, "missing END record: the file ends at offset " + pos
                        + " without the END (0xFFFF) record; it may be truncated" + ref(Rules.CHECKSUM));
            }
            if (remaining < RECORD_HEADER_LENGTH) {
                throw error(pos, "truncated: record header at offset " + pos + " needs " + RECORD_HEADER_LENGTH
                        + " bytes but only " + remaining + " remain" + ref(Rules.FRAMING));
            }
            int id = u16(b, pos);
            long length = u32(b, pos + 2);
            int value = pos + RECORD_HEADER_LENGTH;
            if (id == RECORD_END && length != 4) {
                throw error(pos, "END record has length " + length + " but must be 4" + ref(Rules.CHECKSUM));
            }
            int available = len - value;
            if (length > available) {
                throw error(value, "truncated: record " + Rules.hex16(id) + " declares " + length
                        + " bytes at offset " + value + " but only " + available + " remain" + ref(Rules.FRAMING));
            }
            if (id == RECORD_END) {
                int after = value + 4;
                if (after != len) {
                    throw error(after, "trailing bytes: " + (len - after)
                            + " bytes follow the END record, which must be the last thing in the file"
                            + ref(Rules.CHECKSUM));
                }
                return pos;
            }
            pos = value + (int) length;
        }
    }

    // ------------------------------------------------------------------ pass 2: integrity

    private static void verifyChecksum(byte[] b, int endOffset) throws MalformedInputException {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, endOffset);
        long computed = crc.getValue();
        int at = endOffset + RECORD_HEADER_LENGTH;
        long stored = u32(b, at);
        if (stored != computed) {
            throw error(at, "checksum mismatch: stored " + Rules.hex32(stored) + ", computed " + Rules.hex32(computed)
                    + "; the file is corrupted" + ref(Rules.CHECKSUM));
        }
    }

    // ------------------------------------------------------------------ pass 3: semantics

    private static RdpcFile decodeRecords(byte[] b, int endOffset, ReaderLimits limits)
            throws MalformedInputException {
        RdpcFile.Builder builder = RdpcFile.builder();
        BitSet seen = new BitSet(0x10000);
        int[] at = new int[Rules.LAST_KNOWN_ID + 1]; // value offset of each known record
        ImageInfo image = null;
        TransformInfo transform = null;
        PaddingInfo padding = null;
        ModelInfo model = null;
        int payloadLength = 0;
        LadderInfo ladder = null;
        int pos = HEADER_LENGTH;
        while (pos < endOffset) {
            int id = u16(b, pos);
            int length = (int) u32(b, pos + 2); // pass 1 bounded it by the file length
            int v = pos + RECORD_HEADER_LENGTH;
            if (id == RECORD_INVALID) {
                throw error(pos, "record id 0x0000 is invalid" + ref(Rules.FRAMING));
            }
            if (Rules.isRetired(id)) {
                throw error(pos, "record " + Rules.label(id) + " belongs to format 1 and is not valid in format "
                        + MAJOR_VERSION + ref(Rules.RETIRED));
            }
            if (!isAncillary(id) && !Rules.isKnown(id)) {
                throw error(pos, "unknown critical record " + Rules.label(id)
                        + ": this reader implements format " + MAJOR_VERSION + "." + MINOR_VERSION
                        + " and must reject files with critical records it does not know" + ref(Rules.FRAMING));
            }
            if (seen.get(id)) {
                throw error(pos, "duplicate record " + Rules.label(id) + "; a record id may appear at most once"
                        + ref(Rules.FRAMING));
            }
            seen.set(id);
            if (isAncillary(id)) {
                builder.addAncillary(new AncillaryRecord(id, Arrays.copyOfRange(b, v, v + length)));
                pos = v + length;
                continue;
            }
            int fixed = Rules.fixedLength(id);
            if (fixed >= 0 && length != fixed) {
                throw error(pos, "record " + Rules.label(id) + " has length " + length + " but must be " + fixed
                        + ref(Rules.section(id)));
            }
            at[id] = v;
            try {
                switch (id) {
                    case RECORD_IMAGE -> builder.image(image = image(b, v, limits));
                    case RECORD_TRANSFORM -> builder.transform(transform = transform(b, v));
                    case RECORD_PADDING -> builder.padding(padding = padding(b, v));
                    case RECORD_PROPOSAL -> builder.proposal(proposal(b, pos, v, length));
                    case RECORD_MODEL -> builder.model(model = model(b, v));
                    case RECORD_DECODE_HINT -> builder.decodeHint(decodeHint(b, v));
                    case RECORD_LADDER -> ladder = ladder(b, pos, v, length);
                    case RECORD_LAYER_PAYLOAD -> {
                        if (length > limits.maxPayloadBytes()) {
                            throw error(pos, "record " + Rules.label(id) + " declares " + length
                                    + " bytes, exceeding the reader limit maxPayloadBytes="
                                    + limits.maxPayloadBytes() + ref(Rules.LIMITS));
                        }
                        payloadLength = length;
                    }
                    default -> throw new AssertionError(id);
                }
            } catch (IllegalArgumentException e) {
                // Every field was checked above with the same rules; this is only a safety net.
                throw error(v, e.getMessage());
            }
            pos = v + length;
        }
        for (int id : Rules.KNOWN_IDS) {
            if (Rules.isRequired(id) && !seen.get(id)) {
                throw error(endOffset, "missing required record " + Rules.label(id) + ref(Rules.RECORD_SET));
            }
        }
        int t = at[RECORD_TRANSFORM];
        int p = at[RECORD_PADDING];
        check(t, Rules.colourMatchesChannels(image.channels(), transform.colourTransformId()));
        check(p, Rules.padded("Width", image.width(), padding.paddedWidth(), transform.blockSize()));
        check(p + 4, Rules.padded("Height", image.height(), padding.paddedHeight(), transform.blockSize()));
        if (padding.pixelCount() > limits.maxPixels()) {
            throw error(p, "padded image of " + padding.paddedWidth() + " x " + padding.paddedHeight() + " = "
                    + padding.pixelCount() + " pixels exceeds the reader limit maxPixels=" + limits.maxPixels()
                    + ref(Rules.LIMITS));
        }
        int l = at[RECORD_LADDER];
        for (var problem : RdpcFile.ladderProblems(ladder, image, transform, padding, model, payloadLength)) {
            long offset = problem.getKey() < 0 ? at[RECORD_LAYER_PAYLOAD] - RECORD_HEADER_LENGTH : l + problem.getKey();
            throw error(offset, problem.getValue());
        }
        int payloadAt = at[RECORD_LAYER_PAYLOAD];
        builder.ladder(ladder).payloadNoCopy(Arrays.copyOfRange(b, payloadAt, payloadAt + payloadLength));
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw error(endOffset, e.getMessage()); // unreachable after the checks above
        }
    }

    /**
     * The LADDER record (§3.8). Every field is checked at its offset before the next is read, and
     * the record's length against the layer count and scale counts the fields imply, so nothing is
     * allocated beyond the record's own bytes.
     */
    private static LadderInfo ladder(byte[] b, int pos, int v, int length) throws MalformedInputException {
        if (length < LADDER_HEADER_LENGTH) {
            throw error(pos, "record " + Rules.label(RECORD_LADDER) + " has length " + length + " but needs at least "
                    + LADDER_HEADER_LENGTH + ref(Rules.section(RECORD_LADDER)));
        }
        int prng = u8(b, v);
        int permutation = u8(b, v + 1);
        int indexModel = u8(b, v + 2);
        int log2 = u8(b, v + 3);
        long seed = u64(b, v + 4);
        int tileEdge = u16(b, v + 12);
        int tileOverlap = u16(b, v + 14);
        int bands = u8(b, v + 16);
        int count = u8(b, v + 17);
        check(v, Rules.prngId(prng));
        check(v + 1, Rules.permutationId(permutation));
        check(v + 2, Rules.indexModelId(indexModel));
        check(v + 3, Rules.log2Candidates(log2));
        check(v + 12, Rules.tileEdge(tileEdge));
        check(v + 14, Rules.tileOverlap(tileEdge, tileOverlap));
        check(v + 16, Rules.bands(bands));
        check(v + 17, Rules.layerCount(count));
        long entries = LADDER_HEADER_LENGTH + (long) count * LAYER_ENTRY_LENGTH;
        if (length < entries) {
            throw error(pos, "record " + Rules.label(RECORD_LADDER) + " has length " + length + " but " + count
                    + " layers need at least " + entries + ref(Rules.section(RECORD_LADDER)));
        }
        java.util.List<LayerInfo> layers = new java.util.ArrayList<>(count);
        int at = v + LADDER_HEADER_LENGTH;
        float previous = Float.POSITIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            float sigma = f32(b, at);
            long chunks = u32(b, at + 4);
            int context = u8(b, at + 8);
            long payloadBytes = u32(b, at + 9);
            check(at, Rules.layerSigma(sigma));
            if (k > 0) {
                check(at, Rules.sigmaDecreases(k, previous, sigma));
            }
            check(at + 4, Rules.chunkCount(chunks));
            check(at + 8, Rules.context(context));
            layers.add(new LayerInfo(sigma, chunks, context, payloadBytes));
            previous = sigma;
            at += LAYER_ENTRY_LENGTH;
        }
        int streamLength = (int) (length - entries);
        check(at, Rules.scalesPresent(count, streamLength));
        return new LadderInfo(prng, permutation, indexModel, log2, seed, tileEdge, tileOverlap, bands, layers,
                Arrays.copyOfRange(b, at, at + streamLength));
    }

    private static ImageInfo image(byte[] b, int v, ReaderLimits limits) throws MalformedInputException {
        long width = u32(b, v);
        long height = u32(b, v + 4);
        int channels = u8(b, v + 8);
        int bits = u8(b, v + 9);
        check(v, Rules.dimension("width", width));
        check(v + 4, Rules.dimension("height", height));
        check(v + 8, Rules.channels(channels));
        check(v + 9, Rules.bitsPerSample(bits));
        long pixels = width * height;
        if (pixels > limits.maxPixels()) {
            throw error(v, "image of " + width + " x " + height + " = " + pixels
                    + " pixels exceeds the reader limit maxPixels=" + limits.maxPixels() + ref(Rules.LIMITS));
        }
        return new ImageInfo((int) width, (int) height, channels, bits);
    }

    private static TransformInfo transform(byte[] b, int v) throws MalformedInputException {
        int colour = u8(b, v);
        int block = u8(b, v + 1);
        int size = u8(b, v + 2);
        int mapping = u8(b, v + 3);
        check(v, Rules.colourTransformId(colour));
        check(v + 1, Rules.blockTransformId(block));
        check(v + 2, Rules.blockSize(size));
        check(v + 3, Rules.valueMappingId(mapping));
        return new TransformInfo(colour, block, size, mapping);
    }

    private static PaddingInfo padding(byte[] b, int v) throws MalformedInputException {
        long w = u32(b, v);
        long h = u32(b, v + 4);
        int mode = u8(b, v + 8);
        check(v, Rules.paddedDimension("paddedWidth", w));
        check(v + 4, Rules.paddedDimension("paddedHeight", h));
        check(v + 8, Rules.paddingModeId(mode));
        return new PaddingInfo((int) w, (int) h, mode);
    }

    private static ProposalInfo proposal(byte[] b, int pos, int v, int length) throws MalformedInputException {
        if (length < 1) {
            throw error(pos, "record " + Rules.label(RECORD_PROPOSAL) + " has length 0 but must be at least 1"
                    + ref(Rules.section(RECORD_PROPOSAL)));
        }
        check(pos, Rules.proposalDataLength(length - 1L));
        int kind = u8(b, v);
        check(v, Rules.proposalKindId(kind));
        return new ProposalInfo(kind, Arrays.copyOfRange(b, v + 1, v + length));
    }

    private static ModelInfo model(byte[] b, int v) throws MalformedInputException {
        int kind = u8(b, v);
        check(v, Rules.priorKindId(kind));
        check(v + 1, Rules.fingerprint(kind, b, v + 1));
        return new ModelInfo(kind, Arrays.copyOfRange(b, v + 1, v + 1 + FINGERPRINT_LENGTH));
    }

    private static DecodeHint decodeHint(byte[] b, int v) throws MalformedInputException {
        int mode = u8(b, v);
        float perception = f32(b, v + 1);
        int steps = u16(b, v + 5);
        check(v, Rules.modeId(mode));
        check(v + 1, Rules.perception(perception));
        check(v + 5, Rules.steps(steps));
        return new DecodeHint(mode, perception, steps);
    }
}
