package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        assertEquals("7a58d25cca2b3d85c62383218de969f1ef24a6872aeac6e62255fc2789de8e67", HEX.formatHex(TestFiles.sha256(golden(TestFiles.RGB))));
        assertEquals("5208f64205379669d3e5f9d2c37a666d1eb1adb7c6878f0e10a6ec52d60811e7", HEX.formatHex(TestFiles.sha256(golden(TestFiles.GREY))));
        assertEquals("72ace91be9c2e1bfc1f804e2527fa5e6be05b8217b283d3b63ef5e58947b6652", HEX.formatHex(TestFiles.sha256(golden(TestFiles.GREY_UNORDERED))));
        assertEquals(412, golden(TestFiles.RGB).length);
        assertEquals(162, golden(TestFiles.GREY).length);
        assertEquals(199, golden(TestFiles.GREY_UNORDERED).length);
    }

    @Test
    void generatorStillReproducesTheCommittedFiles() throws IOException {
        var files = TestFiles.golden();
        assertEquals(List.of(TestFiles.RGB, TestFiles.GREY, TestFiles.GREY_UNORDERED), List.copyOf(files.keySet()));
        for (var e : files.entrySet()) {
            assertArrayEquals(golden(e.getKey()), e.getValue(), e.getKey());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TestFiles.RGB, TestFiles.GREY, TestFiles.GREY_UNORDERED})
    void goldenFilesAreFormat20(String name) throws IOException {
        byte[] file = golden(name);
        assertArrayEquals(FormatIds.signature(), java.util.Arrays.copyOf(file, 8));
        assertEquals(2, file[8], "major");
        assertEquals(0, file[9], "minor");
        List<Integer> ids = RawFile.recordsOf(file).stream().map(RawFile.Rec::id).toList();
        for (int retired : new int[] {0x0004, 0x0005, 0x0009, 0x000A}) {
            assertFalse(ids.contains(retired), "no format 1 record in " + name + ": " + ids);
        }
    }

    @Test
    void rgbGoldenFieldValues() throws IOException {
        RdpcFile f = ContainerReader.read(golden(TestFiles.RGB));
        assertEquals(new ImageInfo(61, 45, 3, 8), f.image());
        assertEquals(new TransformInfo(1, 1, 8, 1), f.transform());
        assertEquals(new PaddingInfo(64, 48, 1), f.padding());
        assertEquals(1, f.proposal().proposalKindId());
        assertEquals("030a11181f262d343b424950575e656c737a81888f969da4", HEX.formatHex(f.proposal().data()));
        assertEquals(FormatIds.PRIOR_ONNX_MODEL, f.model().priorKindId());
        assertEquals("a92ea3cd49274394de215ee5f073577b8c07efffc54929f31c36681e5bcc0a9d",
                HEX.formatHex(f.model().fingerprint()));
        assertEquals(new DecodeHint(FormatIds.MODE_SDE, 0.5f, 50), f.decodeHint().orElseThrow());

        LadderInfo l = f.ladder();
        assertEquals(FormatIds.PRNG_RDPC_SM64_V2, l.prngId());
        assertEquals(FormatIds.PERMUTATION_FEISTEL_V1, l.permutationId());
        assertEquals(FormatIds.INDEX_MODEL_LAYERED, l.indexModelId());
        assertEquals(12, l.log2Candidates());
        assertEquals(0x0123456789ABCDEFL, l.seed());
        assertEquals(1024, l.tileEdge());
        assertEquals(128, l.tileOverlap());
        assertEquals(6, l.bands());
        assertEquals(List.of(new LayerInfo(0.5f, 12, 0, 17), new LayerInfo(0.2f, 40, 5, 15),
                new LayerInfo(0.05f, 9216, 17, 97)), l.layers());
        assertEquals(0.05f, (float) l.finalSigma());
        assertEquals(129, l.payloadBytes());
        assertEquals(12 + 40 + 9216, l.chunkCount());
        assertEquals(36, l.scales().length); // 3 channels x 6 bands x layers 1 and 2
        assertEquals("404b56616c77828d98a3aeb9c4cfdae5f0fb06111c27323d48535e69747f8a95a0abb6c1", HEX.formatHex(l.scales()));
        assertEquals(18 + 3 * 13 + 36, l.encodedLength());

        assertEquals(129, f.payloadLength());
        assertEquals("0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186abd0f51a3f6489aed3f81d42678cb1d6fb20456a8fb4d9fe23486d92b7dc0126"
                        + "4b7095badf04294e7398bde2072c51769bc0e50a2f54799ec3e80d32577ca1c6eb10355a7fa4c9ee13385d82a7ccf1163b6085aacff4193e6388add2f71c41668b",
                HEX.formatHex(f.payload()));
        assertEquals(0, f.layerPayloadOffset(0));
        assertEquals(17, f.layerPayloadOffset(1));
        assertEquals(32, f.layerPayloadOffset(2));
        assertEquals(129, f.layerPayloadOffset(3));
        assertEquals(2, f.ancillary().size());
        assertEquals(0x8001, f.ancillary().get(0).id());
        assertEquals("golden rgb test file", new String(f.ancillary().get(0).value(), StandardCharsets.UTF_8));
        assertEquals(new AncillaryRecord(0x9000, new byte[] {(byte) 0xCA, (byte) 0xFE}), f.ancillary().get(1));
        assertEquals(TestFiles.rgb(), f);
    }

    @Test
    void rgbGoldenRecordLayout() throws IOException {
        List<RawFile.Rec> recs = RawFile.recordsOf(golden(TestFiles.RGB));
        // known records by ascending id, then the ancillary records in list order
        assertEquals(List.of(0x0001, 0x0002, 0x0003, 0x0006, 0x0007, 0x0008, 0x000B, 0x000C, 0x8001, 0x9000),
                recs.stream().map(RawFile.Rec::id).toList());
        assertEquals("033f0000000032", HEX.formatHex(RawFile.valueOf(recs, FormatIds.RECORD_DECODE_HINT)));
        // LADDER, written by hand from §3.8: header, three 13-byte layers, the scales stream
        String ladder = "0201020c" + "0123456789abcdef" + "0400" + "0080" + "06" + "03"
                + "3f000000" + "0000000c" + "00" + "00000011"
                + "3e4ccccd" + "00000028" + "05" + "0000000f"
                + "3d4ccccd" + "00002400" + "11" + "00000061"
                + "404b56616c77828d98a3aeb9c4cfdae5f0fb06111c27323d48535e69747f8a95a0abb6c1";
        assertEquals(ladder, HEX.formatHex(RawFile.valueOf(recs, FormatIds.RECORD_LADDER)));
        assertEquals(129, RawFile.valueOf(recs, FormatIds.RECORD_LAYER_PAYLOAD).length);
    }

    @Test
    void greyGoldenFieldValues() throws IOException {
        RdpcFile f = ContainerReader.read(golden(TestFiles.GREY));
        assertEquals(new ImageInfo(17, 5, 1, 8), f.image());
        assertEquals(new TransformInfo(0, 1, 4, 1), f.transform());
        assertEquals(new PaddingInfo(20, 8, 1), f.padding());
        assertArrayEquals(new byte[] {1, 2, 3}, f.proposal().data());
        assertEquals(FormatIds.PRIOR_ANALYTIC_GAUSSIAN, f.model().priorKindId());
        assertArrayEquals(new byte[32], f.model().fingerprint());
        assertTrue(f.decodeHint().isEmpty());
        assertEquals(new LadderInfo(2, 1, 2, 20, -1L, 0, 0, 7, List.of(new LayerInfo(0.05f, 160, 31, 9)), new byte[0]),
                f.ladder());
        assertEquals(0, f.ladder().scales().length);
        assertEquals(0.05f, (float) f.ladder().finalSigma());
        assertEquals("5a5a5a5a5a5a5a5a5a", HEX.formatHex(f.payload()));
        assertEquals(List.of(), f.ancillary());
        assertEquals(TestFiles.grey(), f);
    }

    /**
     * The grey golden file, annotated field by field in the style of docs/format.md Appendix A. The
     * test checks that the rows are contiguous, cover the whole file and hold exactly its bytes.
     */
    static final String GREY_ANNOTATED = """
            offset  bytes                                     meaning
                 0  89 52 44 50 43 0D 0A 1A                   signature (§2)
                 8  02 00                                     version 2.0
                10  00 01 00 00 00 0A                         IMAGE, length 10
                16  00 00 00 11 00 00 00 05 01 08             width 17, height 5, channels 1, bitsPerSample 8
                26  00 02 00 00 00 04                         TRANSFORM, length 4
                32  00 01 04 01                               identity, DCT-II, blockSize 4, mapping 1
                36  00 03 00 00 00 09                         PADDING, length 9
                42  00 00 00 14 00 00 00 08 01                paddedWidth 20, paddedHeight 8, edge replication
                51  00 06 00 00 00 04                         PROPOSAL, length 4
                57  01 01 02 03                               kind 1, data 01 02 03
                61  00 07 00 00 00 21                         MODEL, length 33
                67  00 00 .. 00 (33 bytes)                    analytic Gaussian prior, zero fingerprint
               100  00 0B 00 00 00 1F                         LADDER, length 31
               106  02 01 02 14                               prng 2, permutation 1, indexModel 2, log2Candidates 20
               110  FF FF FF FF FF FF FF FF                   seed 0xFFFFFFFFFFFFFFFF
               118  00 00 00 00                               tileEdge 0 (no tiling), tileOverlap 0
               122  07 01                                     bands 7, layerCount 1
               124  3D 4C CC CD                               layer 0: sigma 0.05 (binary32)
               128  00 00 00 A0                               layer 0: chunkCount 160
               132  1F                                        layer 0: context 31
               133  00 00 00 09                               layer 0: payloadBytes 9; no scales (one layer)
               137  00 0C 00 00 00 09                         LAYER_PAYLOAD, length 9
               143  5A 5A 5A 5A 5A 5A 5A 5A 5A                layer 0's indices
               152  FF FF 00 00 00 04                         END, length 4
               158  DA B9 22 82                               CRC-32C of bytes 0..151
            """;

    @Test
    void greyGoldenMatchesTheAnnotatedExample() throws IOException {
        byte[] file = golden(TestFiles.GREY);
        List<String> rows = GREY_ANNOTATED.lines().skip(1).toList();
        int expectedOffset = 0;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String row : rows) {
            String[] cols = row.trim().split(" {2,}");
            assertEquals(3, cols.length, row);
            assertEquals(expectedOffset, Integer.parseInt(cols[0]), "rows are contiguous: " + row);
            byte[] value;
            if (cols[1].contains("..")) {
                int n = Integer.parseInt(cols[1].replaceAll(".*\\((\\d+) bytes\\)", "$1"));
                value = new byte[n];
                java.util.Arrays.fill(value, (byte) Integer.parseInt(cols[1].substring(0, 2), 16));
            } else {
                value = HEX.parseHex(cols[1].replace(" ", ""));
            }
            bytes.writeBytes(value);
            expectedOffset += value.length;
        }
        assertEquals(file.length, expectedOffset, "rows cover the whole file");
        assertArrayEquals(file, bytes.toByteArray());
    }

    @Test
    void unorderedGoldenIsReadAndRewrittenInCanonicalOrder() throws IOException {
        byte[] stored = golden(TestFiles.GREY_UNORDERED);
        List<Integer> storedIds = RawFile.recordsOf(stored).stream().map(RawFile.Rec::id).toList();
        assertEquals(List.of(0x000C, 0xFFFE, 0x0007, 0x0008, 0x0001, 0x8000, 0x000B, 0x0006, 0x0003, 0x0002), storedIds);
        RdpcFile f = ContainerReader.read(stored);
        assertEquals(TestFiles.greyUnorderedContent(), f);
        assertEquals(new DecodeHint(FormatIds.MODE_MAP_RPS, 1f, 10_000), f.decodeHint().orElseThrow());
        // ancillary records keep their original relative order (0xFFFE was stored before 0x8000)
        assertEquals(0xFFFE, f.ancillary().get(0).id());
        assertEquals(0x8000, f.ancillary().get(1).id());
        byte[] rewritten = ContainerWriter.write(f);
        assertEquals(stored.length, rewritten.length);
        assertFalse(java.util.Arrays.equals(stored, rewritten), "rewrite normalizes the record order");
        List<Integer> ids = RawFile.recordsOf(rewritten).stream().map(RawFile.Rec::id).toList();
        assertEquals(List.of(0x0001, 0x0002, 0x0003, 0x0006, 0x0007, 0x0008, 0x000B, 0x000C, 0xFFFE, 0x8000), ids);
        assertEquals(f, ContainerReader.read(rewritten));
        assertArrayEquals(rewritten, ContainerWriter.write(ContainerReader.read(rewritten)));
        // the record values themselves are those of the canonical file
        for (RawFile.Rec r : RawFile.recordsOf(stored)) {
            assertArrayEquals(r.value(), RawFile.valueOf(RawFile.recordsOf(rewritten), r.id()), Rules.label(r.id()));
        }
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
            assertFalse(e instanceof UnsupportedVersionException, e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TestFiles.RGB, TestFiles.GREY, TestFiles.GREY_UNORDERED})
    void everySingleByteChangeIsRejected(String name) throws IOException {
        byte[] file = golden(name);
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < file.length; i++) {
            byte original = file[i];
            for (int delta = 1; delta < 256; delta++) {
                file[i] = (byte) (original + delta);
                try {
                    ContainerReader.read(file);
                    unexpected.add("byte " + i + " changed by +" + delta + " was accepted");
                } catch (MalformedInputException expected) {
                    // the only acceptable outcome; only the version byte gives the version exception
                    if (expected instanceof UnsupportedVersionException != (i == 8)) {
                        unexpected.add("byte " + i + " +" + delta + ": " + expected);
                    }
                }
            }
            file[i] = original;
        }
        assertEquals(List.of(), unexpected.subList(0, Math.min(unexpected.size(), 10)), unexpected.size() + " unexpected outcomes");
    }

    @Test
    void changedPayloadByteIsReportedAsChecksumMismatch() throws IOException {
        byte[] file = golden(TestFiles.GREY);
        file[147] ^= 0x10; // inside the LAYER_PAYLOAD value (143..151)
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> ContainerReader.read(file));
        assertEquals(158, e.offset());
        assertTrue(e.reason().startsWith("checksum mismatch: stored 0x"), e.reason());
        assertTrue(e.reason().contains("; the file is corrupted (format.md §4)"), e.reason());
    }
}
