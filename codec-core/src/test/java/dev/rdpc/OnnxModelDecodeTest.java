package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.ReaderLimits;
import dev.rdpc.image.RasterImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Files encoded for an ONNX model, decoded through ONNX Runtime with the tiny generated test models. */
class OnnxModelDecodeTest {
    static Path model(String name) {
        String project = System.getProperty("rdpc.project.dir", "..");
        Path path = Path.of(project, "decoder/src/test/resources/models", name + ".onnx");
        assertTrue(Files.isRegularFile(path), "missing test model " + path + " (made by tools/python/make_tiny_models.py)");
        return path;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void fileNamesItsModelAndDecodesWithIt() throws Exception {
        Path edm = model("tiny-gaussian-edm");
        RasterImage image = TestImages.synthetic(45, 30, 3, 12);
        byte[] file;
        try (RdpcEncoder encoder = RdpcEncoder.forModel(edm)) {
            file = encoder.encode(image, EncodeOptions.sigma(0.1)).file();
        }
        var header = ContainerReader.read(file, ReaderLimits.defaults()).model();
        assertEquals(FormatIds.PRIOR_ONNX_MODEL, header.priorKindId());
        assertArrayEquals(HexFormat.of().parseHex(sha256(edm)), header.fingerprint());
        try (RdpcDecoder decoder = RdpcDecoder.forModel(edm, ReaderLimits.defaults())) {
            RasterImage decoded = decoder.decode(file, DecodeOptions.fromFile().withPerception(0.5)).image();
            assertEquals(45, decoded.width());
            assertEquals(30, decoded.height());
            assertTrue(CodecRoundTripTest.psnr(image, decoded) > 15, "PSNR " + CodecRoundTripTest.psnr(image, decoded));
        }
    }

    /**
     * A bundle (.tar.gz holding the ONNX file and its card) names the model by the ONNX file's
     * SHA-256, so the files it encodes are those of the unpacked model, and either decodes them.
     */
    @Test
    void aBundleGivesTheFingerprintOfItsOnnxFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path edm = model("tiny-gaussian-edm");
        Path bundle = dir.resolve("edm.tar.gz");
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(bundle)))) {
            for (Path p : List.of(edm, edm.resolveSibling("tiny-gaussian-edm.json"))) {
                tar.putArchiveEntry(tar.createArchiveEntry(p, "model/" + p.getFileName()));
                tar.write(Files.readAllBytes(p));
                tar.closeArchiveEntry();
            }
        }
        RasterImage image = TestImages.synthetic(40, 24, 3, 15);
        byte[] fromFile;
        byte[] fromBundle;
        try (RdpcEncoder plain = RdpcEncoder.forModel(edm); RdpcEncoder packed = RdpcEncoder.forModel(bundle)) {
            assertEquals(sha256(edm), HexFormat.of().formatHex(packed.modelFingerprint()));
            assertArrayEquals(plain.modelFingerprint(), packed.modelFingerprint());
            fromFile = plain.encode(image, EncodeOptions.sigma(0.2)).file();
            fromBundle = packed.encode(image, EncodeOptions.sigma(0.2)).file();
        }
        assertArrayEquals(fromFile, fromBundle, "the same model, the same file");
        try (RdpcDecoder packed = RdpcDecoder.forModel(bundle, ReaderLimits.defaults());
             RdpcDecoder plain = RdpcDecoder.forModel(edm, ReaderLimits.defaults())) {
            assertFalse(packed.mismatches(fromFile));
            assertEquals(plain.decode(fromBundle, DecodeOptions.fromFile()).image(),
                    packed.decode(fromFile, DecodeOptions.fromFile()).image());
        }
    }

    /** Anything but a loadable model with its card is refused when the encoder is made, as malformed input. */
    @Test
    void notAModelIsMalformedInput(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] junk = new byte[3000];
        new java.util.Random(11).nextBytes(junk);
        Path alone = Files.write(dir.resolve("junk.onnx"), junk);
        Path bundle = Files.write(dir.resolve("junk.zip"), junk);
        for (Path p : List.of(alone, bundle, dir.resolve("missing.onnx"))) {
            RdpcException e = assertThrows(RdpcException.class, () -> RdpcEncoder.forModel(p));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("cannot use model " + p), e.getMessage());
            RdpcException d = assertThrows(RdpcException.class, () -> RdpcDecoder.forModel(p, ReaderLimits.defaults()));
            assertEquals(ErrorCode.MALFORMED_INPUT, d.code(), d.getMessage());
        }
    }

    /**
     * A card states its trained sigma range in the model's own value units; the ladder's top sigma
     * is in model space. For a [0, 1] model, sigmaMax 1.0 is sigma 2.0 in model space.
     */
    @Test
    void topSigmaConvertsTheCardsRangeToModelSpace(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path source = model("tiny-gaussian-clean01");
        Path copy = dir.resolve("clean01-narrow.onnx");
        Files.copy(source, copy);
        String card = Files.readString(source.resolveSibling("tiny-gaussian-clean01.json"));
        assertTrue(card.contains("\"sigmaMax\": 10.0"), card);
        Files.writeString(dir.resolve("clean01-narrow.json"), card.replace("\"sigmaMax\": 10.0", "\"sigmaMax\": 1.0"));
        try (RdpcEncoder encoder = RdpcEncoder.forModel(copy)) {
            EncodeResult result = encoder.encode(TestImages.synthetic(32, 32, 1, 5), EncodeOptions.sigma(0.3));
            assertEquals(2.0, result.layers().get(0).sigma(), 1e-6, "layer 0 starts at the card's sigmaMax in model space");
        }
    }

    @Test
    void mismatchedOrMissingModelIsRefusedNamingBothFingerprints() throws Exception {
        Path edm = model("tiny-gaussian-edm");
        Path vp = model("tiny-gaussian-eps-vp");
        byte[] file;
        try (RdpcEncoder encoder = RdpcEncoder.forModel(edm)) {
            file = encoder.encode(TestImages.synthetic(24, 16, 3, 13), EncodeOptions.sigma(0.1)).file();
        }
        RdpcException missing = assertThrows(RdpcException.class, () -> new RdpcDecoder().decode(file, DecodeOptions.fromFile()));
        assertEquals(ErrorCode.MODEL_MISMATCH, missing.code());
        assertTrue(missing.getMessage().contains(sha256(edm)), missing.getMessage());
        try (RdpcDecoder decoder = RdpcDecoder.forModel(vp, ReaderLimits.defaults())) {
            RdpcException wrong = assertThrows(RdpcException.class, () -> decoder.decode(file, DecodeOptions.fromFile()));
            assertEquals(ErrorCode.MODEL_MISMATCH, wrong.code());
            assertTrue(wrong.getMessage().contains(sha256(edm)) && wrong.getMessage().contains(sha256(vp)), wrong.getMessage());
            assertTrue(decoder.mismatches(file));
            RasterImage forced = decoder.decode(file, DecodeOptions.fromFile().withAllowModelMismatch(true)).image();
            assertEquals(24, forced.width());
        }
    }

    /** One mismatch rule for every prior: an analytic-prior file decoded by a decoder holding a model. */
    @Test
    void analyticFilesNeedTheMismatchAllowedToDecodeWithAModel() throws Exception {
        byte[] file = RdpcEncoder.analytic().encode(TestImages.synthetic(20, 20, 3, 14), EncodeOptions.sigma(0.1)).file();
        try (RdpcDecoder decoder = RdpcDecoder.forModel(model("tiny-gaussian-eps-vp"), ReaderLimits.defaults())) {
            assertTrue(decoder.mismatches(file));
            RdpcException e = assertThrows(RdpcException.class, () -> decoder.decode(file, DecodeOptions.fromFile()));
            assertEquals(ErrorCode.MODEL_MISMATCH, e.code());
            assertTrue(e.getMessage().contains("analytic"), e.getMessage());
            assertEquals(20, decoder.decode(file, DecodeOptions.fromFile().withAllowModelMismatch(true)).image().width());
        }
        try (RdpcDecoder plain = new RdpcDecoder()) {
            assertFalse(plain.mismatches(file));
            assertEquals(20, plain.decode(file, DecodeOptions.fromFile()).image().width());
        }
    }
}
