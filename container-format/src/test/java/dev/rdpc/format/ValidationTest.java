package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Writer-side validation (IllegalArgumentException) and reader limits. */
class ValidationTest {

    private static void rejects(Executable e, String fragment) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(fragment), x.getMessage());
        assertTrue(x.getMessage().contains("(format.md §"), x.getMessage());
    }

    @Test
    void recordConstructorsRejectOutOfRangeValues() {
        rejects(() -> new ImageInfo(0, 1, 1, 8), "width 0");
        rejects(() -> new ImageInfo(1, (1 << 20) + 1, 1, 8), "height 1048577");
        rejects(() -> new ImageInfo(1, 1, 2, 8), "channels 2");
        rejects(() -> new ImageInfo(1, 1, 3, 16), "bitsPerSample 16");
        rejects(() -> new TransformInfo(2, 1, 8, 1), "colourTransformId 2");
        rejects(() -> new TransformInfo(0, 0, 8, 1), "blockTransformId 0");
        rejects(() -> new TransformInfo(0, 1, 1, 1), "blockSize 1");
        rejects(() -> new TransformInfo(0, 1, 128, 1), "blockSize 128");
        rejects(() -> new TransformInfo(0, 1, 24, 1), "blockSize 24");
        rejects(() -> new TransformInfo(0, 1, 8, 2), "valueMappingId 2");
        rejects(() -> new PaddingInfo(0, 8, 1), "paddedWidth 0");
        rejects(() -> new PaddingInfo(8, 8, 2), "paddingModeId 2");
        rejects(() -> new ChannelInfo(Double.NaN, 1), "sigma NaN");
        rejects(() -> new ChannelInfo(0, 1), "sigma 0.0");
        rejects(() -> new ChannelInfo(1, Double.POSITIVE_INFINITY), "realisedSigma Infinity");
        rejects(() -> new ChannelInfo(1e6, 1), "sigma 1000000.0");
        rejects(() -> new RccInfo(2, 1, 1, 8, 8f, 0, 1), "prngId 2");
        rejects(() -> new RccInfo(1, 3, 1, 8, 8f, 0, 1), "schemeId 3");
        rejects(() -> new RccInfo(1, 1, 0, 8, 8f, 0, 1), "indexModelId 0");
        rejects(() -> new RccInfo(1, 1, 1, 0, 8f, 0, 1), "log2Candidates 0");
        rejects(() -> new RccInfo(1, 1, 1, 41, 8f, 0, 1), "log2Candidates 41");
        rejects(() -> new RccInfo(1, 1, 1, 8, 0f, 0, 1), "chunkBudgetBits 0.0");
        rejects(() -> new RccInfo(1, 1, 1, 8, 64.5f, 0, 1), "chunkBudgetBits 64.5");
        rejects(() -> new RccInfo(1, 1, 1, 8, Float.NaN, 0, 1), "chunkBudgetBits NaN");
        rejects(() -> new RccInfo(1, 1, 1, 8, 8f, 0, -1), "chunkCount -1");
        rejects(() -> new RccInfo(1, 1, 1, 8, 8f, 0, 1L << 32), "chunkCount 4294967296");
        rejects(() -> new ProposalInfo(3, new byte[0]), "proposalKindId 3");
        rejects(() -> new ProposalInfo(0, new byte[0]), "proposalKindId 0");
        rejects(() -> new ProposalInfo(1, new byte[FormatIds.MAX_PROPOSAL_DATA_BYTES + 1]), "exceeds the format maximum");
        rejects(() -> new ModelInfo(2, new byte[32]), "priorKindId 2");
        rejects(() -> new ModelInfo(0, new byte[31]), "must be 32 bytes");
        rejects(() -> new ModelInfo(1, new byte[32]), "not all zeros");
        rejects(() -> new DecodeHint(0, 0.5f, 10), "modeId 0");
        rejects(() -> new DecodeHint(5, 0.5f, 10), "modeId 5");
        rejects(() -> new DecodeHint(1, -0.1f, 10), "perception -0.1");
        rejects(() -> new DecodeHint(1, Float.NaN, 10), "perception NaN");
        rejects(() -> new DecodeHint(1, 0.5f, 0), "steps 0");
        rejects(() -> new DecodeHint(1, 0.5f, 10_001), "steps 10001");
        rejects(() -> new AncillaryRecord(0x7FFF, new byte[0]), "0x7FFF");
        rejects(() -> new AncillaryRecord(0xFFFF, new byte[0]), "0xFFFF");
        rejects(() -> new ChannelGainInfo(new int[0]), "gain count 0 is out of range 1..12288 (format.md §3.11)");
        rejects(() -> new ChannelGainInfo(new int[FormatIds.MAX_CHANNEL_GAINS + 1]), "gain count 12289");
        rejects(() -> new ChannelGainInfo(new int[] {1, 0}), "g_1 0 is out of range 1..65535");
        rejects(() -> new ChannelGainInfo(new int[] {65536}), "g_0 65536");
        rejects(() -> new ChannelGainInfo(new int[] {-1}), "g_0 -1");
        assertThrows(NullPointerException.class, () -> new ChannelGainInfo(null));
        assertThrows(NullPointerException.class, () -> new ProposalInfo(1, null));
        assertThrows(NullPointerException.class, () -> new AncillaryRecord(0x8000, null));
    }

    @Test
    void builderChecksPresenceAndCrossRecordRules() {
        RdpcFile.Builder b = RdpcFile.builder();
        IllegalStateException missing = assertThrows(IllegalStateException.class, b::build);
        assertTrue(missing.getMessage().contains("missing required record 0x0001 (IMAGE) (format.md §3.12)"),
                missing.getMessage());
        RdpcFile grey = TestFiles.grey();
        rejects(() -> grey.toBuilder().transform(new TransformInfo(1, 1, 4, 1)).build(), "does not match IMAGE channels 1");
        rejects(() -> TestFiles.rgb().toBuilder().transform(new TransformInfo(0, 1, 8, 1)).build(),
                "does not match IMAGE channels 3");
        rejects(() -> grey.toBuilder().padding(new PaddingInfo(16, 8, 1)).build(), "less than IMAGE width 17");
        rejects(() -> grey.toBuilder().padding(new PaddingInfo(20, 4, 1)).build(), "less than IMAGE height 5");
        rejects(() -> grey.toBuilder().padding(new PaddingInfo(20, 10, 1)).build(), "paddedHeight 10 is not a multiple");
        rejects(() -> grey.toBuilder().padding(new PaddingInfo(17 + 4099, 8, 1)).build(), "excess must be below 4096");
        rejects(() -> grey.toBuilder().addAncillary(new AncillaryRecord(0x8000, new byte[0]))
                .addAncillary(new AncillaryRecord(0x8000, new byte[1])).build(), "duplicate ancillary record 0x8000");
        rejects(() -> grey.toBuilder().channelGain(new ChannelGainInfo(new int[15])).build(), "g_0 0");
        int[] gains = new int[48];
        java.util.Arrays.fill(gains, FormatIds.GAIN_ONE);
        rejects(() -> grey.toBuilder().channelGain(new ChannelGainInfo(gains)).build(),
                "CHANNEL_GAIN holds 48 gains but IMAGE channels 1 x TRANSFORM blockSize 4^2 requires 16 (format.md §3.11)");
        rejects(() -> TestFiles.rgb().toBuilder().transform(new TransformInfo(1, 1, 16, 1)).build(),
                "CHANNEL_GAIN holds 192 gains but IMAGE channels 3 x TRANSFORM blockSize 16^2 requires 768");
        assertEquals(48, TestFiles.rgb().toBuilder().image(new ImageInfo(61, 45, 3, 8))
                .transform(new TransformInfo(1, 1, 4, 1)).channelGain(new ChannelGainInfo(gains)).build()
                .channelGain().orElseThrow().count());
        assertThrows(NullPointerException.class, () -> grey.toBuilder().ancillary(java.util.Arrays.asList(
                (AncillaryRecord) null)));
        // padded exactly 4095 beyond the size is fine (4112 is a multiple of the block size 4)
        assertEquals(4112, grey.toBuilder().padding(new PaddingInfo(17 + 4095, 8, 1)).build().padding().paddedWidth());
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
        assertThrows(IllegalArgumentException.class, () -> d.withMaxPixels(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxPayloadBytes(0));
    }

    private static MalformedInputException malformed(byte[] file, ReaderLimits limits) {
        return assertThrows(MalformedInputException.class, () -> ContainerReader.read(file, limits));
    }

    @Test
    void fileSizeLimit() throws IOException {
        byte[] file = ContainerWriter.write(TestFiles.grey());
        assertEquals(TestFiles.grey(), ContainerReader.read(file, ReaderLimits.defaults().withMaxFileBytes(file.length)));
        MalformedInputException e = malformed(file, ReaderLimits.defaults().withMaxFileBytes(file.length - 1));
        assertEquals(file.length - 1, e.offset());
        assertTrue(e.reason().contains("exceeding the reader limit maxFileBytes=172 (format.md §5)"), e.reason());
    }

    @Test
    void payloadLimit() throws IOException {
        byte[] file = ContainerWriter.write(TestFiles.rgb()); // 40-byte payload
        assertEquals(TestFiles.rgb(), ContainerReader.read(file, ReaderLimits.defaults().withMaxPayloadBytes(40)));
        MalformedInputException e = malformed(file, ReaderLimits.defaults().withMaxPayloadBytes(39));
        assertTrue(e.reason().contains("record 0x0009 (PAYLOAD) declares 40 bytes, exceeding the reader limit "
                + "maxPayloadBytes=39"), e.reason());
    }

    @Test
    void pixelLimitAppliesToImageAndPaddedSize() throws IOException {
        byte[] file = ContainerWriter.write(TestFiles.grey()); // 17 x 5 = 85, padded 20 x 8 = 160
        assertEquals(TestFiles.grey(), ContainerReader.read(file, ReaderLimits.defaults().withMaxPixels(160)));
        MalformedInputException padded = malformed(file, ReaderLimits.defaults().withMaxPixels(159));
        assertEquals(42, padded.offset());
        assertTrue(padded.reason().contains("padded image of 20 x 8 = 160 pixels exceeds the reader limit maxPixels=159"),
                padded.reason());
        MalformedInputException image = malformed(file, ReaderLimits.defaults().withMaxPixels(84));
        assertEquals(16, image.offset());
        assertTrue(image.reason().contains("image of 17 x 5 = 85 pixels"), image.reason());
    }

    @Test
    void hugeDeclaredLengthsFailBeforeAllocating() {
        // 100-byte file whose first record claims 2 GB, then 4 GB
        for (long declared : new long[] {Integer.MAX_VALUE, 0xFFFF_FFFFL, 1L << 31}) {
            byte[] file = new byte[100];
            ByteBuffer.wrap(file).put(FormatIds.signature()).put((byte) 1).put((byte) 0)
                    .putShort((short) FormatIds.RECORD_PAYLOAD).putInt((int) declared);
            MalformedInputException e = malformed(file, ReaderLimits.defaults());
            assertEquals(16, e.offset());
            assertEquals("truncated: record 0x0009 declares " + declared + " bytes at offset 16 but only 84 remain"
                    + " (format.md §3.1)", e.reason());
        }
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
        assertTrue(FormatIds.isCritical(FormatIds.RECORD_PAYLOAD));
        assertFalse(FormatIds.isCritical(FormatIds.RECORD_INVALID));
        assertFalse(FormatIds.isCritical(FormatIds.RECORD_END));
        assertFalse(FormatIds.isAncillary(FormatIds.RECORD_END));
        assertTrue(FormatIds.isAncillary(0x8000));
        assertTrue(FormatIds.isAncillary(0xFFFE));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), List.of(FormatIds.RECORD_IMAGE, FormatIds.RECORD_TRANSFORM,
                FormatIds.RECORD_PADDING, FormatIds.RECORD_CHANNEL, FormatIds.RECORD_RCC, FormatIds.RECORD_PROPOSAL,
                FormatIds.RECORD_MODEL, FormatIds.RECORD_DECODE_HINT, FormatIds.RECORD_PAYLOAD));
        assertEquals("RDPC-SM64-v1", FormatIds.PRNG_RDPC_SM64_V1_NAME);
        assertEquals(0x000A, FormatIds.RECORD_CHANNEL_GAIN);
        assertTrue(FormatIds.isCritical(FormatIds.RECORD_CHANNEL_GAIN));
        assertEquals(12288, FormatIds.MAX_CHANNEL_GAINS);
        assertEquals(FormatIds.CHANNELS_RGB * FormatIds.MAX_BLOCK_SIZE * FormatIds.MAX_BLOCK_SIZE,
                FormatIds.MAX_CHANNEL_GAINS);
        assertEquals(32768, FormatIds.GAIN_ONE);
        assertEquals("CHANNEL_GAIN", Rules.recordName(FormatIds.RECORD_CHANNEL_GAIN));
        assertEquals("unknown critical", Rules.recordName(0x000B));
        // known records are cited by section 3.(id + 1); the record set rules follow them
        assertEquals("3.2", Rules.section(FormatIds.RECORD_IMAGE));
        assertEquals("3.10", Rules.section(FormatIds.RECORD_PAYLOAD));
        assertEquals("3.11", Rules.section(FormatIds.RECORD_CHANNEL_GAIN));
        assertEquals("3.12", Rules.RECORD_SET);
        assertTrue(Rules.isKnown(FormatIds.RECORD_CHANNEL_GAIN));
        assertFalse(Rules.isRequired(FormatIds.RECORD_CHANNEL_GAIN));
        assertFalse(Rules.isKnown(0x000B));
    }

    @Test
    void readerChecksChannelGainLengthValuesAndCount() throws IOException {
        List<RawFile.Rec> recs = RawFile.recordsOf(ContainerWriter.write(TestFiles.grey()));
        int at = 163; // the grey records end here; CHANNEL_GAIN is appended
        for (int length : new int[] {0, 1, 2 * FormatIds.MAX_CHANNEL_GAINS + 1, 2 * FormatIds.MAX_CHANNEL_GAINS + 2}) {
            byte[] file = RawFile.start().records(recs).record(FormatIds.RECORD_CHANNEL_GAIN, new byte[length]).end();
            MalformedInputException e = malformed(file, ReaderLimits.defaults());
            assertEquals(at, e.offset(), e.getMessage());
            assertEquals("record 0x000A (CHANNEL_GAIN) has length " + length
                    + " but must be 2n with 1 <= n <= 12288 (format.md §3.11)", e.reason());
        }
        // the largest count passes the length rule, then fails the count rule (grey, blockSize 4)
        int[] max = new int[FormatIds.MAX_CHANNEL_GAINS];
        java.util.Arrays.fill(max, 0xFFFF);
        byte[] big = RawFile.start().records(recs)
                .record(FormatIds.RECORD_CHANNEL_GAIN, TestFiles.gainBytes(max)).end();
        MalformedInputException e = malformed(big, ReaderLimits.defaults());
        assertEquals(at, e.offset());
        assertTrue(e.reason().contains("holds 12288 gains but IMAGE channels 1 x TRANSFORM blockSize 4^2 requires 16"),
                e.reason());
        // a zero as the last of 16 values is reported at that value
        int[] g = new int[16];
        java.util.Arrays.fill(g, 1);
        g[15] = 0;
        byte[] zero = RawFile.start().records(recs).record(FormatIds.RECORD_CHANNEL_GAIN, TestFiles.gainBytes(g)).end();
        assertEquals(at + 6 + 30, malformed(zero, ReaderLimits.defaults()).offset());
        // the count rule uses blockSize from TRANSFORM and channels from IMAGE wherever they are stored
        g[15] = 1;
        RawFile reordered = RawFile.start().record(FormatIds.RECORD_CHANNEL_GAIN, TestFiles.gainBytes(g));
        for (int i = recs.size() - 1; i >= 0; i--) {
            reordered.record(recs.get(i).id(), recs.get(i).value());
        }
        assertEquals(16, ContainerReader.read(reordered.end()).channelGain().orElseThrow().count());
        // a duplicate CHANNEL_GAIN is a duplicate id
        byte[] dup = RawFile.start().records(recs).record(FormatIds.RECORD_CHANNEL_GAIN, TestFiles.gainBytes(g))
                .record(FormatIds.RECORD_CHANNEL_GAIN, TestFiles.gainBytes(g)).end();
        MalformedInputException d = malformed(dup, ReaderLimits.defaults());
        assertEquals(at + 6 + 32, d.offset());
        assertTrue(d.reason().startsWith("duplicate record 0x000A (CHANNEL_GAIN)"), d.reason());
    }

    @Test
    void exceptionShape() {
        MalformedInputException e = new MalformedInputException(42, "why (format.md §1)");
        assertEquals(42, e.offset());
        assertEquals("why (format.md §1)", e.reason());
        assertEquals("offset 42: why (format.md §1)", e.getMessage());
        assertInstanceOf(IOException.class, e);
    }
}
