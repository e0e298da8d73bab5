package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import dev.rdpc.format.RawFile.RawLadder;
import dev.rdpc.format.RawFile.RawLayer;
import dev.rdpc.format.RawFile.Rec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Writer-side validation (IllegalArgumentException), reader checks beyond the malformed files, and reader limits. */
class ValidationTest {

    private static void rejects(Executable e, String fragment) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(fragment), x.getMessage());
        assertTrue(x.getMessage().matches(".*\\(format\\.md §[0-9.]+\\)$"), x.getMessage());
    }

    private static final List<LayerInfo> ONE = List.of(new LayerInfo(0.5f, 1, 0, 0));
    private static final List<LayerInfo> TWO = List.of(new LayerInfo(0.5f, 1, 0, 0), new LayerInfo(0.25f, 1, 0, 0));

    private static LadderInfo ladder(int prng, int permutation, int indexModel, int log2, int edge, int overlap, int bands,
                                     List<LayerInfo> layers, byte[] scales) {
        return new LadderInfo(prng, permutation, indexModel, log2, 0, edge, overlap, bands, layers, scales);
    }

    @Test
    void recordConstructorsRejectOutOfRangeValues() {
        rejects(() -> new ImageInfo(0, 1, 1, 8), "IMAGE width 0 is out of range 1..1048576 (format.md §3.2)");
        rejects(() -> new ImageInfo(1, (1 << 20) + 1, 1, 8), "height 1048577");
        rejects(() -> new ImageInfo(1, 1, 2, 8), "channels 2");
        rejects(() -> new ImageInfo(1, 1, 3, 16), "bitsPerSample 16");
        rejects(() -> new TransformInfo(3, 1, 8, 1), "colourTransformId 3");
        rejects(() -> new TransformInfo(0, 0, 8, 1), "blockTransformId 0");
        rejects(() -> new TransformInfo(0, 1, 1, 1), "blockSize 1");
        rejects(() -> new TransformInfo(0, 1, 128, 1), "blockSize 128");
        rejects(() -> new TransformInfo(0, 1, 24, 1), "blockSize 24 must be a power of two in 2..64 (format.md §3.3)");
        rejects(() -> new TransformInfo(0, 1, 8, 2), "valueMappingId 2");
        rejects(() -> new PaddingInfo(0, 8, 1), "paddedWidth 0");
        rejects(() -> new PaddingInfo(8, (1 << 20) + 4096, 1), "paddedHeight 1052672 is out of range 1..1052671");
        rejects(() -> new PaddingInfo(8, 8, 2), "paddingModeId 2 is not defined (allowed: 1 = edge replication) (format.md §3.4)");
        rejects(() -> new ProposalInfo(3, new byte[0]), "proposalKindId 3 is not defined");
        rejects(() -> new ProposalInfo(0, new byte[0]), "proposalKindId 0");
        rejects(() -> new ProposalInfo(1, new byte[FormatIds.MAX_PROPOSAL_DATA_BYTES + 1]),
                "PROPOSAL data of 16777217 bytes exceeds the format maximum of 16777216 bytes (format.md §3.5)");
        rejects(() -> new ModelInfo(2, new byte[32]), "MODEL priorKindId 2 is not defined");
        rejects(() -> new ModelInfo(0, new byte[31]), "MODEL fingerprint must be 32 bytes, got 31");
        rejects(() -> new ModelInfo(0, new byte[33]), "must be 32 bytes, got 33");
        rejects(() -> new ModelInfo(1, new byte[32]), "not all zeros, for priorKindId 1 (format.md §3.6)");
        rejects(() -> new DecodeHint(0, 0.5f, 10), "DECODE_HINT modeId 0 is not defined");
        rejects(() -> new DecodeHint(5, 0.5f, 10), "modeId 5");
        rejects(() -> new DecodeHint(1, -0.1f, 10), "perception -0.1");
        rejects(() -> new DecodeHint(1, Float.NaN, 10), "perception NaN");
        rejects(() -> new DecodeHint(1, 0.5f, 0), "steps 0");
        rejects(() -> new DecodeHint(1, 0.5f, 10_001), "steps 10001 is out of range 1..10000 (format.md §3.7)");
        rejects(() -> new AncillaryRecord(0x7FFF, new byte[0]), "ancillary record id 0x7FFF is outside 0x8000..0xFFFE");
        rejects(() -> new AncillaryRecord(0xFFFF, new byte[0]), "0xFFFF");
        rejects(() -> new AncillaryRecord(-1, new byte[0]), "ancillary record id -1");
        assertThrows(NullPointerException.class, () -> new ProposalInfo(1, null));
        assertThrows(NullPointerException.class, () -> new AncillaryRecord(0x8000, null));
        assertThrows(NullPointerException.class, () -> new ModelInfo(1, null));
    }

    @Test
    void layerConstructorRejectsOutOfRangeValues() {
        rejects(() -> new LayerInfo(Float.NaN, 1, 0, 0), "LADDER layer sigma NaN must be finite, > 0 and < 1e6 (format.md §3.8)");
        rejects(() -> new LayerInfo(0f, 1, 0, 0), "sigma 0.0 must be");
        rejects(() -> new LayerInfo(-0f, 1, 0, 0), "sigma -0.0 must be");
        rejects(() -> new LayerInfo(-0.5f, 1, 0, 0), "sigma -0.5 must be");
        rejects(() -> new LayerInfo(Float.POSITIVE_INFINITY, 1, 0, 0), "sigma Infinity must be");
        rejects(() -> new LayerInfo(1e6f, 1, 0, 0), "sigma 1000000.0 must be");
        rejects(() -> new LayerInfo(1f, 0, 0, 0), "LADDER chunkCount 0 is out of range 1..4294967295 (format.md §3.8)");
        rejects(() -> new LayerInfo(1f, -1, 0, 0), "chunkCount -1");
        rejects(() -> new LayerInfo(1f, 1L << 32, 0, 0), "chunkCount 4294967296");
        rejects(() -> new LayerInfo(1f, 1, -1, 0), "LADDER context -1 is out of range 0..31");
        rejects(() -> new LayerInfo(1f, 1, 32, 0), "context 32");
        rejects(() -> new LayerInfo(1f, 1, 0, -1), "LADDER payloadBytes -1 is out of range 0..4294967295");
        rejects(() -> new LayerInfo(1f, 1, 0, 1L << 32), "payloadBytes 4294967296");
        // the bounds themselves are valid
        LayerInfo max = new LayerInfo(Math.nextDown(1e6f), 0xFFFF_FFFFL, 31, 0xFFFF_FFFFL);
        assertEquals(0xFFFF_FFFFL, max.chunkCount());
        assertEquals(0xFFFF_FFFFL, max.payloadBytes());
        assertEquals(31, max.context());
        assertEquals(Float.MIN_VALUE, new LayerInfo(Float.MIN_VALUE, 1, 0, 0).sigma());
    }

    @Test
    void ladderConstructorRejectsOutOfRangeValues() {
        rejects(() -> ladder(0, 1, 2, 20, 0, 0, 1, ONE, new byte[0]), "LADDER prngId 0 is not defined (allowed: 2 = RDPC-SM64-v2)");
        rejects(() -> ladder(1, 1, 2, 20, 0, 0, 1, ONE, new byte[0]), "prngId 1");
        rejects(() -> ladder(2, 0, 2, 20, 0, 0, 1, ONE, new byte[0]), "LADDER permutationId 0 is not defined");
        rejects(() -> ladder(2, 2, 2, 20, 0, 0, 1, ONE, new byte[0]), "permutationId 2");
        rejects(() -> ladder(2, 1, 1, 20, 0, 0, 1, ONE, new byte[0]), "LADDER indexModelId 1 is not defined (allowed: 2)");
        rejects(() -> ladder(2, 1, 3, 20, 0, 0, 1, ONE, new byte[0]), "indexModelId 3");
        rejects(() -> ladder(2, 1, 2, 0, 0, 0, 1, ONE, new byte[0]), "LADDER log2Candidates 0 is out of range 1..40");
        rejects(() -> ladder(2, 1, 2, 41, 0, 0, 1, ONE, new byte[0]), "log2Candidates 41");
        rejects(() -> ladder(2, 1, 2, 20, 1, 0, 1, ONE, new byte[0]), "LADDER tileEdge 1 is out of range 64..65535");
        rejects(() -> ladder(2, 1, 2, 20, 63, 8, 1, ONE, new byte[0]), "tileEdge 63");
        rejects(() -> ladder(2, 1, 2, 20, 65536, 8, 1, ONE, new byte[0]), "tileEdge 65536");
        rejects(() -> ladder(2, 1, 2, 20, -1, 8, 1, ONE, new byte[0]), "tileEdge -1");
        rejects(() -> ladder(2, 1, 2, 20, 0, 1, 1, ONE, new byte[0]), "LADDER tileOverlap 1 must be 0 when tileEdge is 0");
        rejects(() -> ladder(2, 1, 2, 20, 64, 0, 1, ONE, new byte[0]), "LADDER tileOverlap 0 is out of range 8..32");
        rejects(() -> ladder(2, 1, 2, 20, 64, 7, 1, ONE, new byte[0]), "tileOverlap 7 is out of range 8..32");
        rejects(() -> ladder(2, 1, 2, 20, 64, 33, 1, ONE, new byte[0]), "tileOverlap 33 is out of range 8..32");
        rejects(() -> ladder(2, 1, 2, 20, 65535, 32768, 1, ONE, new byte[0]), "tileOverlap 32768 is out of range 8..32767");
        rejects(() -> ladder(2, 1, 2, 20, 0, 0, 0, ONE, new byte[0]), "LADDER bands 0 is out of range 1..127");
        rejects(() -> ladder(2, 1, 2, 20, 0, 0, 128, ONE, new byte[0]), "bands 128");
        rejects(() -> ladder(2, 1, 2, 20, 0, 0, 1, List.of(), new byte[0]), "LADDER layerCount 0 is out of range 1..255");
        List<LayerInfo> many = new ArrayList<>();
        for (int k = 0; k < 256; k++) {
            many.add(new LayerInfo(1000f - k, 1, 0, 0));
        }
        rejects(() -> ladder(2, 1, 2, 20, 0, 0, 1, many, new byte[0]), "layerCount 256");
        assertEquals(255, ladder(2, 1, 2, 20, 0, 0, 1, many.subList(0, 255), new byte[0]).layers().size());
        rejects(() -> ladder(2, 1, 2, 20, 0, 0, 1, List.of(new LayerInfo(0.5f, 1, 0, 0), new LayerInfo(0.5f, 1, 0, 0)),
                new byte[0]), "LADDER layer 1 sigma 0.5 must be below layer 0's 0.5 (format.md §3.8)");
        rejects(() -> ladder(2, 1, 2, 20, 0, 0, 1, List.of(new LayerInfo(0.5f, 1, 0, 0), new LayerInfo(0.25f, 1, 0, 0),
                new LayerInfo(0.3f, 1, 0, 0)), new byte[0]), "LADDER layer 2 sigma 0.3 must be below layer 1's 0.25");
        rejects(() -> ladder(2, 1, 2, 20, 0, 0, 1, ONE, new byte[1]),
                "LADDER has one layer but 1 bytes of variance scales; a single layer has none (format.md §3.8)");
        assertThrows(NullPointerException.class, () -> ladder(2, 1, 2, 20, 0, 0, 1, ONE, null));
        assertThrows(NullPointerException.class, () -> ladder(2, 1, 2, 20, 0, 0, 1, null, new byte[0]));
        assertThrows(NullPointerException.class, () -> ladder(2, 1, 2, 20, 0, 0, 1, java.util.Arrays.asList(
                (LayerInfo) null), new byte[0]));
    }

    @Test
    void ladderConstructorAcceptsTheBounds() {
        LadderInfo a = ladder(2, 1, 2, 1, 64, 8, 1, TWO, new byte[0]);
        assertEquals(1, a.log2Candidates());
        assertEquals(0, a.scales().length, "two layers may have an empty scales stream");
        LadderInfo b = ladder(2, 1, 2, 40, 64, 32, 127, TWO, new byte[5]);
        assertEquals(40, b.log2Candidates());
        assertEquals(32, b.tileOverlap());
        assertEquals(127, b.bands());
        LadderInfo c = ladder(2, 1, 2, 20, 65535, 32767, 1, ONE, new byte[0]);
        assertEquals(65535, c.tileEdge());
        assertEquals(32767, c.tileOverlap());
        assertEquals(0.25, b.finalSigma());
        assertEquals(2, b.chunkCount());
        assertEquals(0, b.payloadBytes());
        assertEquals(18 + 26 + 5, b.encodedLength());
        assertEquals(0xFFFF_FFFFL * 2, ladder(2, 1, 2, 20, 0, 0, 1, List.of(new LayerInfo(2f, 1, 0, 0xFFFF_FFFFL),
                new LayerInfo(1f, 1, 0, 0xFFFF_FFFFL)), new byte[0]).payloadBytes(), "the sum does not overflow");
    }

    @Test
    void modelFingerprintLengthErrorCitesTheModelSection() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelInfo(0, new byte[31]));
        assertEquals("MODEL fingerprint must be 32 bytes, got 31 (format.md §3.6)", e.getMessage());
    }

    @Test
    void builderChecksPresence() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> RdpcFile.builder().build());
        assertEquals("missing required record 0x0001 (IMAGE) (format.md §3.11)", missing.getMessage());
        RdpcFile grey = TestFiles.grey();
        RdpcFile.Builder noLadder = RdpcFile.builder().image(grey.image()).transform(grey.transform())
                .padding(grey.padding()).proposal(grey.proposal()).model(grey.model()).payload(grey.payload());
        IllegalStateException l = assertThrows(IllegalStateException.class, noLadder::build);
        assertEquals("missing required record 0x000B (LADDER) (format.md §3.11)", l.getMessage());
        RdpcFile.Builder noPayload = RdpcFile.builder().image(grey.image()).transform(grey.transform())
                .padding(grey.padding()).proposal(grey.proposal()).model(grey.model()).ladder(grey.ladder());
        IllegalStateException p = assertThrows(IllegalStateException.class, noPayload::build);
        assertEquals("missing required record 0x000C (LAYER_PAYLOAD) (format.md §3.11)", p.getMessage());
        assertEquals(grey, noPayload.payload(grey.payload()).build());
        assertThrows(NullPointerException.class, () -> RdpcFile.builder().ladder(null));
        assertThrows(NullPointerException.class, () -> RdpcFile.builder().payload(null));
    }

    @Test
    void builderChecksCrossRecordRules() {
        RdpcFile grey = TestFiles.grey();
        rejects(() -> grey.toBuilder().transform(new TransformInfo(1, 1, 4, 1)).build(), "does not match IMAGE channels 1");
        rejects(() -> TestFiles.rgb().toBuilder().transform(new TransformInfo(0, 1, 8, 1)).build(),
                "does not match IMAGE channels 3");
        // colourTransformId 2, grey coded as RGB, belongs to grey images only.
        rejects(() -> TestFiles.rgb().toBuilder().transform(new TransformInfo(2, 1, 8, 1)).build(),
                "does not match IMAGE channels 3");
        assertEquals(1, grey.codedChannels());
        assertEquals(3, TestFiles.rgb().codedChannels());
        rejects(() -> grey.toBuilder().padding(new PaddingInfo(16, 12, 1)).build(), "less than IMAGE width 17");
        rejects(() -> grey.toBuilder().padding(new PaddingInfo(20, 4, 1)).build(), "less than IMAGE height 5");
        rejects(() -> grey.toBuilder().padding(new PaddingInfo(20, 10, 1)).build(), "paddedHeight 10 is not a multiple");
        rejects(() -> grey.toBuilder().padding(new PaddingInfo(17 + 4099, 8, 1)).build(), "excess must be below 4096");
        rejects(() -> grey.toBuilder().addAncillary(new AncillaryRecord(0x8000, new byte[0]))
                .addAncillary(new AncillaryRecord(0x8000, new byte[1])).build(), "duplicate ancillary record 0x8000");
        assertThrows(NullPointerException.class, () -> grey.toBuilder().ancillary(java.util.Arrays.asList(
                (AncillaryRecord) null)));
        // padded exactly 4095 beyond the size is fine (4112 is a multiple of the block size 4)
        assertEquals(4112, grey.toBuilder().padding(new PaddingInfo(17 + 4095, 8, 1)).build().padding().paddedWidth());

        // §3.8: bands against the block size (7 is the largest for blockSize 4, 3 for blockSize 2)
        LadderInfo l = grey.ladder();
        rejects(() -> grey.toBuilder().ladder(new LadderInfo(2, 1, 2, 20, -1, 0, 0, 8, l.layers(), new byte[0])).build(),
                "LADDER bands 8 exceeds 2 x TRANSFORM blockSize - 1 = 7 (format.md §3.8)");
        rejects(() -> grey.toBuilder().transform(new TransformInfo(0, 1, 2, 1)).build(),
                "LADDER bands 7 exceeds 2 x TRANSFORM blockSize - 1 = 3");
        // §3.8: the analytic prior is never tiled, the ONNX prior may be
        LadderInfo tiled = new LadderInfo(2, 1, 2, 20, -1, 64, 8, 7, l.layers(), new byte[0]);
        rejects(() -> grey.toBuilder().ladder(tiled).build(),
                "LADDER tileEdge 64 must be 0 for the analytic prior (MODEL priorKindId 0) (format.md §3.8)");
        rejects(() -> TestFiles.rgb().toBuilder().model(ModelInfo.analyticGaussian()).build(), "LADDER tileEdge 1024 must be 0");
        ModelInfo onnx = new ModelInfo(1, TestFiles.sha256(new byte[0]));
        assertEquals(64, grey.toBuilder().model(onnx).ladder(tiled).build().ladder().tileEdge());
        // §3.8: at most as many chunks as coefficients, per layer: 1 x 20 x 8 = 160 for grey
        rejects(() -> grey.toBuilder().ladder(new LadderInfo(2, 1, 2, 20, -1, 0, 0, 7,
                List.of(new LayerInfo(0.05f, 161, 31, 9)), new byte[0])).build(),
                "LADDER layer 0 declares 161 chunks but the padded image has only 160 coefficients (format.md §3.8)");
        rejects(() -> grey.toBuilder().ladder(new LadderInfo(2, 1, 2, 20, -1, 0, 0, 7,
                List.of(new LayerInfo(0.5f, 160, 31, 4), new LayerInfo(0.05f, 0xFFFF_FFFFL, 31, 5)), new byte[0])).build(),
                "LADDER layer 1 declares 4294967295 chunks but the padded image has only 160 coefficients");
        // a larger padded image allows more chunks: 1 x 20 x 12 = 240
        assertEquals(240, grey.toBuilder().padding(new PaddingInfo(20, 12, 1)).ladder(new LadderInfo(2, 1, 2, 20, -1, 0, 0,
                7, List.of(new LayerInfo(0.05f, 240, 31, 9)), new byte[0])).build().ladder().chunkCount());
        rejects(() -> grey.toBuilder().padding(new PaddingInfo(20, 12, 1)).ladder(new LadderInfo(2, 1, 2, 20, -1, 0, 0,
                7, List.of(new LayerInfo(0.05f, 241, 31, 9)), new byte[0])).build(), "only 240 coefficients");
        // RGB counts every channel: 3 x 64 x 48 = 9216 is the golden file's last layer, one more is too many
        LadderInfo r = TestFiles.rgbLadder();
        List<LayerInfo> over = new ArrayList<>(r.layers());
        over.set(2, new LayerInfo(0.05f, 9217, 17, 97));
        rejects(() -> TestFiles.rgb().toBuilder().ladder(new LadderInfo(2, 1, 2, 12, r.seed(), 1024, 128, 6, over,
                r.scales())).build(), "LADDER layer 2 declares 9217 chunks but the padded image has only 9216 coefficients");
        // §3.8: the payload sizes add up to LAYER_PAYLOAD
        rejects(() -> grey.toBuilder().payload(new byte[10]).build(),
                "LADDER layers declare 9 payload bytes but LAYER_PAYLOAD holds 10 (format.md §3.8)");
        rejects(() -> TestFiles.rgb().toBuilder().payload(new byte[0]).build(),
                "LADDER layers declare 129 payload bytes but LAYER_PAYLOAD holds 0");
        // §3.8: a layer's payload can carry its chunks: 9216 chunks of 4 octave decisions need 97 bytes
        List<LayerInfo> short96 = new ArrayList<>(r.layers());
        short96.set(1, new LayerInfo(0.2f, 40, 5, 16));
        short96.set(2, new LayerInfo(0.05f, 9216, 17, 96));
        rejects(() -> TestFiles.rgb().toBuilder().ladder(new LadderInfo(2, 1, 2, 12, r.seed(), 1024, 128, 6, short96,
                r.scales())).build(), "LADDER layer 2 declares 9216 chunks, more than its 96 payload bytes can hold (at most 9200)");
        // several problems: the first in the reader's order (bands, tiling, chunks by layer, payload) is reported
        LadderInfo everything = new LadderInfo(2, 1, 2, 20, -1, 64, 8, 8, List.of(new LayerInfo(0.05f, 161, 31, 1)),
                new byte[0]);
        rejects(() -> grey.toBuilder().ladder(everything).build(), "LADDER bands 8 exceeds");
        LadderInfo noBands = new LadderInfo(2, 1, 2, 20, -1, 64, 8, 7, List.of(new LayerInfo(0.05f, 161, 31, 1)),
                new byte[0]);
        rejects(() -> grey.toBuilder().ladder(noBands).build(), "LADDER tileEdge 64 must be 0");
        rejects(() -> grey.toBuilder().model(onnx).ladder(noBands).build(), "declares 161 chunks");
    }

    @Test
    void readerLimitsValidationAndWithers() {
        ReaderLimits d = ReaderLimits.defaults();
        assertEquals(1L << 30, d.maxFileBytes());
        assertEquals(100_000_000L, d.maxPixels());
        assertEquals(256L << 20, d.maxPayloadBytes());
        assertEquals(new ReaderLimits(5, 6, 7), d.withMaxFileBytes(5).withMaxPixels(6).withMaxPayloadBytes(7));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxFileBytes(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxFileBytes(Integer.MAX_VALUE));
        assertEquals(ReaderLimits.MAX_FILE_BYTES_CEILING, d.withMaxFileBytes(Integer.MAX_VALUE - 16).maxFileBytes());
        assertThrows(IllegalArgumentException.class, () -> d.withMaxPixels(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxPixels(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxPayloadBytes(0));
    }

    private static MalformedInputException malformed(byte[] file) {
        return malformed(file, ReaderLimits.defaults());
    }

    private static MalformedInputException malformed(byte[] file, ReaderLimits limits) {
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> ContainerReader.read(file, limits));
        assertTrue(e.reason().matches(".*\\(format\\.md §[0-9.]+\\)$"), e.reason());
        return e;
    }

    @Test
    void fileSizeLimit() throws IOException {
        byte[] file = ContainerWriter.write(TestFiles.grey());
        assertEquals(162, file.length);
        assertEquals(TestFiles.grey(), ContainerReader.read(file, ReaderLimits.defaults().withMaxFileBytes(file.length)));
        MalformedInputException e = malformed(file, ReaderLimits.defaults().withMaxFileBytes(file.length - 1));
        assertEquals(file.length - 1, e.offset());
        assertEquals("file is 162 bytes, exceeding the reader limit maxFileBytes=161 (format.md §5)", e.reason());
    }

    @Test
    void payloadLimitAppliesToLayerPayloadOnly() throws IOException {
        byte[] file = ContainerWriter.write(TestFiles.rgb()); // 129-byte LAYER_PAYLOAD, 93-byte LADDER, 25-byte PROPOSAL
        assertEquals(TestFiles.rgb(), ContainerReader.read(file, ReaderLimits.defaults().withMaxPayloadBytes(129)));
        MalformedInputException e = malformed(file, ReaderLimits.defaults().withMaxPayloadBytes(128));
        assertEquals(233, e.offset()); // the LAYER_PAYLOAD record
        assertEquals("record 0x000C (LAYER_PAYLOAD) declares 129 bytes, exceeding the reader limit maxPayloadBytes=128"
                + " (format.md §5)", e.reason());
        // an empty LAYER_PAYLOAD passes the smallest limit
        RdpcFile empty = TestFiles.grey().toBuilder().ladder(new LadderInfo(2, 1, 2, 20, -1, 0, 0, 7,
                List.of(new LayerInfo(0.05f, 160, 31, 0)), new byte[0])).payload(new byte[0]).build();
        assertEquals(empty, ContainerReader.read(ContainerWriter.write(empty), ReaderLimits.defaults().withMaxPayloadBytes(1)));
    }

    @Test
    void pixelLimitAppliesToImageAndPaddedSize() throws IOException {
        byte[] file = ContainerWriter.write(TestFiles.grey()); // 17 x 5 = 85, padded 20 x 8 = 160
        assertEquals(TestFiles.grey(), ContainerReader.read(file, ReaderLimits.defaults().withMaxPixels(160)));
        MalformedInputException padded = malformed(file, ReaderLimits.defaults().withMaxPixels(159));
        assertEquals(42, padded.offset());
        assertEquals("padded image of 20 x 8 = 160 pixels exceeds the reader limit maxPixels=159 (format.md §5)",
                padded.reason());
        MalformedInputException image = malformed(file, ReaderLimits.defaults().withMaxPixels(84));
        assertEquals(16, image.offset());
        assertTrue(image.reason().startsWith("image of 17 x 5 = 85 pixels"), image.reason());
    }

    @ParameterizedTest
    @CsvSource({"12, 2147483647", "12, 4294967295", "12, 2147483648", "11, 4294967295", "32768, 85"})
    void hugeDeclaredLengthsFailBeforeAllocating(int id, long declared) {
        // 100-byte file whose first record claims more than the 84 bytes that follow
        byte[] file = new byte[100];
        ByteBuffer.wrap(file).put(FormatIds.signature()).put((byte) 2).put((byte) 0)
                .putShort((short) id).putInt((int) declared);
        MalformedInputException e = malformed(file);
        assertEquals(16, e.offset());
        assertEquals("truncated: record " + Rules.hex16(id) + " declares " + declared + " bytes at offset 16 but only 84"
                + " remain (format.md §3.1)", e.reason());
    }

    @Test
    void streamReadingStopsOneByteAfterTheLimitWithoutTrustingDeclaredLengths() {
        long[] consumed = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                consumed[0]++;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                consumed[0] += len;
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> ContainerReader.read(endless, ReaderLimits.defaults().withMaxFileBytes(100_000)));
        assertEquals(100_000, e.offset());
        assertEquals(100_001, consumed[0]);
        assertTrue(e.reason().contains("maxFileBytes=100000 (format.md §5)"), e.reason());
    }

    @Test
    void streamReadingAcceptsAFileExactlyAtTheLimit() throws IOException {
        byte[] file = ContainerWriter.write(TestFiles.rgb());
        InputStream trickle = new ByteArrayInputStream(file) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7)); // short reads
            }
        };
        assertEquals(TestFiles.rgb(), ContainerReader.read(trickle, ReaderLimits.defaults().withMaxFileBytes(file.length)));
    }

    @Test
    void formatIdsAreConsistent() {
        assertArrayEquals(new byte[] {(byte) 0x89, 'R', 'D', 'P', 'C', 0x0D, 0x0A, 0x1A}, FormatIds.signature());
        assertEquals(2, FormatIds.MAJOR_VERSION);
        assertEquals(0, FormatIds.MINOR_VERSION);
        assertEquals(List.of(1, 2, 3, 6, 7, 8, 11, 12), List.of(FormatIds.RECORD_IMAGE, FormatIds.RECORD_TRANSFORM,
                FormatIds.RECORD_PADDING, FormatIds.RECORD_PROPOSAL, FormatIds.RECORD_MODEL, FormatIds.RECORD_DECODE_HINT,
                FormatIds.RECORD_LADDER, FormatIds.RECORD_LAYER_PAYLOAD));
        assertEquals(List.of(4, 5, 9, 10), List.of(FormatIds.RETIRED_CHANNEL, FormatIds.RETIRED_RCC,
                FormatIds.RETIRED_PAYLOAD, FormatIds.RETIRED_CHANNEL_GAIN));
        assertEquals(List.of(1, 2, 3, 6, 7, 8, 11, 12), java.util.Arrays.stream(Rules.KNOWN_IDS).boxed().toList());
        assertEquals(FormatIds.RECORD_LAYER_PAYLOAD, Rules.LAST_KNOWN_ID);
        assertTrue(FormatIds.isCritical(FormatIds.RECORD_LAYER_PAYLOAD));
        assertFalse(FormatIds.isCritical(FormatIds.RECORD_INVALID));
        assertFalse(FormatIds.isCritical(FormatIds.RECORD_END));
        assertFalse(FormatIds.isAncillary(FormatIds.RECORD_END));
        assertTrue(FormatIds.isAncillary(0x8000));
        assertTrue(FormatIds.isAncillary(0xFFFE));
        assertFalse(FormatIds.isAncillary(0x7FFF));
        assertEquals("RDPC-SM64-v2", FormatIds.PRNG_RDPC_SM64_V2_NAME);
        assertEquals(2, FormatIds.PRNG_RDPC_SM64_V2);
        assertEquals(1, FormatIds.PERMUTATION_FEISTEL_V1);
        assertEquals(2, FormatIds.INDEX_MODEL_LAYERED);
        assertEquals(18, FormatIds.LADDER_HEADER_LENGTH);
        assertEquals(13, FormatIds.LAYER_ENTRY_LENGTH);
        assertEquals(32, FormatIds.CONTEXTS);
        assertEquals(64, FormatIds.MIN_TILE_EDGE);
        assertEquals(8, FormatIds.MIN_TILE_OVERLAP);
        for (int id = 0; id <= 0x000D; id++) {
            boolean known = id == 1 || id == 2 || id == 3 || id == 6 || id == 7 || id == 8 || id == 11 || id == 12;
            boolean retired = id == 4 || id == 5 || id == 9 || id == 10;
            assertEquals(known, Rules.isKnown(id), "known " + id);
            assertEquals(retired, Rules.isRetired(id), "retired " + id);
            assertEquals(known && id != FormatIds.RECORD_DECODE_HINT, Rules.isRequired(id), "required " + id);
        }
        assertFalse(Rules.isKnown(FormatIds.RECORD_END));
        assertEquals("LADDER", Rules.recordName(FormatIds.RECORD_LADDER));
        assertEquals("LAYER_PAYLOAD", Rules.recordName(FormatIds.RECORD_LAYER_PAYLOAD));
        assertEquals("PAYLOAD, retired", Rules.recordName(FormatIds.RETIRED_PAYLOAD));
        assertEquals("unknown critical", Rules.recordName(0x000D));
        assertEquals("invalid", Rules.recordName(0));
        assertEquals("ancillary", Rules.recordName(0x8000));
        assertEquals("END", Rules.recordName(0xFFFF));
        // sections of format 2: the known records in id order, then the retired ids and the record set rules
        assertEquals(List.of("3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9"),
                java.util.Arrays.stream(Rules.KNOWN_IDS).mapToObj(Rules::section).toList());
        assertEquals("3.10", Rules.section(FormatIds.RETIRED_CHANNEL_GAIN));
        assertEquals("3.10", Rules.RETIRED);
        assertEquals("3.11", Rules.RECORD_SET);
        assertEquals("4", Rules.section(FormatIds.RECORD_END));
        assertEquals(-1, Rules.fixedLength(FormatIds.RECORD_LADDER));
        assertEquals(-1, Rules.fixedLength(FormatIds.RECORD_LAYER_PAYLOAD));
        assertEquals(-1, Rules.fixedLength(FormatIds.RECORD_PROPOSAL));
        assertEquals(List.of(10, 4, 9, 33, 7, 4), List.of(Rules.fixedLength(1), Rules.fixedLength(2), Rules.fixedLength(3),
                Rules.fixedLength(7), Rules.fixedLength(8), Rules.fixedLength(0xFFFF)));
    }

    // ------------------------------------------------------------------ reader checks

    @ParameterizedTest
    @CsvSource({
        "1, 0,   'rdpc format 1.0 is not supported: this reader implements format 2 (layered coding); re-encode the original image (format.md §2)'",
        "1, 1,   'rdpc format 1.1 is not supported: this reader implements format 2'",
        "1, 255, 'rdpc format 1.255 is not supported'",
        "0, 0,   'unsupported major version 0 (minor 0); this reader supports major version 2 (format.md §2)'",
        "3, 0,   'unsupported major version 3 (minor 0)'",
        "255, 9, 'unsupported major version 255 (minor 9)'",
    })
    void otherMajorVersionsAreUnsupported(int major, int minor, String fragment) {
        for (byte[] file : new byte[][] {
            RawFile.start(major, minor).records(TestFiles.greyRecords()).end(),
            RawFile.start(major, minor).bytes(), // the version alone is enough
            RawFile.start(major, minor).raw((byte) 1, (byte) 2, (byte) 3).bytes(),
        }) {
            UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, () -> ContainerReader.read(file));
            assertEquals(8, e.offset());
            assertEquals(major, e.major());
            assertEquals(minor, e.minor());
            assertTrue(e.reason().contains(fragment), e.reason());
            assertTrue(e.reason().endsWith(" (format.md §2)"), e.reason());
            assertEquals("offset 8: " + e.reason(), e.getMessage());
        }
    }

    @Test
    void theSignatureAndLengthAreCheckedBeforeTheVersion() {
        byte[] badSig = RawFile.start(1, 0).bytes();
        badSig[7] = 0;
        MalformedInputException s = malformed(badSig);
        assertEquals(MalformedInputException.class, s.getClass());
        assertEquals(0, s.offset());
        byte[] nine = java.util.Arrays.copyOf(RawFile.start(1, 0).bytes(), 9);
        MalformedInputException t = malformed(nine);
        assertEquals(MalformedInputException.class, t.getClass());
        assertEquals(9, t.offset());
        assertEquals("truncated: the signature and version need 10 bytes but the file has only 9 (format.md §2)", t.reason());
        MalformedInputException v = malformed(RawFile.start().bytes()); // 2.0 and nothing else
        assertEquals(MalformedInputException.class, v.getClass());
        assertEquals(10, v.offset());
        assertTrue(v.reason().startsWith("missing END record"), v.reason());
    }

    @ParameterizedTest
    @CsvSource({"4, CHANNEL", "5, RCC", "9, PAYLOAD", "10, CHANNEL_GAIN"})
    void retiredRecordsAreRejectedWhereverTheyAre(int id, String name) {
        String reason = "record " + Rules.hex16(id) + " (" + name + ", retired) belongs to format 1 and is not valid in format 2"
                + " (format.md §3.10)";
        List<Rec> recs = TestFiles.greyRecords();
        for (int at : new int[] {0, 3, recs.size()}) {
            List<Rec> with = new ArrayList<>(recs);
            with.add(at, new Rec(id, new byte[at])); // any length, even 0
            byte[] file = RawFile.start().records(with).end();
            MalformedInputException e = malformed(file);
            assertEquals(RawFile.headerOffsets(file).get(at), (int) e.offset());
            assertEquals(reason, e.reason());
        }
        // an unknown critical record stored before it is reported first
        List<Rec> both = new ArrayList<>(recs);
        both.add(0, new Rec(0x000D, new byte[0]));
        both.add(1, new Rec(id, new byte[0]));
        assertTrue(malformed(RawFile.start().records(both).end()).reason().startsWith("unknown critical record 0x000D"));
    }

    @ParameterizedTest
    @CsvSource({"13, unknown critical", "255, unknown critical", "32767, unknown critical"})
    void unknownCriticalRecordsAreRejected(int id, String name) {
        byte[] file = RawFile.start().records(TestFiles.greyRecords()).record(id, new byte[2]).end();
        MalformedInputException e = malformed(file);
        assertEquals(152, e.offset());
        assertEquals("unknown critical record " + Rules.hex16(id) + " (" + name + "): this reader implements format 2.0"
                + " and must reject files with critical records it does not know (format.md §3.1)", e.reason());
    }

    @ParameterizedTest
    @CsvSource({"1, IMAGE", "2, TRANSFORM", "3, PADDING", "6, PROPOSAL", "7, MODEL", "11, LADDER", "12, LAYER_PAYLOAD"})
    void everyRequiredRecordIsRequired(int id, String name) {
        List<Rec> recs = RawFile.remove(TestFiles.greyRecords(), id);
        byte[] file = RawFile.start().records(recs).end();
        MalformedInputException e = malformed(file);
        assertEquals(file.length - 10, e.offset()); // the END record
        assertEquals("missing required record " + Rules.hex16(id) + " (" + name + ") (format.md §3.11)", e.reason());
    }

    @Test
    void duplicatesOfTheNewRecordsAreRejected() {
        List<Rec> recs = TestFiles.greyRecords();
        byte[] payload = RawFile.start().records(recs).record(12, RawFile.valueOf(recs, 12)).end();
        MalformedInputException e = malformed(payload);
        assertEquals(152, e.offset());
        assertTrue(e.reason().startsWith("duplicate record 0x000C (LAYER_PAYLOAD); a record id may appear at most once"));
        // a second LADDER, even an invalid one, is a duplicate
        byte[] ladder = RawFile.start().records(recs).record(11, new byte[0]).end();
        assertTrue(malformed(ladder).reason().startsWith("duplicate record 0x000B (LADDER)"));
    }

    private static byte[] greyWithLadder(RawLadder l) {
        return RawFile.start().records(RawFile.replace(TestFiles.greyRecords(), FormatIds.RECORD_LADDER, l.bytes())).end();
    }

    /** The grey golden file with the ONNX prior, so that tiling is allowed. */
    private static byte[] greyOnnxWithLadder(RawLadder l) {
        List<Rec> recs = RawFile.replace(TestFiles.greyRecords(), FormatIds.RECORD_LADDER, l.bytes());
        byte[] model = new byte[33];
        model[0] = 1;
        model[32] = 1;
        return RawFile.start().records(RawFile.replace(recs, FormatIds.RECORD_MODEL, model)).end();
    }

    static Stream<Arguments> ladderProblems() {
        RawLadder g = TestFiles.greyRawLadder();
        RawLayer k = g.layers().get(0);
        // two layers splitting the 9 payload bytes, with a scales stream; the second entry starts at 137
        RawLadder two = g.withLayers(List.of(k.withSigma(0.5f).withPayloadBytes(4), k.withPayloadBytes(5)))
                .withScales(new byte[] {1, 2, 3, 4, 5, 6, 7});
        RawLayer k1 = two.layers().get(1);
        return Stream.of(
                Arguments.of("log2Candidates 0", greyWithLadder(g.withHeader(2, 1, 2, 0)), 109,
                        "LADDER log2Candidates 0 is out of range 1..40"),
                Arguments.of("indexModelId 0", greyWithLadder(g.withHeader(2, 1, 0, 20)), 108,
                        "LADDER indexModelId 0 is not defined (allowed: 2)"),
                Arguments.of("prngId 0", greyWithLadder(g.withHeader(0, 1, 2, 20)), 106,
                        "LADDER prngId 0 is not defined (allowed: 2 = RDPC-SM64-v2)"),
                Arguments.of("several header problems: the first field", greyWithLadder(g.withHeader(2, 9, 9, 99)
                        .withBands(0)), 107, "LADDER permutationId 9 is not defined (allowed: 1 = RDPC-FEISTEL-v1)"),
                Arguments.of("tileEdge 1", greyOnnxWithLadder(g.withTiling(1, 0)), 118,
                        "LADDER tileEdge 1 is out of range 64..65535"),
                Arguments.of("tileOverlap 0 with tiles", greyOnnxWithLadder(g.withTiling(65535, 0)), 120,
                        "LADDER tileOverlap 0 is out of range 8..32767"),
                Arguments.of("tileOverlap 7", greyOnnxWithLadder(g.withTiling(64, 7)), 120,
                        "LADDER tileOverlap 7 is out of range 8..32"),
                Arguments.of("tileOverlap 33", greyOnnxWithLadder(g.withTiling(64, 33)), 120,
                        "LADDER tileOverlap 33 is out of range 8..32"),
                Arguments.of("bands 128", greyWithLadder(g.withBands(128)), 122, "LADDER bands 128 is out of range 1..127"),
                Arguments.of("bands 255", greyWithLadder(g.withBands(255)), 122, "LADDER bands 255 is out of range 1..127"),
                Arguments.of("255 layers declared, 1 stored", greyWithLadder(g.withLayerCount(255)), 100,
                        "record 0x000B (LADDER) has length 31 but 255 layers need at least 3333"),
                Arguments.of("layer entry cut short", greyWithLadder(g.withLayerCount(2).withScales(new byte[12])), 100,
                        "record 0x000B (LADDER) has length 43 but 2 layers need at least 44"),
                Arguments.of("sigma 0", greyWithLadder(g.withLayer(0, k.withSigma(0f))), 124,
                        "LADDER layer sigma 0.0 must be finite, > 0 and < 1e6"),
                Arguments.of("sigma -0", greyWithLadder(g.withLayer(0, k.withSigma(-0f))), 124,
                        "LADDER layer sigma -0.0 must be finite, > 0 and < 1e6"),
                Arguments.of("sigma negative", greyWithLadder(g.withLayer(0, k.withSigma(-1f))), 124,
                        "LADDER layer sigma -1.0 must be finite, > 0 and < 1e6"),
                Arguments.of("sigma infinite", greyWithLadder(g.withLayer(0, k.withSigma(Float.POSITIVE_INFINITY))), 124,
                        "LADDER layer sigma Infinity must be finite, > 0 and < 1e6"),
                Arguments.of("sigma 1e6", greyWithLadder(g.withLayer(0, k.withSigma(1e6f))), 124,
                        "LADDER layer sigma 1000000.0 must be finite, > 0 and < 1e6"),
                Arguments.of("sigma negative NaN", greyWithLadder(g.withLayer(0, k.withSigmaBits(0xFFFF_FFFF))), 124,
                        "LADDER layer sigma NaN must be finite, > 0 and < 1e6"),
                Arguments.of("second sigma NaN", greyWithLadder(two.withLayer(1, k1.withSigmaBits(0x7F80_0001))), 137,
                        "LADDER layer sigma NaN must be finite, > 0 and < 1e6"),
                Arguments.of("second sigma larger", greyWithLadder(two.withLayer(1, k1.withSigma(0.75f))), 137,
                        "LADDER layer 1 sigma 0.75 must be below layer 0's 0.5"),
                Arguments.of("second chunkCount 0", greyWithLadder(two.withLayer(1, k1.withChunkCount(0))), 141,
                        "LADDER chunkCount 0 is out of range 1..4294967295"),
                Arguments.of("second context 255", greyWithLadder(two.withLayer(1, k1.withContext(255))), 145,
                        "LADDER context 255 is out of range 0..31"),
                Arguments.of("second chunkCount over coefficients", greyWithLadder(two.withLayer(1,
                        k1.withChunkCount(0xFFFF_FFFFL))), 141,
                        "LADDER layer 1 declares 4294967295 chunks but the padded image has only 160 coefficients"),
                Arguments.of("layer problem before scales problem", greyWithLadder(g.withLayer(0, k.withContext(40))
                        .withScales(new byte[1])), 132, "LADDER context 40 is out of range 0..31"),
                Arguments.of("one byte of scales", greyWithLadder(g.withScales(new byte[1])), 137,
                        "LADDER has one layer but 1 bytes of variance scales; a single layer has none"),
                Arguments.of("payload sum too small", greyWithLadder(two.withLayer(1, k1.withPayloadBytes(0))), 157,
                        "LADDER layers declare 4 payload bytes but LAYER_PAYLOAD holds 9"),
                Arguments.of("payload sum beyond 2^32", greyWithLadder(two.withLayer(1, k1.withPayloadBytes(0xFFFF_FFFFL))),
                        157, "LADDER layers declare 4294967299 payload bytes but LAYER_PAYLOAD holds 9"),
                Arguments.of("cross-record order: bands before tiling", greyWithLadder(g.withBands(8).withTiling(64, 8)),
                        122, "LADDER bands 8 exceeds 2 x TRANSFORM blockSize - 1 = 7"),
                Arguments.of("cross-record order: tiling before chunks", greyWithLadder(g.withTiling(64, 8)
                        .withLayer(0, k.withChunkCount(161))), 118, "LADDER tileEdge 64 must be 0 for the analytic prior"),
                Arguments.of("cross-record order: chunks before payload", greyWithLadder(g.withLayer(0, k.withChunkCount(161)
                        .withPayloadBytes(1))), 128, "LADDER layer 0 declares 161 chunks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ladderProblems")
    void readerChecksEveryLadderField(String what, byte[] file, int offset, String reason) {
        MalformedInputException e = malformed(file);
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.reason().startsWith(reason), () -> "expected '" + reason + "' at the start of: " + e.reason());
        assertTrue(e.reason().endsWith(" (format.md §3.8)"), e.reason());
        assertEquals(MalformedInputException.class, e.getClass());
    }

    @Test
    void validLadderVariantsAreAcceptedByTheReader() throws IOException {
        RawLadder g = TestFiles.greyRawLadder();
        RawLayer k = g.layers().get(0);
        // the raw helper and the writer agree on the golden ladder
        assertArrayEquals(RawFile.valueOf(TestFiles.greyRecords(), FormatIds.RECORD_LADDER), g.bytes());
        // a tiled ONNX ladder with both overlap bounds
        for (int overlap : new int[] {8, 32}) {
            RdpcFile f = ContainerReader.read(greyOnnxWithLadder(g.withTiling(64, overlap)));
            assertEquals(64, f.ladder().tileEdge());
            assertEquals(overlap, f.ladder().tileOverlap());
        }
        // two layers without scales; a minimal chunk count; context 0; an all-zero seed
        RawLadder two = g.withLayers(List.of(k.withSigma(1f).withPayloadBytes(9).withContext(0), k.withChunkCount(1)
                .withPayloadBytes(0)));
        RdpcFile f = ContainerReader.read(greyWithLadder(two));
        assertEquals(List.of(new LayerInfo(1f, 160, 0, 9), new LayerInfo(0.05f, 1, 31, 0)), f.ladder().layers());
        assertEquals(0, f.ladder().scales().length);
        assertEquals(9, f.layerPayloadOffset(1));
        // bands 1 and blockSize 2 with bands 3 (= 2 x 2 - 1)
        assertEquals(1, ContainerReader.read(greyWithLadder(g.withBands(1))).ladder().bands());
        RdpcFile small = TestFiles.grey().toBuilder().transform(new TransformInfo(0, 1, 2, 1))
                .ladder(new LadderInfo(2, 1, 2, 20, -1, 0, 0, 3, TestFiles.greyLadder().layers(), new byte[0])).build();
        assertEquals(small, ContainerReader.read(ContainerWriter.write(small)));
        byte[] bands4 = RawFile.start().records(RawFile.replace(RawFile.recordsOf(ContainerWriter.write(small)),
                FormatIds.RECORD_LADDER, g.withBands(4).bytes())).end();
        MalformedInputException e = malformed(bands4);
        assertEquals(122, e.offset());
        assertEquals("LADDER bands 4 exceeds 2 x TRANSFORM blockSize - 1 = 3 (format.md §3.8)", e.reason());
    }

    @Test
    void crossRecordProblemsAreReportedWhereTheRecordsAreStored() {
        List<Rec> recs = TestFiles.greyRecords();
        // LAYER_PAYLOAD stored first: the payload-size problem points at its header, offset 10
        byte[] ladder = TestFiles.greyRawLadder().withLayer(0, TestFiles.greyRawLadder().layers().get(0)
                .withPayloadBytes(8)).bytes();
        List<Rec> reordered = new ArrayList<>();
        reordered.add(new Rec(12, RawFile.valueOf(recs, 12)));
        reordered.addAll(RawFile.remove(RawFile.replace(recs, 11, ladder), 12));
        MalformedInputException e = malformed(RawFile.start().records(reordered).end());
        assertEquals(10, e.offset());
        assertEquals("LADDER layers declare 8 payload bytes but LAYER_PAYLOAD holds 9 (format.md §3.8)", e.reason());
        // LADDER stored first (value at 16): bands at 16 + 16, the chunk count at 16 + 18 + 4
        List<Rec> ladderFirst = new ArrayList<>();
        ladderFirst.add(new Rec(11, TestFiles.greyRawLadder().withBands(8).bytes()));
        ladderFirst.addAll(RawFile.remove(recs, 11));
        assertEquals(32, malformed(RawFile.start().records(ladderFirst).end()).offset());
        ladderFirst.set(0, new Rec(11, TestFiles.greyRawLadder().withLayer(0, TestFiles.greyRawLadder().layers().get(0)
                .withChunkCount(161)).bytes()));
        assertEquals(38, malformed(RawFile.start().records(ladderFirst).end()).offset());
    }

    @Test
    void recordProblemsComeBeforeCrossRecordProblems() {
        // bands 8 breaks a cross-record rule in LADDER; a bad DECODE_HINT after it breaks a record rule
        List<Rec> recs = RawFile.replace(TestFiles.greyRecords(), 11, TestFiles.greyRawLadder().withBands(8).bytes());
        byte[] file = RawFile.start().records(recs).record(FormatIds.RECORD_DECODE_HINT,
                ByteBuffer.allocate(7).put((byte) 1).putFloat(0.5f).putShort((short) 0).array()).end();
        MalformedInputException e = malformed(file);
        assertEquals(152 + 6 + 5, e.offset());
        assertEquals("DECODE_HINT steps 0 is out of range 1..10000 (format.md §3.7)", e.reason());
        // a missing record comes before the cross-record rules too
        MalformedInputException m = malformed(RawFile.start().records(RawFile.remove(recs, 12)).end());
        assertTrue(m.reason().startsWith("missing required record 0x000C (LAYER_PAYLOAD)"), m.reason());
    }

    @Test
    void exceptionShape() {
        MalformedInputException e = new MalformedInputException(42, "why (format.md §1)");
        assertEquals(42, e.offset());
        assertEquals("why (format.md §1)", e.reason());
        assertEquals("offset 42: why (format.md §1)", e.getMessage());
        assertInstanceOf(IOException.class, e);
        UnsupportedVersionException u = new UnsupportedVersionException(7, 3, "no (format.md §2)");
        assertInstanceOf(MalformedInputException.class, u);
        assertEquals(8, u.offset());
        assertEquals(7, u.major());
        assertEquals(3, u.minor());
        assertEquals("offset 8: no (format.md §2)", u.getMessage());
    }
}
