package dev.rdpc.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RasterImageTest {
    @Test
    void accessorsAndCopies() {
        byte[] s = {1, 2, 3, 4, 5, 6, (byte) 250, 8, 9, 10, 11, 12};
        RasterImage img = RasterImage.rgb(2, 2, s);
        assertEquals(2, img.width());
        assertEquals(2, img.height());
        assertEquals(3, img.channels());
        assertEquals(250, img.sample(0, 1, 0));
        assertEquals(12, img.sample(1, 1, 2));
        s[0] = 99;
        assertEquals(1, img.sample(0, 0, 0), "factory copies");
        img.samples()[0] = 99;
        assertEquals(1, img.sample(0, 0, 0), "samples() copies");
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 250, 8, 9, 10, 11, 12}, img.samplesAsInts());
        assertThrows(IndexOutOfBoundsException.class, () -> img.sample(2, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> img.sample(0, 0, 3));
    }

    @Test
    void greyAndValidation() {
        RasterImage g = RasterImage.grey(3, 1, new byte[] {0, (byte) 128, (byte) 255});
        assertTrue(g.isGrey());
        assertEquals(255, g.sample(2, 0, 0));
        RasterImage rgb = g.toRgb();
        assertEquals(128, rgb.sample(1, 0, 2));
        assertEquals(RasterImage.ofInts(3, 1, 1, new int[] {0, 128, 255}), g);
        assertNotEquals(g, rgb);
        assertThrows(IllegalArgumentException.class, () -> RasterImage.grey(3, 1, new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> RasterImage.of(1, 1, 2, new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> RasterImage.grey(0, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> RasterImage.ofInts(1, 1, 1, new int[] {256}));
        assertThrows(IllegalArgumentException.class, () -> RasterImage.grey(1 << 15, 1 << 14, new byte[0]));
    }
}
