package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.png;
import static dev.rdpc.tools.CliHarness.runAsGiven;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rdpc.tools.curve.Keys;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rdpc curve --features}: FID and KID with a user's feature network, here the 9-feature test
 * network of tools/python/make_tiny_features.py.
 */
class CurveFeaturesTest {
    @TempDir
    Path dir;

    private static Path tinyFeatures() throws URISyntaxException {
        return Path.of(CurveFeaturesTest.class.getResource("/features/tiny-features.onnx").toURI());
    }

    private static JsonObject json(Path p) throws IOException {
        return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void featureNetworkAddsFidAndKidToJsonCsvPlotsAndReport() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        png(images, "a.png", 48, 32, 3);
        png(images, "b.png", 48, 32, 3);
        Path out = dir.resolve("out");
        Path model = tinyFeatures();
        CliHarness.Run r = runAsGiven("curve", "--images", images, "--out", out, "--model", "analytic", "--steps", "2",
                "--sigma", "0.05,0.6", "--perception", "0", "--codecs", "rdpc", "--features", model,
                "--features-patch", "16", "--crop-bpp", "6");
        assertEquals(0, r.code(), r::toString);

        JsonObject o = json(out.resolve("rdpc-ode-0.json"));
        JsonObject fs = o.getAsJsonObject("featureSettings");
        assertEquals("tiny-features.onnx", fs.get("model").getAsString());
        assertEquals(Keys.sha256(model), fs.get("sha256").getAsString());
        assertEquals(16, fs.get("patchWidth").getAsInt());
        double[] fid = new double[2];
        int i = 0;
        for (JsonElement e : o.getAsJsonArray("points")) {
            JsonObject p = e.getAsJsonObject();
            // 48x32 at 16: a 3x2 grid plus a 2x1 grid shifted by 8, per image
            assertEquals(16, p.get("featurePatches").getAsInt(), p.toString());
            fid[i] = p.get("fid").getAsDouble();
            assertTrue(fid[i] >= 0, p.toString());
            assertTrue(Double.isFinite(p.get("kid").getAsDouble()), p.toString());
            i++;
        }
        // sigma 0.05 stays close to the originals; sigma 0.6 at P = 0 blurs them: a larger distance
        assertTrue(fid[1] > fid[0], "FID grows with the distortion: " + fid[0] + " -> " + fid[1]);

        List<String> csv = Files.readAllLines(out.resolve("curve.csv"));
        assertTrue(csv.get(0).endsWith(",fid,kid"), csv.get(0));
        assertTrue(csv.get(1).matches(".*,\\d+\\.\\d{4},-?\\d+\\.\\d{6}$"), csv.get(1));
        assertTrue(Files.isRegularFile(out.resolve("plots/rate-fid.png")));
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("src=\"plots/rate-fid.png\"") && html.contains("<th>FID</th>"), html);

        // a rerun takes FID and KID from the cache and gives the same numbers
        CliHarness.Run again = runAsGiven("curve", "--images", images, "--out", out, "--model", "analytic", "--steps",
                "2", "--sigma", "0.05,0.6", "--perception", "0", "--codecs", "rdpc", "--features", model,
                "--features-patch", "16", "--crop-bpp", "6");
        assertEquals(0, again.code(), again::toString);
        assertEquals(fid[1], json(out.resolve("rdpc-ode-0.json")).getAsJsonArray("points").get(1).getAsJsonObject()
                .get("fid").getAsDouble(), 0);
    }

    @Test
    void runWithoutFeaturesWritesNullsAndNoFidPlot() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        png(images, "a.png", 24, 16, 3);
        Path out = dir.resolve("out");
        CliHarness.Run r = runAsGiven("curve", "--images", images, "--out", out, "--model", "analytic", "--steps", "1",
                "--sigma", "0.3", "--perception", "0", "--codecs", "rdpc", "--crop-bpp", "6");
        assertEquals(0, r.code(), r::toString);
        JsonObject o = json(out.resolve("rdpc-ode-0.json"));
        assertTrue(o.get("featureSettings").isJsonNull());
        assertTrue(o.getAsJsonArray("points").get(0).getAsJsonObject().get("fid").isJsonNull());
        assertTrue(!Files.exists(out.resolve("plots/rate-fid.png")));
    }

    @Test
    void badFeatureNetworksAreInputErrors() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        png(images, "a.png", 24, 16, 3);
        Path out = dir.resolve("out");
        Path garbage = Files.writeString(dir.resolve("garbage.onnx"), "not a model");
        CliHarness.Run bad = runAsGiven("curve", "--images", images, "--out", out, "--model", "analytic", "--sigma",
                "0.3", "--codecs", "rdpc", "--features", garbage);
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("--features") && bad.err().contains("garbage.onnx"), bad::toString);
        CliHarness.Run missing = runAsGiven("curve", "--images", images, "--out", out, "--model", "analytic",
                "--sigma", "0.3", "--codecs", "rdpc", "--features", dir.resolve("none.onnx"));
        assertEquals(2, missing.code(), missing::toString);
        CliHarness.Run patch = runAsGiven("curve", "--images", images, "--out", out, "--model", "analytic",
                "--sigma", "0.3", "--codecs", "rdpc", "--features-patch", "8");
        assertEquals(1, patch.code(), patch::toString);
    }
}
