package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    private static RdpcFile roundTrip(RdpcFile f) throws IOException {
        return ContainerReader.read(ContainerWriter.write(f));
    }

    @Test
    void writeThenReadIsEqual() throws IOException {
        assertEquals(TestFiles.rgb(), roundTrip(TestFiles.rgb()));
        assertEquals(TestFiles.grey(), roundTrip(TestFiles.grey()));
        assertEquals(TestFiles.greyUnorderedContent(), roundTrip(TestFiles.greyUnorderedContent()));
        assertEquals(TestFiles.rgb().hashCode(), roundTrip(TestFiles.rgb()).hashCode());
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
        RdpcFile f = TestFiles.rgb();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerWriter.write(f, out);
        assertArrayEquals(ContainerWriter.write(f), out.toByteArray());
        assertEquals(f, ContainerReader.read(new ByteArrayInputStream(out.toByteArray()), ReaderLimits.defaults()));
    }

    @Test
    void ancillaryRecordsArePreservedByteIdenticallyInTheirRelativeOrderAfterKnownRecords() throws IOException {
        byte[] blob = TestFiles.pattern(300, 13, 1);
        RawFile raw = RawFile.start();
        List<RawFile.Rec> known = RawFile.recordsOf(ContainerWriter.write(TestFiles.grey()));
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
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 9, 0xC000, 0x8005, 0xA000),
                recs.stream().map(RawFile.Rec::id).toList());
        assertArrayEquals(blob, RawFile.valueOf(recs, 0xC000));
        assertArrayEquals(new byte[] {9}, RawFile.valueOf(recs, 0x8005));
        assertArrayEquals(new byte[0], RawFile.valueOf(recs, 0xA000));
        assertEquals(f, ContainerReader.read(rewritten));
    }

    @Test
    void anyMinorVersionIsAcceptedAndRewrittenAs10() throws IOException {
        byte[] canonical = ContainerWriter.write(TestFiles.rgb());
        byte[] minor7 = RawFile.start(1, 7).records(RawFile.recordsOf(canonical)).end();
        RdpcFile f = ContainerReader.read(minor7);
        assertEquals(TestFiles.rgb(), f);
        assertArrayEquals(canonical, ContainerWriter.write(f));
        assertEquals(1, canonical[8]);
        assertEquals(0, canonical[9]);
    }

    @Test
    void decodeHintIsOptional() throws IOException {
        RdpcFile f = roundTrip(TestFiles.rgb().toBuilder().decodeHint(null).build());
        assertTrue(f.decodeHint().isEmpty());
        assertTrue(TestFiles.grey().decodeHint().isEmpty());
    }

    @Test
    void channelGainIsOptionalAndRoundTripsWithAndWithout() throws IOException {
        RdpcFile with = TestFiles.rgb();
        assertTrue(with.channelGain().isPresent());
        assertEquals(with, roundTrip(with));
        RdpcFile without = with.toBuilder().channelGain(null).build();
        assertTrue(without.channelGain().isEmpty());
        assertNotEquals(with, without);
        RdpcFile back = roundTrip(without);
        assertEquals(without, back);
        assertTrue(back.channelGain().isEmpty());
        List<Integer> ids = RawFile.recordsOf(ContainerWriter.write(without)).stream().map(RawFile.Rec::id).toList();
        assertFalse(ids.contains(FormatIds.RECORD_CHANNEL_GAIN));
        assertEquals(ContainerWriter.write(with).length - 6 - 2 * 192, ContainerWriter.write(without).length);

        // grey without gains, then with 1 x 4^2 = 16 gains written after PAYLOAD by id
        int[] g = new int[16];
        for (int k = 0; k < g.length; k++) {
            g[k] = FormatIds.GAIN_ONE + 100 * k;
        }
        RdpcFile grey = TestFiles.grey().toBuilder().channelGain(new ChannelGainInfo(g))
                .addAncillary(new AncillaryRecord(0x8000, new byte[] {1})).build();
        byte[] bytes = ContainerWriter.write(grey);
        List<RawFile.Rec> recs = RawFile.recordsOf(bytes);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 9, 10, 0x8000), recs.stream().map(RawFile.Rec::id).toList());
        assertArrayEquals(TestFiles.gainBytes(g), RawFile.valueOf(recs, FormatIds.RECORD_CHANNEL_GAIN));
        RdpcFile read = ContainerReader.read(bytes);
        assertEquals(grey, read);
        assertEquals(grey.hashCode(), read.hashCode());
        assertArrayEquals(bytes, ContainerWriter.write(read));
        assertEquals(1.0 + 1500.0 / 32768, read.channelGain().orElseThrow().gain(15));

        // stored before IMAGE, the record is still accepted and the rewrite moves it after PAYLOAD
        RawFile unordered = RawFile.start().record(FormatIds.RECORD_CHANNEL_GAIN, TestFiles.gainBytes(g));
        for (RawFile.Rec r : recs) {
            if (r.id() != FormatIds.RECORD_CHANNEL_GAIN) {
                unordered.record(r.id(), r.value());
            }
        }
        RdpcFile u = ContainerReader.read(unordered.end());
        assertEquals(grey, u);
        assertArrayEquals(bytes, ContainerWriter.write(u));
    }

    @Test
    void extremeChannelGainsRoundTrip() throws IOException {
        // the largest count: RGB with blockSize 64 needs 3 x 64^2 = 12288 gains, values at both ends
        int[] g = new int[FormatIds.MAX_CHANNEL_GAINS];
        for (int k = 0; k < g.length; k++) {
            g[k] = k % 2 == 0 ? 1 : 0xFFFF;
        }
        RdpcFile f = TestFiles.rgb().toBuilder()
                .transform(new TransformInfo(1, 1, 64, 1))
                .padding(new PaddingInfo(64, 64, 1))
                .channelGain(new ChannelGainInfo(g))
                .build();
        RdpcFile back = roundTrip(f);
        assertEquals(f, back);
        assertArrayEquals(g, back.channelGain().orElseThrow().gains());
        // the smallest: grey with blockSize 2 has 1 x 2^2 = 4 gains
        RdpcFile small = TestFiles.grey().toBuilder()
                .transform(new TransformInfo(0, 1, 2, 1))
                .channelGain(new ChannelGainInfo(new int[] {1, 2, 3, 65535}))
                .build();
        assertEquals(small, roundTrip(small));
        assertEquals(12288, FormatIds.MAX_CHANNEL_GAINS);
    }

    @Test
    void extremeFieldValuesRoundTrip() throws IOException {
        int max = FormatIds.MAX_DIMENSION;
        RdpcFile f = TestFiles.grey().toBuilder()
                .image(new ImageInfo(max, 1, 1, 8))
                .transform(new TransformInfo(0, 1, 64, 1))
                .padding(new PaddingInfo(max, 64, 1))
                .channel(new ChannelInfo(Double.MIN_VALUE, Math.nextDown(1e6)))
                .rcc(new RccInfo(1, 1, 1, 40, 64f, Long.MIN_VALUE, 0))
                .decodeHint(new DecodeHint(FormatIds.MODE_INTERP, 0f, 1))
                .payload(new byte[0])
                .proposal(new ProposalInfo(1, new byte[0]))
                .build();
        assertEquals(f, roundTrip(f));
        RdpcFile g = f.toBuilder().decodeHint(new DecodeHint(FormatIds.MODE_ODE, Float.MIN_VALUE, 10_000)).build();
        assertEquals(g, roundTrip(g));
    }

    @Test
    void proposalKind2IsWrittenAsFormat11AndKind1As10() throws IOException {
        RdpcFile kind1 = TestFiles.rgb();
        RdpcFile kind2 = kind1.toBuilder().proposal(new ProposalInfo(FormatIds.PROPOSAL_PER_FREQUENCY_REGIONAL_DC, new byte[] {9, 8, 7})).build();
        byte[] one = ContainerWriter.write(kind1);
        byte[] two = ContainerWriter.write(kind2);
        assertEquals(1, one[8]);
        assertEquals(0, one[9], "files that need nothing of 1.1 stay 1.0");
        assertEquals(1, two[8]);
        assertEquals(1, two[9], "proposal kind 2 is a format 1.1 identifier (format §8)");
        assertEquals(kind2, roundTrip(kind2));
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        ContainerWriter.write(kind2, streamed);
        assertArrayEquals(two, streamed.toByteArray());
    }

    @Test
    void largeProposalAndPayloadRoundTrip() throws IOException {
        byte[] proposal = TestFiles.pattern(FormatIds.MAX_PROPOSAL_DATA_BYTES, 31, 7);
        byte[] payload = TestFiles.pattern(3_000_000, 17, 5);
        RdpcFile f = TestFiles.rgb().toBuilder().proposal(new ProposalInfo(1, proposal)).payload(payload).build();
        RdpcFile back = roundTrip(f);
        assertEquals(f, back);
        assertArrayEquals(payload, back.payload());
    }

    @Test
    void immutabilityAndDefensiveCopies() {
        byte[] payload = {1, 2, 3};
        byte[] data = {4, 5};
        byte[] value = {6};
        byte[] fp = TestFiles.sha256(new byte[0]);
        int[] gains = new int[16];
        java.util.Arrays.fill(gains, FormatIds.GAIN_ONE);
        ChannelGainInfo gain = new ChannelGainInfo(gains);
        ProposalInfo proposal = new ProposalInfo(1, data);
        AncillaryRecord anc = new AncillaryRecord(0x8123, value);
        ModelInfo model = new ModelInfo(FormatIds.PRIOR_ONNX_MODEL, fp);
        RdpcFile f = TestFiles.grey().toBuilder().payload(payload).proposal(proposal).model(model)
                .addAncillary(anc).channelGain(gain).build();
        gains[0] = 7;
        f.channelGain().orElseThrow().gains()[1] = 7;
        assertEquals(FormatIds.GAIN_ONE, f.channelGain().orElseThrow().gains()[0]);
        assertEquals(FormatIds.GAIN_ONE, f.channelGain().orElseThrow().gains()[1]);
        assertEquals(1.0, f.channelGain().orElseThrow().gain(0));
        assertEquals(16, f.channelGain().orElseThrow().count());
        assertThrows(IndexOutOfBoundsException.class, () -> gain.gain(16));
        payload[0] = 99;
        data[0] = 99;
        value[0] = 99;
        fp[0] ^= 1;
        f.payload()[1] = 99;
        f.proposal().data()[1] = 99;
        f.ancillary().get(0).value()[0] = 42;
        f.model().fingerprint()[0] ^= 1;
        assertArrayEquals(new byte[] {1, 2, 3}, f.payload());
        assertArrayEquals(new byte[] {4, 5}, f.proposal().data());
        assertArrayEquals(new byte[] {6}, f.ancillary().get(0).value());
        assertArrayEquals(TestFiles.sha256(new byte[0]), f.model().fingerprint());
        ByteBuffer view = f.payloadBuffer();
        assertTrue(view.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 7));
        assertEquals(3, f.payloadLength());
        assertThrows(UnsupportedOperationException.class, () -> f.ancillary().add(anc));
    }

    @Test
    void contentEqualityOfArrayRecords() {
        assertEquals(new ProposalInfo(1, new byte[] {1, 2}), new ProposalInfo(1, new byte[] {1, 2}));
        assertEquals(new ProposalInfo(1, new byte[] {1, 2}).hashCode(), new ProposalInfo(1, new byte[] {1, 2}).hashCode());
        assertNotEquals(new ProposalInfo(1, new byte[] {1, 2}), new ProposalInfo(1, new byte[] {1, 3}));
        assertEquals(new AncillaryRecord(0x8000, new byte[] {1}), new AncillaryRecord(0x8000, new byte[] {1}));
        assertNotEquals(new AncillaryRecord(0x8000, new byte[] {1}), new AncillaryRecord(0x8001, new byte[] {1}));
        assertEquals(ModelInfo.analyticGaussian(), new ModelInfo(0, new byte[32]));
        assertNotEquals(TestFiles.rgb(), TestFiles.rgb().toBuilder().payload(new byte[] {0}).build());
        assertNotEquals(TestFiles.rgb(), TestFiles.rgb().toBuilder().ancillary(Collections.emptyList()).build());
        assertTrue(TestFiles.rgb().toString().contains("ImageInfo[width=61"));
        assertEquals(new ChannelGainInfo(new int[] {1, 2}), new ChannelGainInfo(new int[] {1, 2}));
        assertEquals(new ChannelGainInfo(new int[] {1, 2}).hashCode(), new ChannelGainInfo(new int[] {1, 2}).hashCode());
        assertNotEquals(new ChannelGainInfo(new int[] {1, 2}), new ChannelGainInfo(new int[] {1, 3}));
        assertNotEquals(new ChannelGainInfo(new int[] {1, 2}), new ChannelGainInfo(new int[] {1, 2, 3}));
        assertEquals("ChannelGainInfo[count=2, gains=[1, 2]]", new ChannelGainInfo(new int[] {1, 2}).toString());
        assertTrue(TestFiles.rgb().toString().contains("channelGain=ChannelGainInfo[count=192, gains=[32768, 1, 65535, "),
                TestFiles.rgb().toString());
        assertTrue(TestFiles.rgb().toString().contains(", ...]]"));
        assertTrue(TestFiles.grey().toString().contains("channelGain=null"));
        int[] other = TestFiles.rgbGains();
        other[191]++;
        assertNotEquals(TestFiles.rgb(), TestFiles.rgb().toBuilder().channelGain(new ChannelGainInfo(other)).build());
    }
}
