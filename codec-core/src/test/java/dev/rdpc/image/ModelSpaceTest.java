package dev.rdpc.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelSpaceTest {
    @Test
    void mappingEndpointsAndRoundTrip() {
        assertEquals(-1f, ModelSpace.toModel(0));
        assertEquals(1f, ModelSpace.toModel(255));
        for (int v = 0; v < 256; v++) {
            float u = ModelSpace.toModel(v);
            assertEquals(2.0 * v / 255 - 1, u, 1e-7);
            assertEquals(v, ModelSpace.toSample(u));
            // robust to perturbations below half a step (1/255 in u)
            assertEquals(v, ModelSpace.toSample(u + 0.99 / 255));
            assertEquals(v, ModelSpace.toSample(u - 0.99 / 255));
        }
        assertEquals(0, ModelSpace.toSample(-5));
        assertEquals(255, ModelSpace.toSample(3));
        assertEquals(128, ModelSpace.toSample(Double.NaN));
        assertEquals(255, ModelSpace.toSample(Double.POSITIVE_INFINITY));
        assertEquals(0, ModelSpace.toSample(Double.NEGATIVE_INFINITY));
    }

    @Test
    void planarLayoutAndBack() {
        Random rnd = new Random(1);
        int w = 5;
        int h = 3;
        byte[] s = new byte[w * h * 3];
        rnd.nextBytes(s);
        RasterImage img = RasterImage.rgb(w, h, s);
        float[] p = ModelSpace.toPlanar(img);
        assertEquals(w * h * 3, p.length);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertEquals(ModelSpace.toModel(img.sample(x, y, c)), p[(c * h + y) * w + x]);
                }
            }
        }
        assertEquals(img, ModelSpace.toRaster(p, w, h, 3));
        RasterImage g = RasterImage.grey(w, h, java.util.Arrays.copyOf(s, w * h));
        assertEquals(g, ModelSpace.toRaster(ModelSpace.toPlanar(g), w, h, 1));
    }
}
