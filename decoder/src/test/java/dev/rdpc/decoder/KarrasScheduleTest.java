package dev.rdpc.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KarrasScheduleTest {

    @Test
    void endpointsAreExactAndGridStrictlyDescends() {
        double[][] cases = {{80, 0.002, 18, 7}, {0.6, 0.002, 25, 7}, {1.0, 0.5, 1000, 7}, {0.3, 0.01, 2, 3},
            {5.0, 1e-4, 10001, 7}, {0.7, 0.002, 7, 1}};
        for (double[] c : cases) {
            KarrasSchedule s = KarrasSchedule.of(c[0], c[1], (int) c[2], c[3]);
            assertEquals((int) c[2], s.size());
            assertEquals(Double.doubleToLongBits(c[0]), Double.doubleToLongBits(s.sigma(0)));
            assertEquals(Double.doubleToLongBits(c[1]), Double.doubleToLongBits(s.sigma(s.size() - 1)));
            for (int i = 1; i < s.size(); i++) {
                assertTrue(s.sigma(i) < s.sigma(i - 1), "not strictly descending at " + i + " for case "
                        + java.util.Arrays.toString(c));
            }
        }
    }

    @Test
    void interiorPointsFollowTheFormula() {
        double smax = 80, smin = 0.002, rho = 7;
        int n = 18;
        KarrasSchedule s = KarrasSchedule.of(smax, smin, n, rho);
        double a = Math.pow(smax, 1 / rho);
        double b = Math.pow(smin, 1 / rho);
        for (int i = 0; i < n; i++) {
            double expected = Math.pow(a + i / (double) (n - 1) * (b - a), rho);
            assertEquals(expected, s.sigma(i), 1e-12 * expected, "point " + i);
        }
        // n = 3: the middle point is the rho-power of the mean of the rho-roots
        KarrasSchedule three = KarrasSchedule.of(1.0, 0.01, 3, 2.0);
        assertEquals(Math.pow((1.0 + 0.1) / 2, 2), three.sigma(1), 1e-15);
        // rho = 1 is a linear grid
        KarrasSchedule lin = KarrasSchedule.of(1.0, 0.5, 6, 1.0);
        assertArrayEquals(new double[] {1.0, 0.9, 0.8, 0.7, 0.6, 0.5}, lin.toArray(), 1e-15);
    }

    @Test
    void defaultsAreRho7AndSigmaMin0002() {
        KarrasSchedule s = KarrasSchedule.of(1.0, 10);
        assertEquals(7.0, s.rho());
        assertEquals(0.002, s.sigmaMin());
        assertEquals(0.002, s.sigma(9));
        assertArrayEquals(KarrasSchedule.of(1.0, 0.002, 10, 7.0).toArray(), s.toArray());
    }

    @Test
    void singlePointCases() {
        KarrasSchedule one = KarrasSchedule.of(0.5, 0.002, 1, 7);
        assertArrayEquals(new double[] {0.5}, one.toArray());
        KarrasSchedule collapsed = KarrasSchedule.of(0.001, 0.002, 10, 7);
        assertArrayEquals(new double[] {0.001}, collapsed.toArray());
        KarrasSchedule equal = KarrasSchedule.of(0.002, 0.002, 10, 7);
        assertArrayEquals(new double[] {0.002}, equal.toArray());
    }

    @Test
    void isBitIdenticalAcrossCallsAndReturnsCopies() {
        double[] a = KarrasSchedule.of(3.7, 0.002, 33, 7).toArray();
        double[] b = KarrasSchedule.of(3.7, 0.002, 33, 7).toArray();
        assertArrayEquals(a, b, 0.0);
        a[3] = -1;
        assertTrue(KarrasSchedule.of(3.7, 0.002, 33, 7).sigma(3) > 0);
    }

    @Test
    void rejectsBadInputs() {
        assertMessage(() -> KarrasSchedule.of(Double.NaN, 0.002, 10, 7), "sigmaMax");
        assertMessage(() -> KarrasSchedule.of(0, 0.002, 10, 7), "sigmaMax");
        assertMessage(() -> KarrasSchedule.of(-1, 0.002, 10, 7), "sigmaMax");
        assertMessage(() -> KarrasSchedule.of(Double.POSITIVE_INFINITY, 0.002, 10, 7), "sigmaMax");
        assertMessage(() -> KarrasSchedule.of(1, 0, 10, 7), "sigmaMin");
        assertMessage(() -> KarrasSchedule.of(1, Double.NaN, 10, 7), "sigmaMin");
        assertMessage(() -> KarrasSchedule.of(1, 0.002, 0, 7), ">= 1");
        assertMessage(() -> KarrasSchedule.of(1, 0.002, -5, 7), ">= 1");
        assertMessage(() -> KarrasSchedule.of(1, 0.002, 10, 0), "rho");
        assertMessage(() -> KarrasSchedule.of(1, 0.002, 10, Double.NaN), "rho");
        assertMessage(() -> KarrasSchedule.of(1, 0.002, 10, -7), "rho");
        assertMessage(() -> KarrasSchedule.of(80, 0.002, 10, 1e-4), "too small");
        assertMessage(() -> KarrasSchedule.of(80, 0.002, 10, 1e20), "too large");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String fragment) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), "message '" + ex.getMessage() + "' lacks '" + fragment + "'");
    }
}
