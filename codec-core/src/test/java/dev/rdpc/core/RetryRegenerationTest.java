package dev.rdpc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.EncodeOptions;
import dev.rdpc.EncodeResult;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.image.RasterImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A final-layer retry of a bpp target starts again from y_{K-1}: small images keep a copy, large
 * ones regenerate it from the coded layers. The two must give the same file, byte for byte.
 */
class RetryRegenerationTest {
    @Test
    void regeneratedRetryGivesTheSameFileAsACopiedOne() throws Exception {
        RasterImage image = texture(160, 120, 5);
        int retried = 0;
        int saved = LayeredEncoder.MAX_COPIED_VALUES;
        try (RdpcEncoder encoder = RdpcEncoder.analytic()) {
            for (double bpp : new double[] {0.2, 0.45, 0.9, 1.6}) {
                LayeredEncoder.MAX_COPIED_VALUES = saved;
                EncodeResult copied = encoder.encode(image, EncodeOptions.bpp(bpp));
                LayeredEncoder.MAX_COPIED_VALUES = 0;
                EncodeResult regenerated = encoder.encode(image, EncodeOptions.bpp(bpp));
                assertArrayEquals(copied.file(), regenerated.file(), "target " + bpp + " bpp");
                if (copied.attempts() > 1) {
                    retried++;
                }
            }
        } finally {
            LayeredEncoder.MAX_COPIED_VALUES = saved;
        }
        assertTrue(retried > 0, "no target needed a retry, so the regeneration path was not exercised");
    }

    /** Smooth gradients plus noise: an image whose rate control does not land on its first try everywhere. */
    private static RasterImage texture(int width, int height, long seed) {
        Random random = new Random(seed);
        byte[] samples = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 60 * Math.sin(0.05 * x * (c + 1) + 0.07 * y) + 25 * random.nextGaussian();
                    samples[(y * width + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return RasterImage.of(width, height, 3, samples);
    }
}
