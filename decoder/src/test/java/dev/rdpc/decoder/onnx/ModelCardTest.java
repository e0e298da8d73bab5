package dev.rdpc.decoder.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelCardTest {

    @TempDir
    Path tmp;

    @Test
    void theShippedCardsParse() throws IOException {
        ModelCard edm = ModelCard.read(TinyModels.card(TinyModels.EDM));
        assertEquals("tiny-gaussian-edm", edm.name());
        assertEquals(Parameterization.EDM, edm.parameterization());
        assertEquals(ValueRange.MINUS_ONE_TO_ONE, edm.valueRange());
        assertEquals(3, edm.channels());
        assertEquals(8, edm.spatialMultiple());
        assertEquals(0.002, edm.sigmaMin());
        assertEquals(80.0, edm.sigmaMax());
        assertEquals("x", edm.imageInput());
        assertEquals("sigma", edm.noiseInput());
        assertEquals("denoised", edm.output());
        assertEquals(NoiseEncoding.SIGMA, edm.noiseEncoding());
        assertNull(edm.betaSchedule());
        assertEquals("CC0-1.0", edm.licence());
        assertEquals(64, edm.sha256().length());

        ModelCard eps = ModelCard.read(TinyModels.card(TinyModels.EPS_VP));
        assertEquals(Parameterization.EPSILON_VP, eps.parameterization());
        assertEquals(BetaSchedule.linear(1e-4, 0.02, 1000), eps.betaSchedule());
        assertEquals(NoiseEncoding.TIMESTEP, eps.noiseEncoding());
        assertEquals(new VpTimesteps(eps.betaSchedule()).minSigma(), eps.sigmaMin(), 1e-15);

        ModelCard clean = ModelCard.read(TinyModels.card(TinyModels.CLEAN01));
        assertEquals(Parameterization.CLEAN_SIGMA_MAP, clean.parameterization());
        assertEquals(ValueRange.ZERO_TO_ONE, clean.valueRange());
        assertNull(clean.noiseInput());
        assertEquals(2, clean.imageInputChannels());

        for (String m : TinyModels.ALL) {
            ModelCard c = ModelCard.read(TinyModels.card(m));
            assertEquals(c, ModelCard.parse(c.toJson(), "round trip"), m);
            assertEquals(OnnxDenoiser.sha256Hex(Files.readAllBytes(TinyModels.onnx(m))), c.sha256(), m);
        }
    }

    @Test
    void cardPathReplacesTheExtension() {
        assertEquals(Path.of("a/b/model.json"), ModelCard.cardPathFor(Path.of("a/b/model.onnx")));
        assertEquals(Path.of("model.v2.json"), ModelCard.cardPathFor(Path.of("model.v2.ONNX")));
        assertEquals(Path.of("weights.json"), ModelCard.cardPathFor(Path.of("weights")));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
            bad("name", o -> o.remove("name")),
            bad("name", o -> o.addProperty("name", "  ")),
            bad("name", o -> o.addProperty("name", 5)),
            bad("cardVersion", o -> o.addProperty("cardVersion", 2)),
            bad("cardVersion", o -> o.remove("cardVersion")),
            bad("parameterization", o -> o.addProperty("parameterization", "edm")),
            bad("parameterization", o -> o.addProperty("parameterization", "X0")),
            bad("valueRange", o -> o.add("valueRange", array(0, 2))),
            bad("valueRange", o -> o.add("valueRange", array(-1))),
            bad("valueRange", o -> o.addProperty("valueRange", "[-1, 1]")),
            bad("channels", o -> o.addProperty("channels", 2)),
            bad("channels", o -> o.addProperty("channels", 3.5)),
            bad("channels", o -> o.addProperty("channels", "3")),
            bad("spatialMultiple", o -> o.addProperty("spatialMultiple", 0)),
            bad("spatialMultiple", o -> o.addProperty("spatialMultiple", 4096)),
            bad("sigmaMin", o -> o.addProperty("sigmaMin", -0.1)),
            bad("sigmaMin", o -> o.addProperty("sigmaMin", 0)),
            bad("sigmaMax", o -> o.addProperty("sigmaMax", 0.001)),
            bad("sigmaMax", o -> o.addProperty("sigmaMax", new java.math.BigDecimal("1e400"))),
            bad("imageInput", o -> o.remove("imageInput")),
            bad("noiseInput", o -> o.remove("noiseInput")),
            bad("noiseInput", o -> o.addProperty("noiseInput", "x")),
            bad("noiseInput", o -> o.add("noiseInput", com.google.gson.JsonNull.INSTANCE)),
            bad("output", o -> o.addProperty("output", "x")),
            bad("noiseEncoding", o -> o.addProperty("noiseEncoding", "timestep")),
            bad("noiseEncoding", o -> o.addProperty("noiseEncoding", "SIGMA")),
            bad("betaSchedule", o -> o.add("betaSchedule", schedule(1e-4, 0.02, 1000))),
            bad("provenance", o -> o.addProperty("provenance", "")),
            bad("licence", o -> o.remove("licence")),
            bad("sha256", o -> o.addProperty("sha256", "abc")),
            bad("sha256", o -> o.addProperty("sha256", "g".repeat(64))),
            bad("license", o -> o.addProperty("license", "MIT")),
            // consistency between fields
            bad("noiseInput", o -> o.addProperty("parameterization", "BLIND_RESIDUAL")),
            bad("noiseEncoding", o -> {
                o.addProperty("parameterization", "BLIND_RESIDUAL");
                o.remove("noiseInput");
            }),
            bad("noiseInput", o -> o.addProperty("parameterization", "CLEAN_SIGMA_MAP")),
            bad("betaSchedule", o -> {
                o.addProperty("parameterization", "EPSILON_VP");
                o.addProperty("noiseEncoding", "timestep");
            }));
    }

    static Stream<Arguments> malformedVp() {
        return Stream.of(
            bad("betaSchedule", o -> o.remove("betaSchedule")),
            bad("betaSchedule", o -> o.addProperty("betaSchedule", "linear")),
            bad("betaSchedule.type", o -> o.getAsJsonObject("betaSchedule").addProperty("type", "cosine")),
            bad("betaSchedule.betaStart", o -> o.getAsJsonObject("betaSchedule").addProperty("betaStart", 0)),
            bad("betaSchedule.betaEnd", o -> o.getAsJsonObject("betaSchedule").addProperty("betaEnd", 1e-5)),
            bad("betaSchedule.betaEnd", o -> o.getAsJsonObject("betaSchedule").addProperty("betaEnd", 1)),
            bad("betaSchedule.timesteps", o -> o.getAsJsonObject("betaSchedule").addProperty("timesteps", 1)),
            bad("betaSchedule.timesteps", o -> o.getAsJsonObject("betaSchedule").remove("timesteps")),
            bad("betaSchedule.offset", o -> o.getAsJsonObject("betaSchedule").addProperty("offset", 1)),
            bad("sigmaMin", o -> o.addProperty("sigmaMin", 0.005)), // below sigma(t=0) = 0.0100005
            bad("sigmaMax", o -> o.addProperty("sigmaMax", 200)),   // above sigma(t=999) = 157.4
            bad("noiseEncoding", o -> o.addProperty("noiseEncoding", "sigma")));
    }

    private static Arguments bad(String field, Consumer<JsonObject> mutation) {
        return Arguments.of(field, mutation);
    }

    private static JsonArray array(double... values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    private static JsonObject schedule(double b0, double b1, int t) {
        JsonObject s = new JsonObject();
        s.addProperty("type", "linear");
        s.addProperty("betaStart", b0);
        s.addProperty("betaEnd", b1);
        s.addProperty("timesteps", t);
        return s;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedEdmCardsAreRefusedNamingTheField(String field, Consumer<JsonObject> mutation) {
        assertRefused(TinyModels.EDM, field, mutation);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedVp")
    void malformedVpCardsAreRefusedNamingTheField(String field, Consumer<JsonObject> mutation) {
        assertRefused(TinyModels.EPS_VP, field, mutation);
    }

    private static void assertRefused(String model, String field, Consumer<JsonObject> mutation) {
        JsonObject o = JsonParser.parseString(TinyModels.cardText(model)).getAsJsonObject();
        mutation.accept(o);
        ModelCardException e = assertThrows(ModelCardException.class, () -> ModelCard.parse(o.toString(), "test.json"));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
        assertTrue(e.getMessage().startsWith("model card test.json: "), e.getMessage());
    }

    @Test
    void notJsonDuplicatesAndTrailingContentAreRefused() {
        String good = TinyModels.cardText(TinyModels.EDM);
        ModelCardException e = assertThrows(ModelCardException.class, () -> ModelCard.parse("{", "a"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        e = assertThrows(ModelCardException.class, () -> ModelCard.parse(good + " {}", "a"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        e = assertThrows(ModelCardException.class, () -> ModelCard.parse("[1, 2]", "a"));
        assertTrue(e.getMessage().contains("JSON object"), e.getMessage());
        e = assertThrows(ModelCardException.class, () -> ModelCard.parse(good.replace("\"channels\": 3",
                "\"channels\": 3, \"channels\": 1"), "a"));
        assertEquals("channels", e.field());
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
        e = assertThrows(ModelCardException.class, () -> ModelCard.parse(good.replace("\"channels\": 3",
                "'channels': 3"), "a")); // lenient JSON
        assertNull(e.field());
        e = assertThrows(ModelCardException.class, () -> ModelCard.parse(good.replace("\"sigmaMax\": 80.0",
                "\"sigmaMax\": NaN"), "a"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void readNamesTheFile() throws IOException {
        Path card = tmp.resolve("broken.json");
        JsonObject o = JsonParser.parseString(TinyModels.cardText(TinyModels.EDM)).getAsJsonObject();
        o.add("channels", new JsonPrimitive(4));
        Files.writeString(card, o.toString());
        ModelCardException e = assertThrows(ModelCardException.class, () -> ModelCard.read(card));
        assertEquals(card.toString(), e.source());
        assertTrue(e.getMessage().contains(card.toString()) && e.getMessage().contains("'channels'"), e.getMessage());
        Files.write(card, new byte[] {'{', (byte) 0xff, '}'});
        e = assertThrows(ModelCardException.class, () -> ModelCard.read(card));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void theSha256IsStoredInLowerCase() {
        JsonObject o = JsonParser.parseString(TinyModels.cardText(TinyModels.EDM)).getAsJsonObject();
        String sha = o.get("sha256").getAsString();
        o.addProperty("sha256", sha.toUpperCase(java.util.Locale.ROOT));
        assertEquals(sha, ModelCard.parse(o.toString(), null).sha256());
    }
}
