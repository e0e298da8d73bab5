package dev.rdpc.decoder.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.DiagonalGaussianDenoiser;
import dev.rdpc.decoder.DiffusionDecoder;
import dev.rdpc.decoder.TensorShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OnnxDenoiserTest {

    private static final double[] SIGMAS = {0.01, 0.02, 0.05, 0.1, 0.3, 1.0, 2.0, 5.0};
    private static final Map<String, Double> MAX_DIFF = new ConcurrentHashMap<>();
    private static final Map<String, Double> MAX_ODE_DIFF = new ConcurrentHashMap<>();

    @TempDir
    Path tmp;

    static Iterable<String> models() {
        return TinyModels.ALL;
    }

    private static TensorShape[] shapes(int channels) {
        return new TensorShape[] {
            new TensorShape(channels, 17, 13), // padded to 24x16 (EDM), 20x16 (eps), 32x16 (clean01)
            new TensorShape(channels, 16, 16),
            new TensorShape(channels, 1, 1),
            new TensorShape(channels, 5, 33),
        };
    }

    @AfterAll
    static void report() {
        System.out.println("[OnnxDenoiserTest] max |D_onnx - D_java| per model over sigmas 0.01..5: " + MAX_DIFF);
        System.out.println("[OnnxDenoiserTest] max |ODE_onnx - ODE_java| per model: " + MAX_ODE_DIFF);
    }

    @ParameterizedTest
    @MethodSource("models")
    void matchesTheJavaAnalyticDenoiser(String model) throws IOException {
        int channels = TinyModels.channels(model);
        double worst = 0;
        try (OnnxDenoiser onnx = OnnxDenoiser.load(TinyModels.onnx(model))) {
            long seed = 1;
            for (TensorShape shape : shapes(channels)) {
                DiagonalGaussianDenoiser java = TinyModels.reference(model, shape);
                for (double sigma : SIGMAS) {
                    float[] x = TinyModels.noisySample(model, shape, sigma, seed++);
                    float[] expected = new float[shape.size()];
                    float[] actual = new float[shape.size()];
                    java.denoise(x, shape, sigma, expected);
                    onnx.denoise(x, shape, sigma, actual);
                    double diff = TinyModels.maxAbsDiff(expected, actual);
                    worst = Math.max(worst, diff);
                    assertTrue(diff <= 1e-5, model + " " + shape + " sigma " + sigma + ": max |D_onnx - D_java| = " + diff);
                }
            }
            // 0.01 is below sigma(t=0) = 0.0100005 of the VP schedule: those calls are clamped
            boolean vp = onnx.card().parameterization().isVariancePreserving();
            assertEquals(vp, onnx.clamped(), model + " clamped");
            assertEquals(vp ? shapes(channels).length : 0, onnx.clampedCalls());
            assertEquals((long) SIGMAS.length * shapes(channels).length, onnx.calls());
        }
        MAX_DIFF.merge(model, worst, Math::max);
    }

    @ParameterizedTest
    @MethodSource("models")
    void odeThroughOnnxMatchesTheAnalyticPath(String model) throws IOException {
        TensorShape shape = new TensorShape(TinyModels.channels(model), 17, 13);
        DiagonalGaussianDenoiser java = TinyModels.reference(model, shape);
        double worst = 0;
        try (OnnxDenoiser onnx = OnnxDenoiser.load(TinyModels.onnx(model))) {
            DecodeSettings[] settings = {
                DecodeSettings.defaults().withMode(DecodeMode.ODE),
                DecodeSettings.defaults().withMode(DecodeMode.ODE).withPerception(1),
                DecodeSettings.defaults().withMode(DecodeMode.INTERPOLATION).withPerception(0.5),
            };
            for (DecodeSettings s : settings) {
                for (double sigmaY : new double[] {0.3, 2.0}) {
                    float[] y = TinyModels.noisySample(model, shape, sigmaY, 99);
                    float[] expected = DiffusionDecoder.reconstruct(java, y, shape, sigmaY, s, null);
                    float[] actual = DiffusionDecoder.reconstruct(onnx, y, shape, sigmaY, s, null);
                    double diff = TinyModels.maxAbsDiff(expected, actual);
                    worst = Math.max(worst, diff);
                    assertTrue(diff <= 1e-4, model + " " + s + " sigmaY " + sigmaY + ": max diff " + diff);
                }
            }
        }
        MAX_ODE_DIFF.merge(model, worst, Math::max);
    }

    @Test
    void sigmaAboveTheTrainedRangeIsClampedAndReported() throws IOException {
        TensorShape shape = new TensorShape(3, 9, 7);
        float[] x = TinyModels.noisySample(TinyModels.EDM, shape, 100, 5);
        try (OnnxDenoiser onnx = OnnxDenoiser.load(TinyModels.onnx(TinyModels.EDM))) {
            float[] d = new float[shape.size()];
            onnx.denoise(x, shape, 1.0, d);
            assertFalse(onnx.clamped());
            onnx.denoise(x, shape, 100.0, d); // card sigmaMax = 80
            assertTrue(onnx.clamped());
            assertEquals(1, onnx.clampedCalls());
            float[] at80 = new float[shape.size()];
            TinyModels.reference(TinyModels.EDM, shape).denoise(x, shape, 80.0, at80);
            assertTrue(TinyModels.maxAbsDiff(at80, d) <= 1e-5);
            onnx.resetCounters();
            assertFalse(onnx.clamped());
            assertEquals(0, onnx.calls());
        }
    }

    @Test
    void sigmaBelowTheTrainedRangeKeepsTheScore() throws IOException {
        // eps-VP is trained down to sigma(t=0) = 0.0100005; the ODE's last call is at 0.002
        TensorShape shape = new TensorShape(3, 6, 6);
        DiagonalGaussianDenoiser java = TinyModels.reference(TinyModels.EPS_VP, shape);
        try (OnnxDenoiser onnx = OnnxDenoiser.load(TinyModels.onnx(TinyModels.EPS_VP))) {
            for (double sigma : new double[] {0.002, 1e-4}) {
                float[] x = TinyModels.noisySample(TinyModels.EPS_VP, shape, sigma, 7);
                float[] expected = new float[shape.size()];
                float[] actual = new float[shape.size()];
                java.denoise(x, shape, sigma, expected);
                onnx.denoise(x, shape, sigma, actual);
                assertTrue(TinyModels.maxAbsDiff(expected, actual) <= 1e-6, "sigma " + sigma);
            }
            assertEquals(2, onnx.clampedCalls());
        }
    }

    @Test
    void sigmaZeroIsTheIdentityWithoutRunningTheNetwork() throws IOException {
        TensorShape shape = new TensorShape(3, 4, 5);
        float[] x = TinyModels.noisySample(TinyModels.EDM, shape, 0.1, 3);
        float[] out = new float[shape.size()];
        try (OnnxDenoiser onnx = OnnxDenoiser.load(TinyModels.onnx(TinyModels.EDM))) {
            onnx.denoise(x, shape, 0.0, out);
            assertArrayEquals(x, out);
            assertEquals(0, onnx.calls());
        }
    }

    @Test
    void isDeterministic() throws IOException {
        TensorShape shape = new TensorShape(3, 17, 13);
        float[] x = TinyModels.noisySample(TinyModels.EPS_VP, shape, 0.7, 11);
        try (OnnxDenoiser onnx = OnnxDenoiser.load(TinyModels.onnx(TinyModels.EPS_VP))) {
            float[] a = new float[shape.size()];
            float[] b = new float[shape.size()];
            onnx.denoise(x, shape, 0.7, a);
            onnx.denoise(new float[shape.size()], shape, 0.3, b); // different size/content in between
            onnx.denoise(x, shape, 0.7, b);
            assertArrayEquals(a, b);
        }
    }

    /** The EDM graph reshapes its input into 8x8 blocks, so it fails unless the adapter pads. */
    @Test
    void theGraphRefusesUnpaddedInputSoThePaddingIsExercised() throws IOException {
        ModelCard card = ModelCard.read(TinyModels.card(TinyModels.EDM));
        assertEquals(8, card.spatialMultiple());
        ModelCard lying = withSpatialMultiple(card, 1);
        try (OnnxDenoiser onnx = OnnxDenoiser.load(TinyModels.onnx(TinyModels.EDM), lying)) {
            TensorShape odd = new TensorShape(3, 17, 13);
            OnnxModelException e = assertThrows(OnnxModelException.class,
                    () -> onnx.denoise(new float[odd.size()], odd, 0.5, new float[odd.size()]));
            assertTrue(e.getMessage().contains("tiny-gaussian-edm"), e.getMessage());
            TensorShape even = new TensorShape(3, 16, 8);
            assertDoesNotThrow(() -> onnx.denoise(new float[even.size()], even, 0.5, new float[even.size()]));
        }
    }

    @Test
    void paddingReplicatesTheEdgesAndAppendsTheSigmaMap() throws IOException {
        ModelCard card = ModelCard.read(TinyModels.card(TinyModels.CLEAN01)); // [0, 1], 1 channel + map
        Parameterizations.Plan plan = new Parameterizations(card).plan(0.5);
        TensorShape shape = new TensorShape(1, 2, 3);
        float[] x = {-1, 0, 1, 0.5f, -0.5f, 0.25f};
        java.nio.FloatBuffer buf = java.nio.FloatBuffer.allocate(2 * 4 * 5);
        OnnxDenoiser.stageInput(x, shape, 4, 5, 2, plan, buf);
        assertEquals(40, buf.remaining());
        float[] staged = new float[40];
        buf.get(staged);
        float[] expected = {
            0, 0.5f, 1, 1, 1,
            0.75f, 0.25f, 0.625f, 0.625f, 0.625f,
            0.75f, 0.25f, 0.625f, 0.625f, 0.625f,
            0.75f, 0.25f, 0.625f, 0.625f, 0.625f,
        };
        for (int i = 0; i < 20; i++) {
            assertEquals(expected[i], staged[i], 0f, "image element " + i);
            assertEquals(0.25f, staged[20 + i], 0f, "sigma map element " + i); // sigma01 = 0.5 / 2
        }
    }

    @Test
    void aFileThatDoesNotMatchTheCardSha256IsRefusedNamingBothFingerprints() throws IOException {
        Path model = tmp.resolve("m.onnx");
        byte[] bytes = Files.readAllBytes(TinyModels.onnx(TinyModels.EDM));
        bytes[bytes.length / 2] ^= 1;
        Files.write(model, bytes);
        Files.writeString(tmp.resolve("m.json"), TinyModels.cardText(TinyModels.EDM), StandardCharsets.UTF_8);
        String declared = ModelCard.read(TinyModels.card(TinyModels.EDM)).sha256();
        String actual = OnnxDenoiser.sha256Hex(bytes);
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> OnnxDenoiser.load(model));
        assertTrue(e.getMessage().contains(declared), e.getMessage());
        assertTrue(e.getMessage().contains(actual), e.getMessage());
        assertTrue(e.getMessage().contains(model.toString()), e.getMessage());

        // and a card with another fingerprint for the genuine file
        ModelCard card = ModelCard.read(TinyModels.card(TinyModels.EDM));
        String other = "0".repeat(64);
        ModelCard wrong = new ModelCard(card.name(), card.parameterization(), card.valueRange(), card.channels(),
                card.spatialMultiple(), card.sigmaMin(), card.sigmaMax(), card.imageInput(), card.noiseInput(),
                card.output(), card.noiseEncoding(), card.betaSchedule(), card.provenance(), card.licence(), other);
        OnnxModelException e2 = assertThrows(OnnxModelException.class,
                () -> OnnxDenoiser.load(TinyModels.onnx(TinyModels.EDM), wrong));
        assertTrue(e2.getMessage().contains(other) && e2.getMessage().contains(card.sha256()), e2.getMessage());
    }

    @Test
    void aGraphThatDoesNotMatchItsCardIsRefused() throws IOException {
        ModelCard card = ModelCard.read(TinyModels.card(TinyModels.EDM));
        Path model = TinyModels.onnx(TinyModels.EDM);
        ModelCard badInput = new ModelCard(card.name(), card.parameterization(), card.valueRange(), card.channels(),
                card.spatialMultiple(), card.sigmaMin(), card.sigmaMax(), "image", card.noiseInput(),
                card.output(), card.noiseEncoding(), null, card.provenance(), card.licence(), card.sha256());
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> OnnxDenoiser.load(model, badInput));
        assertTrue(e.getMessage().contains("[image, sigma]") && e.getMessage().contains("[sigma, x]"), e.getMessage());

        ModelCard badOutput = new ModelCard(card.name(), card.parameterization(), card.valueRange(), card.channels(),
                card.spatialMultiple(), card.sigmaMin(), card.sigmaMax(), card.imageInput(), card.noiseInput(),
                "D", card.noiseEncoding(), null, card.provenance(), card.licence(), card.sha256());
        e = assertThrows(OnnxModelException.class, () -> OnnxDenoiser.load(model, badOutput));
        assertTrue(e.getMessage().contains("\"D\"") && e.getMessage().contains("denoised"), e.getMessage());

        ModelCard grey = new ModelCard(card.name(), card.parameterization(), card.valueRange(), 1,
                card.spatialMultiple(), card.sigmaMin(), card.sigmaMax(), card.imageInput(), card.noiseInput(),
                card.output(), card.noiseEncoding(), null, card.provenance(), card.licence(), card.sha256());
        e = assertThrows(OnnxModelException.class, () -> OnnxDenoiser.load(model, grey));
        assertTrue(e.getMessage().contains("\"x\"") && e.getMessage().contains("3 channels"), e.getMessage());
    }

    @Test
    void aMissingCardIsReportedWithItsPath() throws IOException {
        Path model = tmp.resolve("lonely.onnx");
        Files.copy(TinyModels.onnx(TinyModels.EDM), model);
        // a missing card is a problem of the model, not of I/O (the CLI reports it as a bad model)
        ModelCardException e = assertThrows(ModelCardException.class, () -> OnnxDenoiser.load(model));
        assertTrue(e.getMessage().contains(tmp.resolve("lonely.json").toString()), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> OnnxDenoiser.load(tmp.resolve("absent.onnx")));
        assertTrue(missing.getMessage().contains("absent.onnx"), missing.getMessage());
    }

    @Test
    void argumentsAndLifecycleAreChecked() throws IOException {
        OnnxDenoiser onnx = OnnxDenoiser.load(TinyModels.onnx(TinyModels.CLEAN01));
        assertEquals("onnx:tiny-gaussian-clean01", onnx.name());
        TensorShape rgb = new TensorShape(3, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> onnx.denoise(new float[rgb.size()], rgb, 0.1, new float[rgb.size()]));
        assertTrue(e.getMessage().contains("1 channel"), e.getMessage());
        TensorShape grey = new TensorShape(1, 4, 4);
        float[] x = new float[grey.size()];
        assertThrows(IllegalArgumentException.class, () -> onnx.denoise(x, grey, Double.NaN, new float[grey.size()]));
        assertThrows(IllegalArgumentException.class, () -> onnx.denoise(x, grey, -1, new float[grey.size()]));
        assertThrows(IllegalArgumentException.class, () -> onnx.denoise(x, grey, 0.1, x));
        assertThrows(IllegalArgumentException.class, () -> onnx.denoise(x, grey, 0.1, new float[3]));
        onnx.close();
        onnx.close(); // idempotent
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> onnx.denoise(x, grey, 0.1, new float[grey.size()]));
        assertTrue(closed.getMessage().contains("closed"));
    }

    /**
     * 1000 forwards must not grow the Java heap. Only the Java heap is measured: native memory
     * (ONNX Runtime's arenas, direct buffers) cannot be measured reliably from a unit test, so a
     * leak of an unclosed OnnxTensor or Result would only show here through its Java wrapper.
     */
    @Test
    void thousandForwardsDoNotGrowTheHeap() throws IOException {
        TensorShape shape = new TensorShape(3, 16, 16);
        float[] x = TinyModels.noisySample(TinyModels.EDM, shape, 0.5, 13);
        float[] out = new float[shape.size()];
        try (OnnxDenoiser onnx = OnnxDenoiser.load(TinyModels.onnx(TinyModels.EDM))) {
            for (int i = 0; i < 50; i++) { // warm up
                onnx.denoise(x, shape, 0.5, out);
            }
            long before = usedHeapAfterGc();
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                onnx.denoise(x, shape, 0.01 + i * 0.001, out);
            }
            double ms = (System.nanoTime() - start) / 1e6;
            long after = usedHeapAfterGc();
            System.out.printf("[OnnxDenoiserTest] 1000 forwards of %s: %.1f ms; used heap %.2f MB before, %.2f MB after"
                    + " (native memory not measured)%n", shape, ms, before / 1e6, after / 1e6);
            assertTrue(after - before < 16_000_000L, "heap grew by " + (after - before) + " bytes");
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    static ModelCard withSpatialMultiple(ModelCard c, int multiple) {
        return new ModelCard(c.name(), c.parameterization(), c.valueRange(), c.channels(), multiple, c.sigmaMin(),
                c.sigmaMax(), c.imageInput(), c.noiseInput(), c.output(), c.noiseEncoding(), c.betaSchedule(),
                c.provenance(), c.licence(), c.sha256());
    }

    @Test
    void isADenoiser() throws IOException {
        try (Denoiser d = OnnxDenoiser.load(TinyModels.onnx(TinyModels.V_VP))) {
            assertTrue(d.name().startsWith("onnx:"));
        }
    }
}
