package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.runAsGiven;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rdpc curve --source gaussian | gmm} end to end through the command line: the measured points of rdpc's
 * channel and decoder on a synthetic source against the closed forms the JSON carries beside them.
 */
class SyntheticCurveTest {
    private static final double V = 0.25;

    private static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static double num(JsonObject o, String field) {
        return o.get(field).getAsDouble();
    }

    /**
     * Acceptance: on the Gaussian source every measured point sits on its closed form within 3%: distortion within
     * 3% of the theory at the decoder's sigma, the KL rate within 3% of R = 1/2 log2(1 + v/sigma^2), the coded rate
     * at or above R, and W2 within max(3% of sqrt(v), 3 x the sampling floor).
     */
    @Test
    void gaussianPointsSitOnTheTheoreticalCurve(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        CliHarness.Run r = runAsGiven("curve", "--source", "gaussian:0.25", "--out", out, "--sigma", "0.5,0.25,0.1",
                "--modes", "ode,sde", "--knobs", "ode=0,0.5,1", "--knobs", "sde=0,1", "--dimensions", 32768);
        assertEquals(0, r.code(), r::toString);
        List<String> names = List.of("ode-0", "ode-0.5", "ode-1", "sde-0", "sde-1");
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%-10s %6s %8s %8s %7s %7s %10s %10s %7s %8s %8s%n", "curve", "sigma", "R", "KL/R", "coded/R",
                "layers", "mse", "theory", "diff%", "w2", "theory"));
        double floor = Double.NaN;
        for (String name : names) {
            JsonObject curve = read(out.resolve("synthetic-gaussian-" + name + ".json"));
            assertEquals("rdpc-synthetic/2", curve.get("schema").getAsString());
            assertEquals(V, num(curve.getAsJsonObject("source"), "variance"));
            assertEquals(32768, curve.getAsJsonObject("source").get("dimensions").getAsInt());
            floor = num(curve, "w2Floor");
            assertTrue(floor > 0 && floor < 0.03, "W2 sampling floor " + floor);
            double w2Tolerance = Math.max(0.03 * Math.sqrt(V), 3 * floor);
            assertEquals(3, curve.getAsJsonArray("points").size());
            for (JsonElement e : curve.getAsJsonArray("points")) {
                JsonObject p = e.getAsJsonObject();
                JsonObject theory = p.getAsJsonObject("theory");
                double sigma = num(p, "sigma");
                double rate = num(theory, "rateBits");
                assertEquals(0.5 * Math.log(1 + V / (sigma * sigma)) / Math.log(2), rate, 1e-12);
                assertEquals(rate, num(p, "idealRateBits"), 1e-12);
                double kl = num(p, "klBitsPerDimension");
                double coded = num(p, "bitsPerDimension");
                double mse = num(p, "mse");
                double theoryMse = num(theory, "mse");
                double w2 = num(p, "w2");
                double theoryW2 = num(theory, "w2");
                table.append(String.format(Locale.ROOT, "%-10s %6.2f %8.4f %8.4f %7.4f %7.0f %10.6f %10.6f %+7.2f %8.5f"
                        + " %8.5f%n", name, sigma, rate, kl / rate, coded / rate, num(p, "layers"), mse,
                        theoryMse, 100 * (mse / theoryMse - 1), w2, theoryW2));
                assertEquals(rate, kl, 0.03 * rate, name + " KL rate at sigma " + sigma);
                assertTrue(coded >= rate, name + ": the coded rate " + coded + " must sit above the ideal rate " + rate);
                assertEquals(theoryMse, mse, 0.03 * theoryMse, name + " MSE at sigma " + sigma);
                assertEquals(theoryW2, w2, w2Tolerance, name + " W2 at sigma " + sigma);
                assertEquals(w2, num(p, "realism"));
                assertTrue(num(theory, "optimalMse") <= theoryMse * (1 + 1e-9) || name.equals("sde-1"),
                        "no decode mode beats the optimal distortion at its realism");
            }
        }
        System.out.print("Gaussian source v=0.25, N=32768, 24 steps, W2 floor " + String.format(Locale.ROOT, "%.5f",
                floor) + " (theory at the final sigma of the ladder):\n" + table);
        List<String> csv = Files.readAllLines(out.resolve("synthetic.csv"));
        assertEquals(1 + 5 * 3, csv.size());
        assertTrue(csv.get(0).startsWith("curve,source,dimensions,mode,perception,rate_knob,rate_value,sigma,"));
        assertTrue(Files.size(out.resolve("plots/synthetic-rate-mse.png")) > 1000);
        assertTrue(CliHarness.temporaries(out).isEmpty());
    }

    /** gmm: the ideal rate lies below the Gaussian bound and below the KL rate; posterior sampling is realistic. */
    @Test
    void mixtureRatesAndPosteriorSampling(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        CliHarness.Run r = runAsGiven("curve", "--source", "gmm", "--out", out, "--bpp", "0.5,1.5", "--modes",
                "sde,interp", "--knobs", "sde=1", "--knobs", "interp=0", "--dimensions", 16384, "-v");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("synthetic-gmm-sde-1 bpp=0.5"), r::toString);
        JsonObject sde = read(out.resolve("synthetic-gmm-sde-1.json"));
        JsonObject tweedie = read(out.resolve("synthetic-gmm-interp-0.json"));
        JsonObject source = sde.getAsJsonObject("source");
        assertEquals(0.3, num(source, "variance"), 1e-12);
        assertEquals(2, source.getAsJsonArray("components").size());
        double floor = num(sde, "w2Floor");
        for (int i = 0; i < 2; i++) {
            JsonObject p = sde.getAsJsonArray("points").get(i).getAsJsonObject();
            JsonObject q = tweedie.getAsJsonArray("points").get(i).getAsJsonObject();
            JsonObject theory = p.getAsJsonObject("theory");
            double sigma = num(p, "sigma");
            double ideal = num(p, "idealRateBits");
            double bound = 0.5 * Math.log(1 + 0.3 / (sigma * sigma)) / Math.log(2);
            assertEquals(num(p.getAsJsonObject("setting"), "value"), ideal, 1e-9, "--bpp inverts the ideal rate");
            assertTrue(ideal > 0 && ideal < bound, ideal + " vs Gaussian bound " + bound);
            assertTrue(num(p, "klBitsPerDimension") >= ideal, "KL rate above the ideal rate");
            assertTrue(num(p, "bitsPerDimension") >= ideal);
            double mmse = num(theory, "mmse");
            assertTrue(theory.get("mse").isJsonNull() && theory.get("w2").isJsonNull()
                    && theory.get("optimalMse").isJsonNull(), "no closed forms for the mixture");
            assertTrue(num(p, "w2") <= 3 * floor + 0.01, "posterior samples are realistic: W2 " + num(p, "w2"));
            assertEquals(2 * mmse, num(p, "mse"), 0.05 * 2 * mmse, "posterior sampling costs 2 x MMSE");
            assertEquals(mmse, num(q, "mse"), 0.03 * mmse, "the exact denoiser reaches the numeric MMSE");
            System.out.printf(Locale.ROOT, "gmm R=%.2f sigma=%.4f ideal=%.4f KL=%.4f coded=%.4f mmse=%.5f "
                    + "tweedie=%.5f sde1=%.5f (2 MMSE %.5f) w2=%.5f floor=%.5f%n", num(p.getAsJsonObject("setting"),
                    "value"), sigma, ideal, num(p, "klBitsPerDimension"), num(p, "bitsPerDimension"), mmse,
                    num(q, "mse"), num(p, "mse"), 2 * mmse, num(p, "w2"), floor);
        }
    }

    @Test
    void usageErrors(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        CliHarness.png(images, "a.png", 16, 16, 1);
        Path out = dir.resolve("out");
        Object[][] cases = {
            {"--images", "is refused", "--source", "gaussian", "--images", images},
            {"--images is required", "", "--source", "images"},
            {"--images is required", "", "--sigma", "0.1"},
            {"unknown source 'bogus'", "", "--source", "bogus"},
            {"must lie in (0, 100]", "", "--source", "gaussian:-1"},
            {"not a number", "", "--source", "gaussian:abc"},
            {"rdpc only", "", "--source", "gaussian", "--codecs", "jpeg"},
            {"rdpc only", "", "--source", "gmm", "--codecs", "rdpc,webp"},
            {"--quality", "", "--source", "gaussian", "--quality", "jpeg=50"},
            {"--model", "", "--source", "gaussian", "--model", "analytic"},
            {"--dimensions", "", "--source", "gaussian", "--dimensions", 1000},
            {"multiple of 4", "", "--source", "gaussian", "--dimensions", 2050},
            {"--dimensions applies only", "", "--images", images, "--dimensions", 4096},
            {"bits per dimension", "", "--source", "gaussian", "--bpp", "9"},
        };
        for (Object[] c : cases) {
            Object[] args = new Object[c.length - 2 + 3];
            args[0] = "curve";
            args[1] = "--out";
            args[2] = out;
            System.arraycopy(c, 2, args, 3, c.length - 2);
            CliHarness.Run r = runAsGiven(args);
            assertEquals(ExitCodes.USAGE, r.code(), () -> java.util.Arrays.toString(args) + ": " + r);
            String expected = c[0].equals("--images") ? "--images applies only to --source images" : (String) c[0];
            assertTrue(r.err().contains(expected), () -> java.util.Arrays.toString(args) + ": " + r);
            assertFalse(Files.exists(out), "nothing is written on a usage error");
        }
    }
}
