package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table-driven test over src/test/resources/malformed/: each file, the offset the reader must
 * report and a fragment of the reason. Semantically invalid files carry a correct CRC so that the
 * specific check, not the checksum, rejects them.
 */
class MalformedFilesTest {

    private static final String TABLE = """
            empty.rdpc,                             0,   'truncated: the signature and version need 10 bytes'
            bad-signature.rdpc,                     0,   'bad signature: not an rdpc file'
            major-version-2.rdpc,                   8,   'unsupported major version 2'
            unknown-critical-id.rdpc,               26,  'unknown critical record 0x0042'
            record-id-zero.rdpc,                    10,  'record id 0x0000 is invalid'
            duplicate-id.rdpc,                      73,  'duplicate record 0x0004 (CHANNEL)'
            wrong-record-length.rdpc,               10,  'record 0x0001 (IMAGE) has length 11 but must be 10'
            empty-proposal.rdpc,                    99,  'record 0x0006 (PROPOSAL) has length 0 but must be at least 1'
            bad-crc.rdpc,                           169, 'checksum mismatch: stored 0x9A9F8618, computed 0x9A9F8619; the file is corrupted'
            trailing-bytes.rdpc,                    173, 'trailing bytes: 3 bytes follow the END record'
            missing-end.rdpc,                       163, 'missing END record'
            truncated-record-header.rdpc,           163, 'truncated: record header at offset 163 needs 6 bytes but only 3 remain'
            end-wrong-length.rdpc,                  163, 'END record has length 8 but must be 4'
            missing-required-record.rdpc,           124, 'missing required record 0x0007 (MODEL) (format.md §3.12)'
            zero-width.rdpc,                        16,  'IMAGE width 0 is out of range 1..1048576'
            padded-less-than-width.rdpc,            42,  'PADDING paddedWidth 16 is less than IMAGE width 17'
            padding-not-multiple-of-block.rdpc,     42,  'PADDING paddedWidth 22 is not a multiple of TRANSFORM blockSize 4'
            padding-excess-too-large.rdpc,          42,  'the excess must be below 4096'
            colour-transform-mismatch.rdpc,         32,  'colourTransformId 1 does not match IMAGE channels 1'
            block-size-not-power-of-two.rdpc,       34,  'TRANSFORM blockSize 12 must be a power of two'
            sigma-nan.rdpc,                         57,  'CHANNEL sigma NaN must be finite'
            unknown-prng.rdpc,                      79,  'RCC prngId 2 is not defined'
            analytic-prior-with-fingerprint.rdpc,   116, 'MODEL fingerprint must be all zeros for priorKindId 0'
            perception-out-of-range.rdpc,           170, 'DECODE_HINT perception 1.5 must be in [0, 1]'
            huge-declared-length.rdpc,              154, 'truncated: record 0x0009 declares 2147483647 bytes at offset 154 but only 19 remain'
            pixels-over-limit.rdpc,                 16,  'pixels exceeds the reader limit maxPixels=100000000'
            channel-gain-zero.rdpc,                 179, 'CHANNEL_GAIN g_5 0 is out of range 1..65535 (format.md §3.11)'
            channel-gain-odd-length.rdpc,           163, 'record 0x000A (CHANNEL_GAIN) has length 31 but must be 2n with 1 <= n <= 12288 (format.md §3.11)'
            channel-gain-count-mismatch.rdpc,       163, 'CHANNEL_GAIN holds 48 gains but IMAGE channels 1 x TRANSFORM blockSize 4^2 requires 16 (format.md §3.11)'
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = TABLE)
    void malformedFileIsRejected(String file, long offset, String fragment) throws IOException {
        byte[] bytes = GoldenFilesTest.resource("/malformed/" + file);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> ContainerReader.read(bytes));
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.reason().contains(fragment), () -> "expected '" + fragment + "' in: " + e.reason());
        assertTrue(e.reason().matches(".*\\(format\\.md §[0-9.]+\\)$"), "cites the spec: " + e.reason());
        assertEquals("offset " + offset + ": " + e.reason(), e.getMessage());

        // the stream entry point reports the same problem
        MalformedInputException s = assertThrows(MalformedInputException.class,
                () -> ContainerReader.read(new ByteArrayInputStream(bytes), ReaderLimits.defaults()));
        assertEquals(e.getMessage(), s.getMessage());
    }

    @Test
    void tableCoversEveryFileInTheDirectoryAndViceVersa() throws IOException, URISyntaxException {
        Set<String> listed = TABLE.lines().map(l -> l.split(",")[0].trim()).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        Path dir = Path.of(MalformedFilesTest.class.getResource("/malformed").toURI());
        Set<String> present;
        try (Stream<Path> s = Files.list(dir)) {
            present = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(present, listed);
    }

    @Test
    void generatorStillReproducesTheCommittedFiles() throws IOException {
        for (var e : TestFiles.malformed().entrySet()) {
            assertArrayEquals(GoldenFilesTest.resource("/malformed/" + e.getKey()), e.getValue(), e.getKey());
        }
    }
}
