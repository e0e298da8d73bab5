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
        rejects(() -> new ProposalInfo(2, new byte[0]), "proposalKindId 2");
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
        assertThrows(NullPointerException.class, () -> new ProposalInfo(1, null));
        assertThrows(NullPointerException.class, () -> new AncillaryRecord(0x8000, null));
    }

    @Test
    void builderChecksPresenceAndCrossRecordRules() {
        RdpcFile.Builder b = RdpcFile.builder();
        IllegalStateException missing = assertThrows(IllegalStateException.class, b::build);
        assertTrue(missing.getMessage().contains("missing required record 0x0001 (IMAGE)"), missing.getMessage());
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
