package dev.rdpc.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoefficientLayoutTest {
    @Test
    void zigzagMatchesJpeg() {
        CoefficientLayout l = new CoefficientLayout(1, 8, 8, 8);
        int[][] first = {{0, 0}, {0, 1}, {1, 0}, {2, 0}, {1, 1}, {0, 2}, {0, 3}, {1, 2}, {2, 1}, {3, 0}, {4, 0}};
        for (int f = 0; f < first.length; f++) {
            assertEquals(first[f][0], l.zigzagU(f), "u of " + f);
            assertEquals(first[f][1], l.zigzagV(f), "v of " + f);
        }
        assertEquals(63, l.zigzagIndex(7, 7));
        assertEquals(61, l.zigzagIndex(6, 7));
        assertEquals(62, l.zigzagIndex(7, 6));
        boolean[] seen = new boolean[64];
        for (int f = 0; f < 64; f++) {
            assertEquals(f, l.zigzagIndex(l.zigzagU(f), l.zigzagV(f)));
            seen[l.zigzagU(f) * 8 + l.zigzagV(f)] = true;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void reorderIsAPermutationAndInverts() {
        for (int n : new int[] {2, 4, 8}) {
            int c = 3;
            int h = 3 * n;
            int w = 5 * n;
            CoefficientLayout l = new CoefficientLayout(c, h, w, n);
            int size = l.size();
            assertEquals(c * h * w, size);
            float[] planar = new float[size];
            for (int i = 0; i < size; i++) {
                planar[i] = i; // exact in float for these sizes
            }
            float[] coeffs = new float[size];
            l.toCoefficientOrder(planar, coeffs);
            boolean[] seen = new boolean[size];
            for (int k = 0; k < size; k++) {
                int p = (int) coeffs[k];
                assertTrue(!seen[p], "duplicate " + p);
                seen[p] = true;
                assertEquals(p, l.planarIndex(k));
                // decomposition agrees with the planar position
                int ch = p / (h * w);
                int y = (p % (h * w)) / w;
                int x = p % w;
                assertEquals(ch, l.channel(k));
                assertEquals(y / n, l.blockRow(k));
                assertEquals(x / n, l.blockCol(k));
                assertEquals(y % n, l.frequencyU(k));
                assertEquals(x % n, l.frequencyV(k));
                assertEquals(l.zigzagIndex(y % n, x % n), l.frequencyIndex(k));
                assertEquals(k, l.coefficientIndex(ch, y / n, x / n, y % n, x % n));
            }
            float[] back = new float[size];
            l.fromCoefficientOrder(coeffs, back);
            assertArrayEquals(planar, back);
        }
    }

    @Test
    void inPlaceReorderMatchesTheTwoArrayOne() {
        int[][] shapes = {{1, 8, 8, 8}, {3, 24, 40, 8}, {1, 56, 16, 8}, {3, 12, 20, 4}, {2, 6, 10, 2}, {3, 64, 8, 8}};
        for (int[] s : shapes) {
            CoefficientLayout l = new CoefficientLayout(s[0], s[1], s[2], s[3]);
            float[] planar = new float[l.size()];
            for (int i = 0; i < planar.length; i++) {
                planar[i] = i;
            }
            float[] expected = new float[l.size()];
            l.toCoefficientOrder(planar, expected);
            float[] inPlace = planar.clone();
            l.toCoefficientOrderInPlace(inPlace);
            assertArrayEquals(expected, inPlace, java.util.Arrays.toString(s));
            l.fromCoefficientOrderInPlace(inPlace);
            assertArrayEquals(planar, inPlace, java.util.Arrays.toString(s));
        }
    }

    @Test
    void groupsAreContiguous() {
        CoefficientLayout l = new CoefficientLayout(3, 16, 24, 8);
        assertEquals(6, l.blocksPerChannel());
        int k = 0;
        for (int c = 0; c < 3; c++) {
            for (int f = 0; f < 64; f++) {
                assertEquals(k, l.groupStart(c, f));
                for (int b = 0; b < l.blocksPerChannel(); b++, k++) {
                    assertEquals(c, l.channel(k));
                    assertEquals(f, l.frequencyIndex(k));
                    assertEquals(b / 3, l.blockRow(k));
                    assertEquals(b % 3, l.blockCol(k));
                }
            }
        }
        assertEquals(l.size(), k);
    }
}
