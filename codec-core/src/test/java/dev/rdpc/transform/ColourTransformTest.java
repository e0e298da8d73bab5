package dev.rdpc.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ColourTransformTest {
    @Test
    void matrixIsOrthonormal() {
        double[][] m = ColourTransform.matrix();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                double t = 0;
                for (int k = 0; k < 3; k++) {
                    s += m[i][k] * m[j][k]; // M M^T
                    t += m[k][i] * m[k][j]; // M^T M
                }
                assertEquals(i == j ? 1.0 : 0.0, s, 1e-6);
                assertEquals(i == j ? 1.0 : 0.0, t, 1e-6);
            }
        }
        assertEquals(1 / Math.sqrt(3), m[0][1], 1e-15);
        assertEquals(-1 / Math.sqrt(2), m[1][2], 1e-15);
        assertEquals(-2 / Math.sqrt(6), m[2][1], 1e-15);
    }

    @Test
    void knownValuesAndInverse() {
        int plane = 2;
        float[] x = {0.5f, -1f, /* G */ 0.25f, 1f, /* B */ -0.75f, 0f};
        float[] y = new float[6];
        ColourTransform.forward(x, y, 3, plane);
        assertEquals((0.5 + 0.25 - 0.75) / Math.sqrt(3), y[0], 1e-7);
        assertEquals((0.5 + 0.75) / Math.sqrt(2), y[2], 1e-7);
        assertEquals((0.5 - 0.5 - 0.75) / Math.sqrt(6), y[4], 1e-7);
        float[] z = new float[6];
        ColourTransform.inverse(y, z, 3, plane);
        assertArrayEquals(x, z, 1e-6f);
    }

    @Test
    void inverseExactInPlaceAndGreyIdentity() {
        Random rnd = new Random(2);
        int plane = 1000;
        float[] x = new float[3 * plane];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        float[] y = x.clone();
        ColourTransform.forward(y, 3, plane);
        double ex = 0;
        double ey = 0;
        for (int i = 0; i < x.length; i++) {
            ex += (double) x[i] * x[i];
            ey += (double) y[i] * y[i];
        }
        assertEquals(ex, ey, 1e-6 * ex, "energy preserved");
        ColourTransform.inverse(y, 3, plane);
        assertArrayEquals(x, y, 1e-6f);

        float[] g = {0.1f, 0.2f, -0.3f};
        float[] h = new float[3];
        ColourTransform.forward(g, h, 1, 3);
        assertArrayEquals(g, h);
        ColourTransform.inverse(h, 1, 3);
        assertArrayEquals(g, h);
    }
}
