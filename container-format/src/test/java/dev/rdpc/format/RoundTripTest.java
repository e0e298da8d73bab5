package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    private static RdpcFile roundTrip(RdpcFile f) throws IOException {
        return ContainerReader.read(ContainerWriter.write(f));
    }

    private static RdpcFile roundTrip(RdpcFile f, ReaderLimits limits) throws IOException {
        return ContainerReader.read(ContainerWriter.write(f), limits);
    }

    private static List<Integer> ids(byte[] file) {
        return RawFile.recordsOf(file).stream().map(RawFile.Rec::id).toList();
    }

    @Test
    void writeThenReadIsEqual() throws IOException {
        assertEquals(TestFiles.rgb(), roundTrip(TestFiles.rgb()));
        assertEquals(TestFiles.grey(), roundTrip(TestFiles.grey()));
        assertEquals(TestFiles.greyUnorderedContent(), roundTrip(TestFiles.greyUnorderedContent()));
        assertEquals(TestFiles.rgb().hashCode(), roundTrip(TestFiles.rgb()).hashCode());
        assertNotEquals(TestFiles.rgb(), TestFiles.grey());
    }

    @Test
    void readThenWriteIsByteIdenticalForCanonicalFiles() throws IOException {
        for (RdpcFile f : List.of(TestFiles.rgb(), TestFiles.grey(), TestFiles.greyUnorderedContent())) {
            byte[] bytes = ContainerWriter.write(f);
            assertArrayEquals(bytes, ContainerWriter.write(ContainerReader.read(bytes)));
        }
    }

    @Test
    void streamWriterAndReaderMatchTheByteArrayVariants() throws IOException {
        for (RdpcFile f : List.of(TestFiles.rgb(), TestFiles.grey())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ContainerWriter.write(f, out);
            assertArrayEquals(ContainerWriter.write(f), out.toByteArray());
            assertEquals(f, ContainerReader.read(new ByteArrayInputStream(out.toByteArray()), ReaderLimits.defaults()));
        }
    }

    @Test
    void writerEmitsFormat20InCanonicalOrder() {
        byte[] rgb = ContainerWriter.write(TestFiles.rgb());
        assertEquals(FormatIds.MAJOR_VERSION, rgb[8]);
        assertEquals(FormatIds.MINOR_VERSION, rgb[9]);
        assertEquals(2, rgb[8]);
        assertEquals(0, rgb[9]);
        // END is last and holds the CRC-32C of everything before it
        int end = rgb.length - 10;
        assertEquals(0xFFFF, ByteBuffer.wrap(rgb).getShort(end) & 0xFFFF);
        assertEquals(4, ByteBuffer.wrap(rgb).getInt(end + 2));
        assertEquals(RawFile.crc(java.util.Arrays.copyOf(rgb, end)), ByteBuffer.wrap(rgb).getInt(end + 6));
        // the ancillary records follow the known ones in list order, whatever their ids
        RdpcFile reversed = TestFiles.rgb().toBuilder().ancillary(List.of(
                new AncillaryRecord(0x9000, new byte[] {1}), new AncillaryRecord(0x8001, new byte[] {2}))).build();
        assertEquals(List.of(1, 2, 3, 6, 7, 8, 11, 12, 0x9000, 0x8001), ids(ContainerWriter.write(reversed)));
        // without the optional hint
        assertEquals(List.of(1, 2, 3, 6, 7, 11, 12), ids(ContainerWriter.write(TestFiles.grey())));
    }

    @Test
    void ancillaryRecordsArePreservedByteIdenticallyInTheirRelativeOrderAfterKnownRecords() throws IOException {
        byte[] blob = TestFiles.pattern(300, 13, 1);
        RawFile raw = RawFile.start();
        List<RawFile.Rec> known = TestFiles.greyRecords();
        // interleave: ancillary 0xC000 first, 0x8005 in the middle, 0xA000 last
        raw.record(0xC000, blob);
        for (int i = 0; i < known.size(); i++) {
            raw.record(known.get(i).id(), known.get(i).value());
            if (i == 3) {
                raw.record(0x8005, new byte[] {9});
            }
        }
        raw.record(0xA000, new byte[0]);
        RdpcFile f = ContainerReader.read(raw.end());
        assertEquals(List.of(0xC000, 0x8005, 0xA000), f.ancillary().stream().map(AncillaryRecord::id).toList());
        assertArrayEquals(blob, f.ancillary().get(0).value());

        byte[] rewritten = ContainerWriter.write(f);
        List<RawFile.Rec> recs = RawFile.recordsOf(rewritten);
        assertEquals(List.of(1, 2, 3, 6, 7, 11, 12, 0xC000, 0x8005, 0xA000), recs.stream().map(RawFile.Rec::id).toList());
        assertArrayEquals(blob, RawFile.valueOf(recs, 0xC000));
        assertArrayEquals(new byte[] {9}, RawFile.valueOf(recs, 0x8005));
        assertArrayEquals(new byte[0], RawFile.valueOf(recs, 0xA000));
        assertEquals(f, ContainerReader.read(rewritten));
    }

    @Test
    void anyMinorVersionOfMajor2IsAcceptedAndRewrittenAs20() throws IOException {
        byte[] canonical = ContainerWriter.write(TestFiles.rgb());
        for (int minor : new int[] {1, 7, 255}) {
            byte[] other = RawFile.start(2, minor).records(RawFile.recordsOf(canonical)).end();
            RdpcFile f = ContainerReader.read(other);
            assertEquals(TestFiles.rgb(), f, "minor " + minor);
            assertArrayEquals(canonical, ContainerWriter.write(f));
        }
    }

    @Test
    void recordsAreAcceptedInAnyOrder() throws IOException {
        // every known record stored in descending id order; LAYER_PAYLOAD and LADDER before IMAGE
        List<RawFile.Rec> recs = new ArrayList<>(TestFiles.rgbRecords());
        Collections.reverse(recs);
        byte[] reversed = RawFile.start().records(recs).end();
        assertEquals(List.of(0x9000, 0x8001, 12, 11, 8, 7, 6, 3, 2, 1), ids(reversed));
        RdpcFile f = ContainerReader.read(reversed);
        // the ancillary records keep the order in which they were stored
        assertEquals(TestFiles.rgb().toBuilder().ancillary(List.of(
                new AncillaryRecord(0x9000, new byte[] {(byte) 0xCA, (byte) 0xFE}),
                new AncillaryRecord(0x8001, "golden rgb test file".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build(), f);
        assertArrayEquals(ContainerWriter.write(f), ContainerWriter.write(ContainerReader.read(ContainerWriter.write(f))));
    }

    @Test
    void decodeHintIsOptional() throws IOException {
        RdpcFile f = roundTrip(TestFiles.rgb().toBuilder().decodeHint(null).build());
        assertTrue(f.decodeHint().isEmpty());
        assertNotEquals(TestFiles.rgb(), f);
        assertEquals(ContainerWriter.write(TestFiles.rgb()).length - 13, ContainerWriter.write(f).length);
        assertTrue(TestFiles.grey().decodeHint().isEmpty());
    }

    @Test
    void ladderVariantsRoundTrip() throws IOException {
        RdpcFile grey = TestFiles.grey();
        // two layers with an empty scales stream: only a single layer must have none
        LadderInfo twoNoScales = new LadderInfo(2, 1, 2, 8, 42, 0, 0, 1,
                List.of(new LayerInfo(1f, 1, 0, 5), new LayerInfo(0.5f, 2, 1, 4)), new byte[0]);
        RdpcFile a = grey.toBuilder().ladder(twoNoScales).build();
        assertEquals(a, roundTrip(a));
        // layers with no payload bytes, and an empty LAYER_PAYLOAD
        LadderInfo empty = new LadderInfo(2, 1, 2, 1, 0, 0, 0, 3,
                List.of(new LayerInfo(2f, 3, 2, 0), new LayerInfo(1.5f, 160, 3, 0)), new byte[] {7});
        RdpcFile b = grey.toBuilder().ladder(empty).payload(new byte[0]).build();
        RdpcFile back = roundTrip(b);
        assertEquals(b, back);
        assertEquals(0, back.payloadLength());
        assertEquals(0, back.layerPayloadOffset(1));
        // tiling with the ONNX prior: the smallest tile and both overlap bounds
        ModelInfo onnx = new ModelInfo(FormatIds.PRIOR_ONNX_MODEL, TestFiles.sha256(new byte[] {1}));
        for (int overlap : new int[] {8, 32}) {
            LadderInfo tiled = new LadderInfo(2, 1, 2, 20, 7, 64, overlap, 7, TestFiles.greyLadder().layers(), new byte[0]);
            RdpcFile c = grey.toBuilder().model(onnx).ladder(tiled).build();
            assertEquals(c, roundTrip(c));
            assertEquals(overlap, roundTrip(c).ladder().tileOverlap());
        }
        // the ONNX prior may also run untiled
        RdpcFile d = grey.toBuilder().model(onnx).build();
        assertEquals(d, roundTrip(d));
    }

    @Test
    void extremeFieldValuesRoundTrip() throws IOException {
        int max = FormatIds.MAX_DIMENSION;
        // 255 layers: sigma from just below 1e6 down to the smallest positive binary32 value
        List<LayerInfo> layers = new ArrayList<>();
        float sigma = Math.nextDown(1e6f);
        for (int k = 0; k < 255; k++) {
            float s = k == 254 ? Float.MIN_VALUE : sigma;
            // the most chunks each layer's payload can carry (format.md §3.8): 368 x (bytes + 4) / 6 index decisions
            layers.add(new LayerInfo(s, k == 0 ? 368 * (5 + 4) / 6 : Math.min(1 + k, 368 * 4 / 6), k % 32, k == 0 ? 5 : 0));
            sigma *= 0.8f;
        }
        byte[] scales = TestFiles.pattern(3 * 127 * 254, 3, 1);
        LadderInfo ladder = new LadderInfo(2, 1, 2, FormatIds.MAX_LOG2_CANDIDATES, Long.MIN_VALUE, 0xFFFF, 0xFFFF / 2,
                127, layers, scales);
        RdpcFile f = TestFiles.rgb().toBuilder()
                .image(new ImageInfo(max, 1366, 3, 8))
                .transform(new TransformInfo(1, 1, 64, 1))
                .padding(new PaddingInfo(max, 1408, 1))
                .decodeHint(new DecodeHint(FormatIds.MODE_INTERP, 0f, 1))
                .proposal(new ProposalInfo(1, new byte[0]))
                .ladder(ladder)
                .payload(new byte[] {1, 2, 3, 4, 5})
                .build();
        ReaderLimits unlimited = ReaderLimits.defaults().withMaxPixels(Long.MAX_VALUE);
        RdpcFile back = roundTrip(f, unlimited);
        assertEquals(f, back);
        assertEquals(255, back.ladder().layers().size());
        assertEquals(552, back.ladder().layers().get(0).chunkCount());
        assertEquals(245, back.ladder().layers().get(254).chunkCount());
        assertEquals(Math.nextDown(1e6f), back.ladder().layers().get(0).sigma());
        assertEquals(Float.MIN_VALUE, back.ladder().layers().get(254).sigma());
        assertEquals(Float.MIN_VALUE, (float) back.ladder().finalSigma());
        assertEquals(Long.MIN_VALUE, back.ladder().seed());
        assertEquals(0xFFFF, back.ladder().tileEdge());
        assertEquals(32767, back.ladder().tileOverlap());
        assertEquals(5, back.layerPayloadOffset(4));
        assertEquals(18 + 255 * 13 + scales.length, back.ladder().encodedLength());
        // the smallest values
        LadderInfo small = new LadderInfo(2, 1, 2, FormatIds.MIN_LOG2_CANDIDATES, 0, 0, 0, 1,
                List.of(new LayerInfo(Float.MIN_VALUE, 1, 0, 0)), new byte[0]);
        RdpcFile g = TestFiles.grey().toBuilder().image(new ImageInfo(1, 1, 1, 8))
                .transform(new TransformInfo(0, 1, 2, 1)).padding(new PaddingInfo(2, 2, 1))
                .decodeHint(new DecodeHint(FormatIds.MODE_ODE, Float.MIN_VALUE, 10_000))
                .ladder(small).payload(new byte[0]).build();
        assertEquals(g, roundTrip(g));
    }

    @Test
    void proposalKind2IsWrittenAsFormat20() throws IOException {
        RdpcFile kind2 = TestFiles.rgb().toBuilder()
                .proposal(new ProposalInfo(FormatIds.PROPOSAL_PER_FREQUENCY_REGIONAL_DC, new byte[] {9, 8, 7})).build();
        byte[] two = ContainerWriter.write(kind2);
        assertEquals(2, two[8]);
        assertEquals(0, two[9], "format 2.0 has both proposal kinds; the minor stays 0");
        assertEquals(kind2, roundTrip(kind2));
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        ContainerWriter.write(kind2, streamed);
        assertArrayEquals(two, streamed.toByteArray());
    }

    @Test
    void largeProposalScalesAndPayloadRoundTrip() throws IOException {
        byte[] proposal = TestFiles.pattern(FormatIds.MAX_PROPOSAL_DATA_BYTES, 31, 7);
        byte[] payload = TestFiles.pattern(3_000_000, 17, 5);
        byte[] scales = TestFiles.pattern(1_000_000, 5, 3);
        LadderInfo big = new LadderInfo(2, 1, 2, 12, 1, 1024, 128, 6, List.of(new LayerInfo(0.5f, 12, 0, 1_000_000),
                new LayerInfo(0.2f, 40, 5, 1_999_903), new LayerInfo(0.05f, 9216, 17, 97)), scales);
        RdpcFile f = TestFiles.rgb().toBuilder().proposal(new ProposalInfo(1, proposal)).ladder(big).payload(payload).build();
        RdpcFile back = roundTrip(f);
        assertEquals(f, back);
        assertArrayEquals(payload, back.payload());
        assertArrayEquals(scales, back.ladder().scales());
        assertEquals(2_999_903, back.layerPayloadOffset(2));
    }

    @Test
    void immutabilityAndDefensiveCopies() {
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        byte[] data = {4, 5};
        byte[] value = {6};
        byte[] fp = TestFiles.sha256(new byte[0]);
        byte[] scales = {10, 11};
        List<LayerInfo> layers = new ArrayList<>(List.of(new LayerInfo(0.3f, 10, 0, 4), new LayerInfo(0.1f, 20, 1, 5)));
        LadderInfo ladder = new LadderInfo(2, 1, 2, 20, 5, 0, 0, 7, layers, scales);
        ProposalInfo proposal = new ProposalInfo(1, data);
        AncillaryRecord anc = new AncillaryRecord(0x8123, value);
        ModelInfo model = new ModelInfo(FormatIds.PRIOR_ONNX_MODEL, fp);
        RdpcFile f = TestFiles.grey().toBuilder().payload(payload).proposal(proposal).model(model)
                .addAncillary(anc).ladder(ladder).build();
        payload[0] = 99;
        data[0] = 99;
        value[0] = 99;
        fp[0] ^= 1;
        scales[0] = 99;
        layers.clear();
        f.payload()[1] = 99;
        f.proposal().data()[1] = 99;
        f.ancillary().get(0).value()[0] = 42;
        f.model().fingerprint()[0] ^= 1;
        f.ladder().scales()[1] = 99;
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, f.payload());
        assertArrayEquals(new byte[] {4, 5}, f.proposal().data());
        assertArrayEquals(new byte[] {6}, f.ancillary().get(0).value());
        assertArrayEquals(TestFiles.sha256(new byte[0]), f.model().fingerprint());
        assertArrayEquals(new byte[] {10, 11}, f.ladder().scales());
        assertEquals(2, f.ladder().layers().size());
        assertThrows(UnsupportedOperationException.class, () -> f.ladder().layers().add(new LayerInfo(0.01f, 1, 0, 0)));
        ByteBuffer view = f.payloadBuffer();
        assertTrue(view.isReadOnly());
        assertEquals(9, view.remaining());
        assertEquals(1, view.get(0));
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 7));
        assertEquals(9, f.payloadLength());
        assertThrows(UnsupportedOperationException.class, () -> f.ancillary().add(anc));
        // a builder made from a file does not share its payload
        RdpcFile g = f.toBuilder().build();
        assertEquals(f, g);
        assertArrayEquals(f.payload(), g.payload());
    }

    @Test
    void contentEqualityOfArrayRecords() {
        assertEquals(new ProposalInfo(1, new byte[] {1, 2}), new ProposalInfo(1, new byte[] {1, 2}));
        assertEquals(new ProposalInfo(1, new byte[] {1, 2}).hashCode(), new ProposalInfo(1, new byte[] {1, 2}).hashCode());
        assertNotEquals(new ProposalInfo(1, new byte[] {1, 2}), new ProposalInfo(1, new byte[] {1, 3}));
        assertEquals(new AncillaryRecord(0x8000, new byte[] {1}), new AncillaryRecord(0x8000, new byte[] {1}));
        assertNotEquals(new AncillaryRecord(0x8000, new byte[] {1}), new AncillaryRecord(0x8001, new byte[] {1}));
        assertEquals(ModelInfo.analyticGaussian(), new ModelInfo(0, new byte[32]));
        assertNotEquals(TestFiles.rgb(), TestFiles.rgb().toBuilder().ancillary(Collections.emptyList()).build());
        assertTrue(TestFiles.rgb().toString().contains("ImageInfo[width=61"));

        LadderInfo l = TestFiles.rgbLadder();
        assertEquals(l, TestFiles.rgbLadder());
        assertEquals(l.hashCode(), TestFiles.rgbLadder().hashCode());
        byte[] otherScales = l.scales();
        otherScales[35]++;
        LadderInfo scalesDiffer = new LadderInfo(2, 1, 2, 12, l.seed(), 1024, 128, 6, l.layers(), otherScales);
        assertNotEquals(l, scalesDiffer);
        assertNotEquals(l, new LadderInfo(2, 1, 2, 12, l.seed() + 1, 1024, 128, 6, l.layers(), l.scales()));
        assertNotEquals(l, new LadderInfo(2, 1, 2, 12, l.seed(), 1024, 127, 6, l.layers(), l.scales()));
        assertNotEquals(l, new LadderInfo(2, 1, 2, 11, l.seed(), 1024, 128, 6, l.layers(), l.scales()));
        assertNotEquals(l, new LadderInfo(2, 1, 2, 12, l.seed(), 1024, 128, 5, l.layers(), l.scales()));
        List<LayerInfo> otherLayers = new ArrayList<>(l.layers());
        otherLayers.set(2, new LayerInfo(0.05f, 9216, 17, 98));
        assertNotEquals(l, new LadderInfo(2, 1, 2, 12, l.seed(), 1024, 128, 6, otherLayers, l.scales()));
        assertEquals(new LayerInfo(0.5f, 1, 2, 3), new LayerInfo(0.5f, 1, 2, 3));
        assertNotEquals(new LayerInfo(0.5f, 1, 2, 3), new LayerInfo(Math.nextUp(0.5f), 1, 2, 3));
        String s = l.toString();
        assertTrue(s.startsWith("LadderInfo[prngId=2, permutationId=1, indexModelId=2, log2Candidates=12, seed="
                + 0x0123456789ABCDEFL + ", tileEdge=1024, tileOverlap=128, bands=6, layers=[LayerInfo[sigma=0.5"), s);
        assertTrue(s.endsWith(", scales=404b56616c77828d98a3aeb9c4cfdae5f0fb06111c27323d48535e69747f8a95...(36 bytes)]"), s);

        RdpcFile rgb = TestFiles.rgb();
        assertNotEquals(rgb, rgb.toBuilder().ladder(scalesDiffer).build());
        byte[] payload = rgb.payload();
        payload[39]++;
        assertNotEquals(rgb, rgb.toBuilder().payload(payload).build());
        assertTrue(rgb.toString().contains("LadderInfo[prngId=2"), rgb.toString());
        assertTrue(rgb.toString().contains("layerPayload=0b30557a"), rgb.toString());
    }
}
