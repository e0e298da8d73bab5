package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code rdpc info}: the JSON of the golden files is pinned (docs/info-json.md). */
class InfoCommandTest {
    static final Path GOLDEN = Path.of(System.getProperty("rdpc.project.dir", ".."),
            "container-format/src/test/resources/golden");

    private static String pinned(String name) throws Exception {
        try (InputStream in = InfoCommandTest.class.getResourceAsStream("/info/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rgb-61x45", "grey-17x5-unordered"})
    void jsonOfTheGoldenFilesIsPinned(String name) throws Exception {
        Path file = GOLDEN.resolve(name + ".rdpc");
        CliHarness.Run r = run("info", "--format", "json", file);
        assertEquals(0, r.code(), r::toString);
        String normalised = r.out().replace("\"file\": \"" + file + "\"", "\"file\": \"" + name + ".rdpc\"");
        assertEquals(pinned(name).strip(), normalised.strip().replace("\r\n", "\n"));
    }

    @Test
    void textShowsEveryRecord() {
        CliHarness.Run r = run("info", GOLDEN.resolve("rgb-61x45.rdpc"));
        assertEquals(0, r.code(), r::toString);
        for (String key : new String[] {"image:", "transform:", "padding:", "ladder:", "layers:", "proposal:", "model:",
                "payload:", "suggestedDecode:", "ancillary:", "bitsPerPixel: 1.20073", "sha256: a92ea3cd", "finalSigma: 0.05",
                "  - layer: 1, sigma: 0.2, chunks: 40, context: 5, payloadBytes: 15, bits: 120,",
                "  - id: 0x8001, bytes: 20"}) {
            assertTrue(r.out().contains(key), key + " in\n" + r.out());
        }
    }

    /** Issue 16, requirement 4: info lists every layer of an encoded file with its sigma, chunks and bits. */
    @Test
    void listsEveryLayerOfAnEncodedFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path image = CliHarness.png(dir, "in.png", 40, 32, 3);
        Path file = dir.resolve("a.rdpc");
        assertEquals(0, run("compress", "--model", "analytic", "--sigma", "0.1", image, file).code());
        var parsed = dev.rdpc.format.ContainerReader.read(Files.readAllBytes(file));
        CliHarness.Run json = run("info", "--format", "json", file);
        assertEquals(0, json.code(), json::toString);
        var root = com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject();
        var layers = root.getAsJsonArray("layers");
        assertEquals(parsed.ladder().layers().size(), layers.size());
        long sum = 0;
        for (int k = 0; k < layers.size(); k++) {
            var layer = layers.get(k).getAsJsonObject();
            var expected = parsed.ladder().layers().get(k);
            assertEquals(k, layer.get("layer").getAsInt());
            assertEquals(expected.sigma(), layer.get("sigma").getAsFloat());
            assertEquals(expected.chunkCount(), layer.get("chunks").getAsLong());
            assertEquals(8 * expected.payloadBytes(), layer.get("bits").getAsLong());
            sum += layer.get("bits").getAsLong();
        }
        assertEquals(8L * parsed.payloadLength(), sum, "the layers' bits add up to the payload");
        assertEquals(parsed.ladder().finalSigma(), root.getAsJsonObject("ladder").get("finalSigma").getAsFloat());
        CliHarness.Run text = run("info", file);
        assertEquals(parsed.ladder().layers().size(), text.out().lines().filter(l -> l.startsWith("  - layer: ")).count(),
                text.out());
    }

    @Test
    void readsStandardInput() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(GOLDEN.resolve("grey-17x5.rdpc"))));
            CliHarness.Run r = run("info", "--format", "json", "-");
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("\"file\": \"-\"") && r.out().contains("\"width\": 17"), r.out());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void badInputAndOptionsGetTheirExitCodes() throws Exception {
        Path malformed = Path.of(System.getProperty("rdpc.project.dir", ".."),
                "container-format/src/test/resources/malformed");
        Path first;
        try (var files = Files.list(malformed)) {
            first = files.filter(p -> p.toString().endsWith(".rdpc")).sorted().findFirst().orElseThrow();
        }
        CliHarness.Run bad = run("info", first);
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("offset"), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertEquals(2, run("info", GOLDEN.resolve("missing.rdpc")).code());
        CliHarness.Run format = run("info", "--format", "xml", GOLDEN.resolve("grey-17x5.rdpc"));
        assertEquals(1, format.code(), format::toString);
        assertTrue(format.err().contains("--format"), format.err());
    }
}
