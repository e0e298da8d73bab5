package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoiseBenchTest {

    private static final Path TINY_EDM = Path.of(System.getProperty("rdpc.project.dir", ".."))
            .resolve("decoder/src/test/resources/models/tiny-gaussian-edm.onnx");

    /** Matches "| sigma | images | noisy | denoised | gain | ms |". */
    private static final Pattern ROW = Pattern.compile(
            "^\\| (\\S+) \\| (\\d+) \\| (\\S+) \\| (\\S+) \\| (\\S+) \\| (\\S+) \\|$", Pattern.MULTILINE);

    /**
     * An RGB image scattered around the tiny model's prior mean (0.1, -0.2, 0.3 in [-1, 1], i.e. about
     * 140, 102, 166 in [0, 255]) with spreads below its prior standard deviations, so that the
     * model's Gaussian denoiser must beat the noisy input. Odd sizes exercise the padding to 8.
     */
    private static RasterImage image(int width, int height, long seed) {
        Random r = new Random(seed);
        int[] mean = {140, 102, 166};
        int[] spread = {30, 15, 45};
        byte[] s = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = mean[c] + spread[c] * (0.6 * Math.sin((x + 2 * y + c) / 5.0) + 0.4 * r.nextGaussian());
                    s[(y * width + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return RasterImage.rgb(width, height, s);
    }

    private static CliHarness.Run run(Object... args) {
        return CliHarness.run(DenoiseBench.newCommandLine(), args);
    }

    @Test
    void repeatedModelsAreMeasuredOnTheSameNoisyImages(@TempDir Path dir) throws Exception {
        Path vp = TINY_EDM.resolveSibling("tiny-gaussian-eps-vp.onnx");
        ImageFiles.writePng(image(33, 17, 3), dir.resolve("a.png"));
        CliHarness.Run r = run("--model", TINY_EDM, "--model", vp, "--images", dir, "--sigmas", "25", "--tile", "64");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("tiny-gaussian-edm") && r.out().contains("tiny-gaussian-eps-vp"), r.out());
        Matcher m = ROW.matcher(r.out());
        List<String> noisy = new ArrayList<>();
        List<Double> denoised = new ArrayList<>();
        while (m.find()) {
            noisy.add(m.group(3));
            denoised.add(Double.parseDouble(m.group(4)));
        }
        assertEquals(2, noisy.size(), r.out());
        assertEquals(noisy.get(0), noisy.get(1), "same noise for both models");
        assertEquals(denoised.get(0), denoised.get(1), 0.02, "both graphs are the same analytic denoiser");
    }

    @Test
    void tableHasARowPerSigmaWithFinitePsnrAboveTheNoisyOne(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(TINY_EDM), "tiny model not found at " + TINY_EDM.toAbsolutePath());
        ImageFiles.writePng(image(37, 21, 1), dir.resolve("a.png"));
        ImageFiles.writePng(image(24, 32, 2), dir.resolve("b.png"));
        Files.writeString(dir.resolve("notes.txt"), "not an image");

        CliHarness.Run r = run("--model", TINY_EDM, "--images", dir, "--sigmas", "15,25,50", "--seed", "7");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("| sigma (/255) |"), r.out());
        assertTrue(r.out().contains("2 image(s)"), r.out());

        Matcher m = ROW.matcher(r.out());
        List<String> sigmas = new ArrayList<>();
        while (m.find()) {
            sigmas.add(m.group(1));
            assertEquals("2", m.group(2), m.group());
            double noisy = Double.parseDouble(m.group(3));
            double denoised = Double.parseDouble(m.group(4));
            double ms = Double.parseDouble(m.group(6));
            assertTrue(Double.isFinite(noisy) && Double.isFinite(denoised), m.group());
            assertTrue(denoised > noisy, "denoised PSNR should beat the noisy one: " + m.group());
            assertTrue(ms >= 0 && Double.isFinite(ms), m.group());
        }
        assertEquals(List.of("15", "25", "50"), sigmas, r.out());
    }

    @Test
    void sameSeedSameTableAndLimitTakesTheFirstImages(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(TINY_EDM), "tiny model not found at " + TINY_EDM.toAbsolutePath());
        ImageFiles.writePng(image(16, 16, 3), dir.resolve("a.png"));
        ImageFiles.writePng(image(16, 16, 4), dir.resolve("b.png"));
        CliHarness.Run one = run("--model", TINY_EDM, "--images", dir, "--sigmas", "25", "--limit", "1");
        CliHarness.Run two = run("--model", TINY_EDM, "--images", dir.resolve("a.png"), "--sigmas", "25");
        assertEquals(0, one.code(), one.toString());
        assertEquals(0, two.code(), two.toString());
        assertEquals(psnrColumns(one.out()), psnrColumns(two.out()));
    }

    @Test
    void badOptionsAndMissingModelFail(@TempDir Path dir) throws Exception {
        ImageFiles.writePng(image(8, 8, 5), dir.resolve("a.png"));
        assertEquals(ExitCodes.USAGE, run("--images", dir).code());
        if (Files.exists(TINY_EDM)) {
            assertEquals(ExitCodes.USAGE, run("--model", TINY_EDM, "--images", dir, "--sigmas", "0").code());
        }
        CliHarness.Run missing = run("--model", dir.resolve("none.onnx"), "--images", dir);
        assertEquals(ExitCodes.INPUT, missing.code(), missing.toString());
    }

    private static List<String> psnrColumns(String out) {
        List<String> cols = new ArrayList<>();
        Matcher m = ROW.matcher(out);
        while (m.find()) {
            cols.add(m.group(1) + " " + m.group(3) + " " + m.group(4));
        }
        return cols;
    }
}
