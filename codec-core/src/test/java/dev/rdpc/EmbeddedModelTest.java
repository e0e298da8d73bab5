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
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The default prior: the model committed under models/default/, embedded in codec-core's jar. */
class EmbeddedModelTest {
    static final Path COMMITTED = Path.of(System.getProperty("rdpc.project.dir", ".."), "models/default/rdpc-default.onnx");

    @Test
    void theJarCarriesExactlyTheCommittedModel() throws Exception {
        if (!Files.exists(COMMITTED)) {
            assertTrue(EmbeddedModel.get().isEmpty(), "no committed model, so nothing may be embedded");
            assertTrue(RdpcEncoder.analytic().targetsAnalyticPrior());
            assertTrue(new RdpcEncoder().targetsAnalyticPrior(), "without a model the default is the analytic prior");
            return;
        }
        EmbeddedModel model = EmbeddedModel.get().orElseThrow(() -> new AssertionError("models/default is not embedded"));
        assertEquals(OnnxModelDecodeTest.sha256(COMMITTED), HexFormat.of().formatHex(model.fingerprint()));
        assertEquals(OnnxModelDecodeTest.sha256(COMMITTED), model.card().sha256());
        assertEquals(OnnxModelDecodeTest.sha256(COMMITTED), RdpcDecoder.embeddedModelFingerprint().orElseThrow());
        assertTrue(model.sizeBytes() <= 20L << 20, "the shipped model must stay within 20 MB");
        assertFalse(new RdpcEncoder().targetsAnalyticPrior());
    }

    /** The weights are research / non-commercial only, unlike the code: the notice must travel with them. */
    @Test
    void theModelsLicenceNoticeShipsBesideIt() throws Exception {
        assertTrue(Files.exists(COMMITTED), "models/default/rdpc-default.onnx is committed");
        String card = EmbeddedModel.get().orElseThrow().card().licence();
        assertTrue(card.startsWith("LicenseRef-rdpc-research-non-commercial"), card);
        assertEquals(card, RdpcDecoder.embeddedModelLicence().orElseThrow());
        String committed = Files.readString(COMMITTED.resolveSibling("LICENSE"));
        try (var in = EmbeddedModel.class.getResourceAsStream(EmbeddedModel.LICENCE_RESOURCE)) {
            assertTrue(in != null, "the jar carries " + EmbeddedModel.LICENCE_RESOURCE + " beside the model");
            assertEquals(committed, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(committed.contains("LicenseRef-rdpc-research-non-commercial"), "the notice defines the card's id");
        assertTrue(committed.contains("RESEARCH AND NON-COMMERCIAL USE ONLY"), committed);
        assertTrue(committed.contains("--model analytic"), "the notice says how to do without the weights");
    }

    @Test
    void defaultEncoderAndDecoderUseTheEmbeddedModel() throws Exception {
        RasterImage image = TestImages.synthetic(40, 24, 3, 5);
        byte[] file;
        try (RdpcEncoder encoder = new RdpcEncoder()) {
            file = encoder.encode(image, EncodeOptions.sigma(0.15)).file();
        }
        var parsed = ContainerReader.read(file, ReaderLimits.defaults());
        var header = parsed.model();
        if (EmbeddedModel.get().isPresent()) {
            assertEquals(FormatIds.PRIOR_ONNX_MODEL, header.priorKindId());
            assertArrayEquals(EmbeddedModel.get().get().fingerprint(), header.fingerprint());
            // The model is evaluated in the encoder's default tiles, which the file records (format §3.8).
            assertEquals(dev.rdpc.decoder.TiledDenoiser.DEFAULT_TILE, parsed.ladder().tileEdge());
            assertEquals(EmbeddedModel.get().get().card().sigmaMax() >= EncodeOptions.DEFAULT_TOP_SIGMA
                    ? (float) EncodeOptions.DEFAULT_TOP_SIGMA : (float) EmbeddedModel.get().get().card().sigmaMax(),
                    parsed.ladder().layers().get(0).sigma(), 0.0, "layer 0 sits at the top sigma");
        } else {
            assertEquals(FormatIds.PRIOR_ANALYTIC_GAUSSIAN, header.priorKindId());
        }
        var analytic = ContainerReader.read(RdpcEncoder.analytic().encode(TestImages.synthetic(128, 96, 3, 5), EncodeOptions.sigma(0.2)).file(),
                ReaderLimits.defaults());
        assertEquals(0, analytic.ladder().tileEdge(), "the analytic prior has no tiling");
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            assertFalse(decoder.mismatches(file));
            DecodeOptions options = DecodeOptions.fromFile().withSteps(3);
            RasterImage a = decoder.decode(file, options).image();
            RasterImage b = decoder.decode(file, options).image();
            assertEquals(a, b, "the session is reused and deterministic");
            assertTrue(CodecRoundTripTest.psnr(image, a) > 15, "PSNR " + CodecRoundTripTest.psnr(image, a));
        }
    }

    @Test
    void aFileForAnUnknownModelNamesBothFingerprints() throws Exception {
        Path edm = OnnxModelDecodeTest.model("tiny-gaussian-edm");
        byte[] file;
        try (RdpcEncoder encoder = RdpcEncoder.forModel(edm)) {
            file = encoder.encode(TestImages.synthetic(16, 16, 3, 6), EncodeOptions.sigma(0.2)).file();
        }
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            assertTrue(decoder.mismatches(file));
            RdpcException e = assertThrows(RdpcException.class, () -> decoder.decode(file, DecodeOptions.fromFile()));
            assertEquals(ErrorCode.MODEL_MISMATCH, e.code());
            assertTrue(e.getMessage().contains(OnnxModelDecodeTest.sha256(edm)), e.getMessage());
            assertTrue(e.getMessage().contains(RdpcDecoder.embeddedModelFingerprint().orElse("none in this build")),
                    e.getMessage());
        }
    }
}
