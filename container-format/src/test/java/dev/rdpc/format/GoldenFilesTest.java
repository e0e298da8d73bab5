package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Committed golden files: pinned bytes, decoded field values, and rejection of every corruption. */
class GoldenFilesTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] resource(String path) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream(path)) {
            assertNotNull(in, "missing test resource " + path);
            return in.readAllBytes();
        }
    }

    static byte[] golden(String name) throws IOException {
        return resource("/golden/" + name);
    }

    @Test
    void goldenFilesArePinned() throws IOException {
        assertEquals("f25c55187050b95d2029aab37da812ed03e6a9fa2d261ee8ec372df3a28d9151",
                HEX.formatHex(TestFiles.sha256(golden(TestFiles.RGB))));
        assertEquals("1eb4630dce6c85ba402e86eb0d0fd49198693a6828473e0ca0c6e0acdbd4c5a7",
                HEX.formatHex(TestFiles.sha256(golden(TestFiles.GREY))));
        assertEquals("69e4d53f0ec70c09c45c307b428ed0a88a9eed0c93610f7ca1b5e9a3772056da",
                HEX.formatHex(TestFiles.sha256(golden(TestFiles.GREY_UNORDERED))));
    }

    @Test
    void generatorStillReproducesTheCommittedFiles() throws IOException {
        for (var e : TestFiles.golden().entrySet()) {
            assertArrayEquals(golden(e.getKey()), e.getValue(), e.getKey());
        }
    }

    @Test
    void rgbGoldenFieldValues() throws IOException {
        RdpcFile f = ContainerReader.read(golden(TestFiles.RGB));
        assertEquals(new ImageInfo(61, 45, 3, 8), f.image());
        assertEquals(new TransformInfo(1, 1, 8, 1), f.transform());
        assertEquals(new PaddingInfo(64, 48, 1), f.padding());
        assertEquals(0.125, f.channel().sigma());
        assertEquals(0.12371826171875, f.channel().realisedSigma());
        RccInfo r = f.rcc();
        assertEquals(FormatIds.PRNG_RDPC_SM64_V1, r.prngId());
        assertEquals(FormatIds.SCHEME_POISSON_FUNCTIONAL_REPRESENTATION, r.schemeId());
        assertEquals(1, r.indexModelId());
        assertEquals(12, r.log2Candidates());
        assertEquals(12.5f, r.chunkBudgetBits());
        assertEquals(0x0123456789ABCDEFL, r.seed());
        assertEquals(3, r.chunkCount());
        assertEquals(1, f.proposal().proposalKindId());
        assertEquals("030a11181f262d343b424950575e656c737a81888f969da4", HEX.formatHex(f.proposal().data()));
        assertEquals(FormatIds.PRIOR_ONNX_MODEL, f.model().priorKindId());
        assertEquals("a92ea3cd49274394de215ee5f073577b8c07efffc54929f31c36681e5bcc0a9d",
                HEX.formatHex(f.model().fingerprint()));
        assertEquals(new DecodeHint(FormatIds.MODE_SDE, 0.5f, 50), f.decodeHint().orElseThrow());
        assertEquals(40, f.payloadLength());
        assertEquals("0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186abd0f51a3f6489ae",
                HEX.formatHex(f.payload()));
        assertEquals(2, f.ancillary().size());
        assertEquals(0x8001, f.ancillary().get(0).id());
        assertEquals("golden rgb test file", new String(f.ancillary().get(0).value(), StandardCharsets.UTF_8));
        assertEquals(new AncillaryRecord(0x9000, new byte[] {(byte) 0xCA, (byte) 0xFE}), f.ancillary().get(1));
        ChannelGainInfo g = f.channelGain().orElseThrow();
        assertEquals(192, g.count()); // 3 channels x 8^2 frequencies
        assertEquals(32768, g.gains()[0]);
        assertEquals(1.0, g.gain(0));
        assertEquals(1, g.gains()[1]);
        assertEquals(1.0 / 32768, g.gain(1));
        assertEquals(65535, g.gains()[2]);
        assertEquals(65535.0 / 32768, g.gain(2));
        assertEquals(29491 + 3 * 331, g.gains()[3]);
        assertEquals(29491 + 191 * 331 % 6554, g.gains()[191]);
        assertEquals(6_287_398L, java.util.Arrays.stream(g.gains()).asLongStream().sum());
        // the record sits after PAYLOAD (ids ascending), before the ancillary records
        byte[] bytes = golden(TestFiles.RGB);
        List<RawFile.Rec> recs = RawFile.recordsOf(bytes);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0x8001, 0x9000), recs.stream().map(RawFile.Rec::id).toList());
        assertEquals("80000001ffff", HEX.formatHex(RawFile.valueOf(recs, FormatIds.RECORD_CHANNEL_GAIN), 0, 6));
        assertEquals(384, RawFile.valueOf(recs, FormatIds.RECORD_CHANNEL_GAIN).length);
        assertEquals(TestFiles.rgb(), f);
    }

    @Test
    void greyGoldenFieldValues() throws IOException {
        RdpcFile f = ContainerReader.read(golden(TestFiles.GREY));
        assertEquals(new ImageInfo(17, 5, 1, 8), f.image());
        assertEquals(new TransformInfo(0, 1, 4, 1), f.transform());
        assertEquals(new PaddingInfo(20, 8, 1), f.padding());
        assertEquals(new ChannelInfo(0.05, 0.0498), f.channel());
        assertEquals(new RccInfo(1, FormatIds.SCHEME_ORDERED_RANDOM_CODING, 1, 20, 20f, -1L, 0xFFFFFFFFL), f.rcc());
        assertArrayEquals(new byte[] {1, 2, 3}, f.proposal().data());
        assertEquals(FormatIds.PRIOR_ANALYTIC_GAUSSIAN, f.model().priorKindId());
        assertArrayEquals(new byte[32], f.model().fingerprint());
        assertTrue(f.decodeHint().isEmpty());
        assertTrue(f.channelGain().isEmpty());
        assertEquals("5a5a5a5a5a5a5a5a5a", HEX.formatHex(f.payload()));
        assertEquals(List.of(), f.ancillary());
        assertEquals(TestFiles.grey(), f);
    }

    @Test
    void unorderedGoldenIsReadAndRewrittenInCanonicalOrder() throws IOException {
        byte[] stored = golden(TestFiles.GREY_UNORDERED);
        RdpcFile f = ContainerReader.read(stored);
        assertEquals(TestFiles.greyUnorderedContent(), f);
        // ancillary records keep their original relative order (0xFFFE was stored before 0x8000)
        assertEquals(0xFFFE, f.ancillary().get(0).id());
        assertEquals(0x8000, f.ancillary().get(1).id());
        byte[] rewritten = ContainerWriter.write(f);
        assertEquals(stored.length, rewritten.length);
        assertFalse(java.util.Arrays.equals(stored, rewritten), "rewrite normalizes the record order");
        List<Integer> ids = RawFile.recordsOf(rewritten).stream().map(RawFile.Rec::id).toList();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 0xFFFE, 0x8000), ids);
        assertEquals(f, ContainerReader.read(rewritten));
        assertArrayEquals(rewritten, ContainerWriter.write(ContainerReader.read(rewritten)));
    }

    @ParameterizedTest
    @ValueSource(strings = {TestFiles.RGB, TestFiles.GREY, TestFiles.GREY_UNORDERED})
    void everyProperPrefixIsRejected(String name) throws IOException {
        byte[] file = golden(name);
        for (int n = 0; n < file.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(file, n);
            MalformedInputException e = assertThrows(MalformedInputException.class,
                    () -> ContainerReader.read(prefix), "prefix of length " + n);
            assertTrue(e.offset() >= 0 && e.offset() <= n, "offset within the prefix: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TestFiles.RGB, TestFiles.GREY, TestFiles.GREY_UNORDERED})
    void everySingleByteChangeIsRejected(String name) throws IOException {
        byte[] file = golden(name);
        for (int i = 0; i < file.length; i++) {
            byte original = file[i];
            for (int delta = 1; delta < 256; delta++) {
                file[i] = (byte) (original + delta);
                try {
                    ContainerReader.read(file);
                    fail("byte " + i + " changed by +" + delta + " was accepted");
                } catch (MalformedInputException expected) {
                    // the only acceptable outcome
                }
            }
            file[i] = original;
        }
    }

    @Test
    void changedPayloadByteIsReportedAsChecksumMismatch() throws IOException {
        byte[] file = golden(TestFiles.GREY);
        file[160] ^= 0x10; // inside the PAYLOAD value
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> ContainerReader.read(file));
        assertEquals(169, e.offset());
        assertTrue(e.reason().startsWith("checksum mismatch: stored 0x"), e.reason());
        assertTrue(e.reason().contains("; the file is corrupted (format.md §4)"), e.reason());
    }
}
