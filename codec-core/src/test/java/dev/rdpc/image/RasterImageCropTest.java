package dev.rdpc.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RasterImageCropTest {
    @Test
    void cropCopiesTheRectangle() {
        int[] values = new int[5 * 4 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        RasterImage image = RasterImage.ofInts(5, 4, 3, values);
        RasterImage crop = image.crop(1, 2, 3, 2);
        assertEquals(3, crop.width());
        assertEquals(2, crop.height());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(image.sample(x + 1, y + 2, c), crop.sample(x, y, c));
                }
            }
        }
    }

    @Test
    void cropOutsideTheImageIsRefused() {
        RasterImage image = RasterImage.grey(4, 4, new byte[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> image.crop(2, 2, 3, 1));
        assertEquals("crop 3x1+2+2 does not fit in a 4x4 image", e.getMessage());
    }
}
