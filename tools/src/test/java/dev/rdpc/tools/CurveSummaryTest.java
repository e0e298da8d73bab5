package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.png;
import static dev.rdpc.tools.CliHarness.runAsGiven;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rdpc.tools.curve.ToolPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json: BD-rate of rdpc against a classic codec, and values read off at equal bpp. */
class CurveSummaryTest {
    @TempDir
    Path dir;

    @Test
    void bdRateAgainstJpegAndValuesAtEqualBpp() throws IOException {
        ToolPath path = ToolPath.fromEnvironment();
        Assumptions.assumeTrue(path.find("cjpeg").isPresent() && path.find("djpeg").isPresent(),
                "not tested: cjpeg/djpeg not on PATH (Debian package libjpeg-turbo-progs; run tools/setup-codecs.sh)");
        Path images = Files.createDirectories(dir.resolve("images"));
        png(images, "a.png", 64, 48, 3);
        Path out = dir.resolve("out");
        CliHarness.Run r = runAsGiven("curve", "--images", images, "--out", out, "--model", "analytic", "--steps", "1",
                "--sigma", "0.8,0.4,0.2,0.1,0.05", "--perception", "0", "--codecs", "rdpc,jpeg", "--quality",
                "jpeg=5,10,20,40,60,80,95", "--compare-bpp", "2,3", "--crop-bpp", "2");
        assertEquals(0, r.code(), r::toString);
        JsonObject s = JsonParser.parseString(Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        JsonArray bd = s.getAsJsonArray("bdRates");
        assertEquals(1, bd.size(), bd::toString);
        JsonObject e = bd.get(0).getAsJsonObject();
        assertEquals("rdpc-ode-0", e.get("test").getAsString());
        assertEquals("jpeg", e.get("anchor").getAsString());
        if (e.get("bdRate").isJsonNull()) {
            assertTrue(!e.get("note").getAsString().isEmpty(), e.toString());
        } else {
            double v = e.get("bdRate").getAsDouble();
            assertTrue(v > -1 && v < 10, e.toString());
            assertTrue(e.get("psnrLow").getAsDouble() < e.get("psnrHigh").getAsDouble(), e.toString());
        }
        // jpeg's own points bracket 2 and 3 bpp on this image: values are interpolated between them
        JsonObject rdpcJson = JsonParser.parseString(Files.readString(out.resolve("jpeg.json"))).getAsJsonObject();
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (JsonElement p : rdpcJson.getAsJsonArray("points")) {
            double b = p.getAsJsonObject().get("bpp").getAsDouble();
            lo = Math.min(lo, b);
            hi = Math.max(hi, b);
        }
        for (JsonElement a : s.getAsJsonArray("atBpp")) {
            JsonObject o = a.getAsJsonObject();
            if (!o.get("curve").getAsString().equals("jpeg")) {
                continue;
            }
            double b = o.get("bpp").getAsDouble();
            if (b >= lo && b <= hi) {
                assertTrue(o.get("psnr").getAsDouble() > 15 && o.get("note").isJsonNull(), o.toString());
            } else {
                assertTrue(o.get("psnr").isJsonNull(), o.toString());
            }
        }
    }
}
