package dev.rdpc.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PaddingTest {
    @Test
    void roundUp() {
        assertEquals(0, Padding.roundUp(0, 8));
        assertEquals(8, Padding.roundUp(1, 8));
        assertEquals(8, Padding.roundUp(8, 8));
        assertEquals(40, Padding.roundUp(37, 8));
        assertEquals(24, Padding.roundUp(23, 8));
        assertEquals(7, Padding.roundUp(7, 1));
        assertThrows(IllegalArgumentException.class, () -> Padding.roundUp(3, 0));
        assertThrows(ArithmeticException.class, () -> Padding.roundUp(Integer.MAX_VALUE, 8));
    }

    @Test
    void padReplicatesEdgesAndCropRestores() {
        Random rnd = new Random(3);
        int c = 3;
        int w = 5;
        int h = 3;
        float[] x = new float[c * w * h];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        int pw = 8;
        int ph = 4;
        float[] p = Padding.pad(x, c, w, h, pw, ph);
        assertEquals(c * pw * ph, p.length);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < ph; y++) {
                for (int xx = 0; xx < pw; xx++) {
                    float expect = x[(ch * h + Math.min(y, h - 1)) * w + Math.min(xx, w - 1)];
                    assertEquals(expect, p[(ch * ph + y) * pw + xx]);
                }
            }
        }
        assertArrayEquals(x, Padding.crop(p, c, pw, ph, w, h));
        float[] q = p.clone();
        Padding.crop(q, q, c, pw, ph, w, h); // in place
        assertArrayEquals(x, java.util.Arrays.copyOf(q, x.length));
        assertArrayEquals(x, Padding.pad(x, c, w, h, w, h));
    }
}
