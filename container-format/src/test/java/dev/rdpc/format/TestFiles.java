package dev.rdpc.format;

import static dev.rdpc.format.FormatIds.*;

import dev.rdpc.format.RawFile.RawLadder;
import dev.rdpc.format.RawFile.RawLayer;
import dev.rdpc.format.RawFile.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Content of the golden and malformed test files, and a {@code main} that (re)generates them.
 * The committed files are the reference: {@code GoldenFilesTest} pins their SHA-256 and checks that
 * this class still reproduces them byte for byte.
 *
 * <p>Regenerate (only when the format deliberately changes) from the module directory with:
 * <pre>
 *   mvn -o -q -B test-compile
 *   rm -r src/test/resources/golden src/test/resources/malformed
 *   java -cp target/classes:target/test-classes dev.rdpc.format.TestFiles src/test/resources
 * </pre>
 */
final class TestFiles {
    private TestFiles() {}

    static final String RGB = "rgb-61x45.rdpc";
    static final String GREY = "grey-17x5.rdpc";
    static final String GREY_UNORDERED = "grey-17x5-unordered.rdpc";

    /** The malformed file that is the format 1.0 grey golden file of the 1.x reader, byte for byte. */
    static final String FORMAT_1_0 = "format-1.0.rdpc";

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] pattern(int n, int mul, int add) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * mul + add);
        }
        return b;
    }

    /**
     * The ladder of the RGB golden file: the ONNX prior tiled 1024 / 128, 6 bands, three layers
     * (the last with as many chunks as the padded image has coefficients, 3 x 64 x 48 = 9216, in the
     * fewest payload bytes that can carry them: 9216 x 4 octave decisions <= 368 x (97 + 4)) and a
     * 36-byte scales stream (3 channels x 6 bands for each of layers 1 and 2; opaque to the container).
     */
    static LadderInfo rgbLadder() {
        return new LadderInfo(PRNG_RDPC_SM64_V2, PERMUTATION_FEISTEL_V1, INDEX_MODEL_LAYERED, 12,
                0x0123_4567_89AB_CDEFL, 1024, 128, 6,
                List.of(new LayerInfo(0.5f, 12, 0, 17), new LayerInfo(0.2f, 40, 5, 15), new LayerInfo(0.05f, 9216, 17, 97)),
                pattern(36, 11, 0x40));
    }

    /** RGB image with every record, including DECODE_HINT and two ancillary records. */
    static RdpcFile rgb() {
        return RdpcFile.builder()
                .image(new ImageInfo(61, 45, CHANNELS_RGB, BITS_PER_SAMPLE_8))
                .transform(new TransformInfo(COLOUR_TRANSFORM_OPPONENT_ORTHONORMAL,
                        BLOCK_TRANSFORM_DCT_II_ORTHONORMAL, 8, VALUE_MAPPING_SYMMETRIC_UNIT))
                .padding(new PaddingInfo(64, 48, PADDING_EDGE_REPLICATION))
                .proposal(new ProposalInfo(PROPOSAL_PER_FREQUENCY_QUANTIZED_GAUSSIAN, pattern(24, 7, 3)))
                .model(new ModelInfo(PRIOR_ONNX_MODEL,
                        sha256("rdpc golden test model v1".getBytes(StandardCharsets.US_ASCII))))
                .decodeHint(new DecodeHint(MODE_SDE, 0.5f, 50))
                .ladder(rgbLadder())
                .payload(pattern(129, 37, 11))
                .addAncillary(new AncillaryRecord(0x8001,
                        "golden rgb test file".getBytes(StandardCharsets.UTF_8)))
                .addAncillary(new AncillaryRecord(0x9000, new byte[] {(byte) 0xCA, (byte) 0xFE}))
                .build();
    }

    /**
     * The ladder of the grey golden file: one layer, no tiling (analytic prior), no scales, and three
     * fields at their largest valid value: bands 7 = 2 x blockSize 4 - 1, chunkCount 160 = the
     * 1 x 20 x 8 coefficients of the padded image, context 31.
     */
    static LadderInfo greyLadder() {
        return new LadderInfo(PRNG_RDPC_SM64_V2, PERMUTATION_FEISTEL_V1, INDEX_MODEL_LAYERED, 20, -1L, 0, 0, 7,
                List.of(new LayerInfo(0.05f, 160, 31, 9)), new byte[0]);
    }

    /** Grey image, analytic prior, single layer, no DECODE_HINT, no ancillary records. */
    static RdpcFile grey() {
        return RdpcFile.builder()
                .image(new ImageInfo(17, 5, CHANNELS_GREY, BITS_PER_SAMPLE_8))
                .transform(new TransformInfo(COLOUR_TRANSFORM_IDENTITY, BLOCK_TRANSFORM_DCT_II_ORTHONORMAL, 4,
                        VALUE_MAPPING_SYMMETRIC_UNIT))
                .padding(new PaddingInfo(20, 8, PADDING_EDGE_REPLICATION))
                .proposal(new ProposalInfo(PROPOSAL_PER_FREQUENCY_QUANTIZED_GAUSSIAN, new byte[] {1, 2, 3}))
                .model(ModelInfo.analyticGaussian())
                .ladder(greyLadder())
                .payload(pattern(9, 0, 0x5A))
                .build();
    }

    /** The content of {@link #GREY_UNORDERED}: grey plus a hint and two ancillary records. */
    static RdpcFile greyUnorderedContent() {
        return grey().toBuilder()
                .decodeHint(new DecodeHint(MODE_MAP_RPS, 1f, 10_000))
                .addAncillary(new AncillaryRecord(0xFFFE, "stored first".getBytes(StandardCharsets.UTF_8)))
                .addAncillary(new AncillaryRecord(0x8000, new byte[0]))
                .build();
    }

    /** Record order of {@link #GREY_UNORDERED}: LAYER_PAYLOAD before LADDER, ancillary interleaved. */
    static final int[] UNORDERED = {RECORD_LAYER_PAYLOAD, 0xFFFE, RECORD_MODEL, RECORD_DECODE_HINT, RECORD_IMAGE,
        0x8000, RECORD_LADDER, RECORD_PROPOSAL, RECORD_PADDING, RECORD_TRANSFORM};

    /** Same records as {@link #greyUnorderedContent()}, stored in the order {@link #UNORDERED}. */
    static byte[] greyUnorderedBytes() {
        List<Rec> recs = RawFile.recordsOf(ContainerWriter.write(greyUnorderedContent()));
        RawFile f = RawFile.start();
        for (int id : UNORDERED) {
            f.record(id, RawFile.valueOf(recs, id));
        }
        return f.end();
    }

    static Map<String, byte[]> golden() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(RGB, ContainerWriter.write(rgb()));
        m.put(GREY, ContainerWriter.write(grey()));
        m.put(GREY_UNORDERED, greyUnorderedBytes());
        return m;
    }

    // ------------------------------------------------------------------ malformed files

    private static final HexFormat HEX = HexFormat.of();

    /**
     * The grey golden file of format 1.0 (173 bytes, committed as golden/grey-17x5.rdpc until format
     * 2), assembled from its record values: IMAGE, TRANSFORM, PADDING, CHANNEL (0x0004), RCC (0x0005),
     * PROPOSAL, MODEL, PAYLOAD (0x0009).
     */
    static byte[] format10Grey() {
        return RawFile.start(1, 0)
                .record(RECORD_IMAGE, HEX.parseHex("00000011000000050108"))
                .record(RECORD_TRANSFORM, HEX.parseHex("00010401"))
                .record(RECORD_PADDING, HEX.parseHex("000000140000000801"))
                .record(RETIRED_CHANNEL, HEX.parseHex("3fa999999999999a3fa97f62b6ae7d56"))
                .record(RETIRED_RCC, HEX.parseHex("0102011441a00000ffffffffffffffffffffffff"))
                .record(RECORD_PROPOSAL, HEX.parseHex("01010203"))
                .record(RECORD_MODEL, new byte[33])
                .record(RETIRED_PAYLOAD, pattern(9, 0, 0x5A))
                .end();
    }

    /** The grey golden file with one record value replaced; CRC correct. */
    private static byte[] greyWith(int id, byte[] value) {
        return RawFile.start().records(RawFile.replace(greyRecords(), id, value)).end();
    }

    /** The grey golden file with another LADDER value; CRC correct. */
    private static byte[] greyWith(RawLadder ladder) {
        return greyWith(RECORD_LADDER, ladder.bytes());
    }

    /** The RGB golden file with another LADDER value; CRC correct. */
    private static byte[] rgbWith(RawLadder ladder) {
        return RawFile.start().records(RawFile.replace(rgbRecords(), RECORD_LADDER, ladder.bytes())).end();
    }

    /** The grey golden records plus one more record at the end; CRC correct. */
    private static byte[] greyPlus(int id, byte[] value) {
        List<Rec> more = new ArrayList<>(greyRecords());
        more.add(new Rec(id, value));
        return RawFile.start().records(more).end();
    }

    static List<Rec> greyRecords() {
        return RawFile.recordsOf(ContainerWriter.write(grey()));
    }

    static List<Rec> rgbRecords() {
        return RawFile.recordsOf(ContainerWriter.write(rgb()));
    }

    static RawLadder greyRawLadder() {
        return RawLadder.from(greyLadder());
    }

    static RawLadder rgbRawLadder() {
        return RawLadder.from(rgbLadder());
    }

    static byte[] imageValue(long width, long height, int channels, int bits) {
        return ByteBuffer.allocate(10).putInt((int) width).putInt((int) height)
                .put((byte) channels).put((byte) bits).array();
    }

    static byte[] paddingValue(long w, long h, int mode) {
        return ByteBuffer.allocate(9).putInt((int) w).putInt((int) h).put((byte) mode).array();
    }

    /**
     * Malformed files in generation order. Each breaks exactly one rule of an otherwise valid file
     * (the grey golden file unless the name says otherwise); the expected offsets and messages live
     * in {@code MalformedFilesTest}.
     */
    static Map<String, byte[]> malformed() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] grey = ContainerWriter.write(grey());
        List<Rec> recs = greyRecords();
        RawLadder ladder = greyRawLadder();
        RawLayer layer = ladder.layers().get(0);

        // §2 signature and version
        m.put("empty.rdpc", new byte[0]);

        byte[] badSig = grey.clone();
        badSig[1] = 'r';
        m.put("bad-signature.rdpc", badSig);

        m.put(FORMAT_1_0, format10Grey());

        m.put("major-version-3.rdpc", RawFile.start(3, 0).records(recs).end());

        // §3.1 framing and §4 END
        List<Rec> unknown = new ArrayList<>(recs);
        unknown.add(1, new Rec(0x000D, new byte[] {1, 2, 3, 4}));
        m.put("unknown-critical-id.rdpc", RawFile.start().records(unknown).end());

        List<Rec> zeroId = new ArrayList<>(recs);
        zeroId.add(0, new Rec(0x0000, new byte[0]));
        m.put("record-id-zero.rdpc", RawFile.start().records(zeroId).end());

        m.put("duplicate-id.rdpc", greyPlus(RECORD_LADDER, RawFile.valueOf(recs, RECORD_LADDER)));

        byte[] longImage = java.util.Arrays.copyOf(RawFile.valueOf(recs, RECORD_IMAGE), 11);
        m.put("wrong-record-length.rdpc", greyWith(RECORD_IMAGE, longImage));

        m.put("empty-proposal.rdpc", greyWith(RECORD_PROPOSAL, new byte[0]));

        byte[] badCrc = grey.clone();
        badCrc[badCrc.length - 1] ^= 0x01;
        m.put("bad-crc.rdpc", badCrc);

        m.put("trailing-bytes.rdpc", java.util.Arrays.copyOf(grey, grey.length + 3));

        m.put("missing-end.rdpc", RawFile.start().records(recs).bytes());

        m.put("truncated-record-header.rdpc",
                RawFile.start().records(recs).raw((byte) 0xFF, (byte) 0xFF, (byte) 0).bytes());

        m.put("end-wrong-length.rdpc", RawFile.start().records(recs).record(RECORD_END, new byte[8]).bytes());

        RawFile huge = RawFile.start().records(RawFile.remove(recs, RECORD_LAYER_PAYLOAD));
        huge.record(RECORD_LAYER_PAYLOAD, Integer.MAX_VALUE, RawFile.valueOf(recs, RECORD_LAYER_PAYLOAD));
        m.put("huge-declared-length.rdpc", huge.end());

        // §3.10 retired records, §3.11 record set
        m.put("retired-payload-record.rdpc", greyPlus(RETIRED_PAYLOAD, pattern(9, 0, 0x5A)));

        m.put("missing-required-record.rdpc", RawFile.start().records(RawFile.remove(recs, RECORD_LADDER)).end());

        // §3.2 - §3.7 and §5
        m.put("zero-width.rdpc", greyWith(RECORD_IMAGE, imageValue(0, 5, 1, 8)));

        m.put("pixels-over-limit.rdpc", RawFile.start().records(RawFile.replace(
                RawFile.replace(recs, RECORD_IMAGE, imageValue(1 << 20, 1 << 20, 1, 8)),
                RECORD_PADDING, paddingValue(1 << 20, 1 << 20, 1))).end());

        // 16 x 12 keeps 192 >= 160 coefficients, so that only the width rule is broken
        m.put("padded-less-than-width.rdpc", greyWith(RECORD_PADDING, paddingValue(16, 12, 1)));

        m.put("padding-not-multiple-of-block.rdpc", greyWith(RECORD_PADDING, paddingValue(22, 8, 1)));

        m.put("padding-excess-too-large.rdpc", greyWith(RECORD_PADDING, paddingValue(4116, 8, 1)));

        m.put("colour-transform-mismatch.rdpc", greyWith(RECORD_TRANSFORM, new byte[] {1, 1, 4, 1}));

        m.put("block-size-not-power-of-two.rdpc", greyWith(RECORD_TRANSFORM, new byte[] {0, 1, 12, 1}));

        byte[] modelValue = new byte[33];
        modelValue[32] = 1;
        m.put("analytic-prior-with-fingerprint.rdpc", greyWith(RECORD_MODEL, modelValue));

        m.put("perception-out-of-range.rdpc", greyPlus(RECORD_DECODE_HINT,
                ByteBuffer.allocate(7).put((byte) MODE_ODE).putFloat(1.5f).putShort((short) 10).array()));

        // §3.8 LADDER, record rules
        m.put("ladder-shorter-than-header.rdpc",
                greyWith(RECORD_LADDER, java.util.Arrays.copyOf(ladder.bytes(), 17)));

        m.put("unknown-prng.rdpc", greyWith(ladder.withHeader(1, 1, 2, 20)));

        m.put("unknown-permutation.rdpc", greyWith(ladder.withHeader(2, 2, 2, 20)));

        m.put("unknown-index-model.rdpc", greyWith(ladder.withHeader(2, 1, 1, 20))); // format 1's index model

        m.put("log2-candidates-41.rdpc", greyWith(ladder.withHeader(2, 1, 2, 41)));

        m.put("tile-edge-too-small.rdpc", rgbWith(rgbRawLadder().withTiling(63, 8)));

        m.put("tile-overlap-too-large.rdpc", rgbWith(rgbRawLadder().withTiling(1024, 513)));

        m.put("tile-overlap-without-tiling.rdpc", greyWith(ladder.withTiling(0, 8)));

        m.put("bands-zero.rdpc", greyWith(ladder.withBands(0)));

        m.put("layer-count-zero.rdpc", greyWith(ladder.withLayers(List.of())));

        m.put("ladder-shorter-than-layers.rdpc", greyWith(ladder.withLayerCount(2)));

        m.put("layer-sigma-nan.rdpc", greyWith(ladder.withLayer(0, layer.withSigmaBits(0x7FC0_0000))));

        m.put("sigmas-not-decreasing.rdpc", greyWith(ladder
                .withLayers(List.of(layer.withPayloadBytes(4), layer.withPayloadBytes(5)))
                .withScales(pattern(7, 1, 1))));

        m.put("chunk-count-zero.rdpc", greyWith(ladder.withLayer(0, layer.withChunkCount(0))));

        m.put("context-32.rdpc", greyWith(ladder.withLayer(0, layer.withContext(32))));

        m.put("scales-with-one-layer.rdpc", greyWith(ladder.withScales(new byte[] {1, 2, 3})));

        // §3.8 LADDER, cross-record rules
        m.put("bands-exceed-block-size.rdpc", greyWith(ladder.withBands(8)));

        m.put("tiling-with-analytic-prior.rdpc", greyWith(ladder.withTiling(64, 8)));

        m.put("chunk-count-over-coefficients.rdpc", greyWith(ladder.withLayer(0, layer.withChunkCount(161))));

        RawLadder rgbLadder = rgbRawLadder();
        m.put("payload-sum-mismatch.rdpc", rgbWith(rgbLadder.withLayer(1, rgbLadder.layers().get(1).withPayloadBytes(14))));
        // 9216 chunks need at least 97 payload bytes (§3.8); the 33 bytes moved to layer 1 keep the sum right.
        m.put("chunks-over-payload.rdpc", rgbWith(rgbLadder.withLayer(1, rgbLadder.layers().get(1).withPayloadBytes(15 + 1))
                .withLayer(2, rgbLadder.layers().get(2).withPayloadBytes(96))));
        return m;
    }

    /** Writes golden/ and malformed/ under the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        write(root.resolve("golden"), golden());
        write(root.resolve("malformed"), malformed());
    }

    private static void write(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
            System.out.println(dir.resolve(e.getKey()) + " " + e.getValue().length + " bytes sha256="
                    + HEX.formatHex(sha256(e.getValue())));
        }
    }
}
