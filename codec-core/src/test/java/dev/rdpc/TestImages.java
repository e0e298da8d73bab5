package dev.rdpc;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;

/** Test images: synthetic ones made here, and Kodak crops from ../shared when it is present. */
final class TestImages {
    private TestImages() {}

    static Path sharedDir() {
        String configured = System.getProperty("rdpc.shared.dir");
        return configured != null ? Path.of(configured) : Path.of("..", "shared");
    }

    /** A Kodak image, or the test is skipped with a message naming the missing path. */
    static RasterImage kodak(String name) throws IOException {
        Path path = sharedDir().resolve("data/eval/kodak").resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(path),
                "skipped: needs the Kodak set at " + path.toAbsolutePath() + " (../shared/data/eval/kodak)");
        return ImageFiles.read(path);
    }

    /** Smooth gradients, a few edges and mild noise: compressible like a photograph. */
    static RasterImage synthetic(int width, int height, int channels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] samples = new byte[width * height * channels];
        int k = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    double v = 128 + 60 * Math.sin(0.07 * x + 0.5 * c) * Math.cos(0.05 * y)
                            + (x > width / 2 ? 30 : -30) + 8 * random.nextGaussian();
                    samples[k++] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                }
            }
        }
        return RasterImage.of(width, height, channels, samples);
    }
}
