package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table-driven test over src/test/resources/malformed/: each file, the offset the reader must
 * report, the exception type (MalformedInputException or its subclass UnsupportedVersionException)
 * and a fragment of the reason. Semantically invalid files carry a correct CRC so that the specific
 * check, not the checksum, rejects them. Offsets refer to the grey golden file's layout (IMAGE at 10,
 * TRANSFORM 26, PADDING 36, PROPOSAL 51, MODEL 61, LADDER 100 with its value at 106 and its layer at
 * 124, LAYER_PAYLOAD 137, END 152) unless the file is built on the RGB golden file (LADDER value at
 * 140, LAYER_PAYLOAD at 233).
 */
class MalformedFilesTest {

    private static final String TABLE = """
            empty.rdpc,                           0,   Malformed,  'truncated: the signature and version need 10 bytes but the file has only 0 (format.md §2)'
            bad-signature.rdpc,                   0,   Malformed,  'bad signature: not an rdpc file (expected 89 52 44 50 43 0D 0A 1A)'
            format-1.0.rdpc,                      8,   Version,    'rdpc format 1.0 is not supported: this reader implements format 2 (layered coding); re-encode the original image (format.md §2)'
            major-version-3.rdpc,                 8,   Version,    'unsupported major version 3 (minor 0); this reader supports major version 2 (format.md §2)'
            unknown-critical-id.rdpc,             26,  Malformed,  'unknown critical record 0x000D (unknown critical): this reader implements format 2.0'
            record-id-zero.rdpc,                  10,  Malformed,  'record id 0x0000 is invalid (format.md §3.1)'
            duplicate-id.rdpc,                    152, Malformed,  'duplicate record 0x000B (LADDER); a record id may appear at most once'
            wrong-record-length.rdpc,             10,  Malformed,  'record 0x0001 (IMAGE) has length 11 but must be 10 (format.md §3.2)'
            empty-proposal.rdpc,                  51,  Malformed,  'record 0x0006 (PROPOSAL) has length 0 but must be at least 1 (format.md §3.5)'
            bad-crc.rdpc,                         158, Malformed,  'checksum mismatch: stored 0xDAB92283, computed 0xDAB92282; the file is corrupted (format.md §4)'
            trailing-bytes.rdpc,                  162, Malformed,  'trailing bytes: 3 bytes follow the END record'
            missing-end.rdpc,                     152, Malformed,  'missing END record: the file ends at offset 152 without the END (0xFFFF) record'
            truncated-record-header.rdpc,         152, Malformed,  'truncated: record header at offset 152 needs 6 bytes but only 3 remain'
            end-wrong-length.rdpc,                152, Malformed,  'END record has length 8 but must be 4 (format.md §4)'
            huge-declared-length.rdpc,            143, Malformed,  'truncated: record 0x000C declares 2147483647 bytes at offset 143 but only 19 remain (format.md §3.1)'
            retired-payload-record.rdpc,          152, Malformed,  'record 0x0009 (PAYLOAD, retired) belongs to format 1 and is not valid in format 2 (format.md §3.10)'
            missing-required-record.rdpc,         115, Malformed,  'missing required record 0x000B (LADDER) (format.md §3.11)'
            zero-width.rdpc,                      16,  Malformed,  'IMAGE width 0 is out of range 1..1048576 (format.md §3.2)'
            pixels-over-limit.rdpc,               16,  Malformed,  'image of 1048576 x 1048576 = 1099511627776 pixels exceeds the reader limit maxPixels=100000000 (format.md §5)'
            padded-less-than-width.rdpc,          42,  Malformed,  'PADDING paddedWidth 16 is less than IMAGE width 17 (format.md §3.4)'
            padding-not-multiple-of-block.rdpc,   42,  Malformed,  'PADDING paddedWidth 22 is not a multiple of TRANSFORM blockSize 4 (format.md §3.4)'
            padding-excess-too-large.rdpc,        42,  Malformed,  'PADDING paddedWidth 4116 exceeds IMAGE width 17 by 4099; the excess must be below 4096'
            colour-transform-mismatch.rdpc,       32,  Malformed,  'TRANSFORM colourTransformId 1 does not match IMAGE channels 1'
            block-size-not-power-of-two.rdpc,     34,  Malformed,  'TRANSFORM blockSize 12 must be a power of two in 2..64 (format.md §3.3)'
            analytic-prior-with-fingerprint.rdpc, 68,  Malformed,  'MODEL fingerprint must be all zeros for priorKindId 0 (analytic Gaussian prior) (format.md §3.6)'
            perception-out-of-range.rdpc,         159, Malformed,  'DECODE_HINT perception 1.5 must be in [0, 1] (format.md §3.7)'
            ladder-shorter-than-header.rdpc,      100, Malformed,  'record 0x000B (LADDER) has length 17 but needs at least 18 (format.md §3.8)'
            unknown-prng.rdpc,                    106, Malformed,  'LADDER prngId 1 is not defined (allowed: 2 = RDPC-SM64-v2) (format.md §3.8)'
            unknown-permutation.rdpc,             107, Malformed,  'LADDER permutationId 2 is not defined (allowed: 1 = RDPC-FEISTEL-v1) (format.md §3.8)'
            unknown-index-model.rdpc,             108, Malformed,  'LADDER indexModelId 1 is not defined (allowed: 2) (format.md §3.8)'
            log2-candidates-41.rdpc,              109, Malformed,  'LADDER log2Candidates 41 is out of range 1..40 (format.md §3.8)'
            tile-edge-too-small.rdpc,             152, Malformed,  'LADDER tileEdge 63 is out of range 64..65535 (format.md §3.8)'
            tile-overlap-too-large.rdpc,          154, Malformed,  'LADDER tileOverlap 513 is out of range 8..512 (format.md §3.8)'
            tile-overlap-without-tiling.rdpc,     120, Malformed,  'LADDER tileOverlap 8 must be 0 when tileEdge is 0 (format.md §3.8)'
            bands-zero.rdpc,                      122, Malformed,  'LADDER bands 0 is out of range 1..127 (format.md §3.8)'
            layer-count-zero.rdpc,                123, Malformed,  'LADDER layerCount 0 is out of range 1..255 (format.md §3.8)'
            ladder-shorter-than-layers.rdpc,      100, Malformed,  'record 0x000B (LADDER) has length 31 but 2 layers need at least 44 (format.md §3.8)'
            layer-sigma-nan.rdpc,                 124, Malformed,  'LADDER layer sigma NaN must be finite, > 0 and < 1e6 (format.md §3.8)'
            sigmas-not-decreasing.rdpc,           137, Malformed,  'LADDER layer 1 sigma 0.05 must be below layer 0''s 0.05 (format.md §3.8)'
            chunk-count-zero.rdpc,                128, Malformed,  'LADDER chunkCount 0 is out of range 1..4294967295 (format.md §3.8)'
            context-32.rdpc,                      132, Malformed,  'LADDER context 32 is out of range 0..31 (format.md §3.8)'
            scales-with-one-layer.rdpc,           137, Malformed,  'LADDER has one layer but 3 bytes of variance scales; a single layer has none (format.md §3.8)'
            bands-exceed-block-size.rdpc,         122, Malformed,  'LADDER bands 8 exceeds 2 x TRANSFORM blockSize - 1 = 7 (format.md §3.8)'
            tiling-with-analytic-prior.rdpc,      118, Malformed,  'LADDER tileEdge 64 must be 0 for the analytic prior (MODEL priorKindId 0) (format.md §3.8)'
            chunk-count-over-coefficients.rdpc,   128, Malformed,  'LADDER layer 0 declares 161 chunks but the padded image has only 160 coefficients (format.md §3.8)'
            payload-sum-mismatch.rdpc,            233, Malformed,  'LADDER layers declare 128 payload bytes but LAYER_PAYLOAD holds 129 (format.md §3.8)'
            chunks-over-payload.rdpc,           188, Malformed,  'LADDER layer 2 declares 9216 chunks, more than its 96 payload bytes can hold (at most 9200) (format.md §3.8)'
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = TABLE)
    void malformedFileIsRejected(String file, long offset, String type, String fragment) throws IOException {
        byte[] bytes = GoldenFilesTest.resource("/malformed/" + file);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> ContainerReader.read(bytes));
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.reason().contains(fragment), () -> "expected '" + fragment + "' in: " + e.reason());
        assertTrue(e.reason().matches(".*\\(format\\.md §[0-9.]+\\)$"), "cites the spec: " + e.reason());
        assertEquals("offset " + offset + ": " + e.reason(), e.getMessage());
        Class<?> expected = switch (type) {
            case "Malformed" -> MalformedInputException.class;
            case "Version" -> UnsupportedVersionException.class;
            default -> throw new AssertionError(type);
        };
        assertEquals(expected, e.getClass(), e.getMessage());

        // the stream entry point reports the same problem
        MalformedInputException s = assertThrows(MalformedInputException.class,
                () -> ContainerReader.read(new ByteArrayInputStream(bytes), ReaderLimits.defaults()));
        assertEquals(e.getMessage(), s.getMessage());
        assertEquals(expected, s.getClass());
    }

    @Test
    void tableCoversEveryFileInTheDirectoryAndViceVersa() throws IOException, URISyntaxException {
        List<String> rows = TABLE.lines().map(l -> l.split(",")[0].trim()).filter(s -> !s.isEmpty()).toList();
        Set<String> listed = new TreeSet<>(rows);
        assertEquals(rows.size(), listed.size(), "no file is listed twice");
        Path dir = Path.of(MalformedFilesTest.class.getResource("/malformed").toURI());
        Set<String> present;
        try (Stream<Path> s = Files.list(dir)) {
            present = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(present, listed);
        assertEquals(new TreeSet<>(TestFiles.malformed().keySet()), listed);
    }

    @Test
    void generatorStillReproducesTheCommittedFiles() throws IOException {
        for (var e : TestFiles.malformed().entrySet()) {
            assertArrayEquals(GoldenFilesTest.resource("/malformed/" + e.getKey()), e.getValue(), e.getKey());
        }
    }

    @Test
    void theFormat10FileIsTheGreyGoldenFileOfTheFormat1Reader() throws IOException {
        byte[] old = GoldenFilesTest.resource("/malformed/" + TestFiles.FORMAT_1_0);
        // SHA-256 pinned for golden/grey-17x5.rdpc by the format 1 tests
        assertEquals("1eb4630dce6c85ba402e86eb0d0fd49198693a6828473e0ca0c6e0acdbd4c5a7",
                HexFormat.of().formatHex(TestFiles.sha256(old)));
        assertEquals(173, old.length);
        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, () -> ContainerReader.read(old));
        assertEquals(1, e.major());
        assertEquals(0, e.minor());
        assertEquals(8, e.offset());
        // it is a well-formed format 1 file: the version check alone rejects it, not its retired records
        byte[] relabelled = RawFile.start().records(RawFile.recordsOf(old)).end();
        MalformedInputException r = assertThrows(MalformedInputException.class, () -> ContainerReader.read(relabelled));
        assertEquals(MalformedInputException.class, r.getClass());
        assertEquals(51, r.offset());
        assertEquals("record 0x0004 (CHANNEL, retired) belongs to format 1 and is not valid in format 2 (format.md §3.10)",
                r.reason());
    }

    @Test
    void theMajorVersion3FileCarriesItsVersion() throws IOException {
        byte[] file = GoldenFilesTest.resource("/malformed/major-version-3.rdpc");
        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, () -> ContainerReader.read(file));
        assertEquals(3, e.major());
        assertEquals(0, e.minor());
        // otherwise the grey golden file
        assertArrayEquals(java.util.Arrays.copyOfRange(GoldenFilesTest.golden(TestFiles.GREY), 10, 152),
                java.util.Arrays.copyOfRange(file, 10, 152));
    }
}
