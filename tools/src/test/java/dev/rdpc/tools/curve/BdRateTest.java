package dev.rdpc.tools.curve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BdRateTest {
    private static final double[] PSNR = {28, 31, 34, 37};
    private static final double[] RATE = {0.2, 0.4, 0.8, 1.6};

    private static double[] scaled(double[] rate, double factor) {
        double[] out = new double[rate.length];
        for (int i = 0; i < rate.length; i++) {
            out[i] = rate[i] * factor;
        }
        return out;
    }

    @Test
    void sameCurveIsZeroAndAConstantRateFactorIsRecovered() {
        assertEquals(0.0, BdRate.of(RATE, PSNR, RATE, PSNR), 1e-12);
        assertEquals(-0.25, BdRate.of(RATE, PSNR, scaled(RATE, 0.75), PSNR), 1e-9);
        assertEquals(0.5, BdRate.of(RATE, PSNR, scaled(RATE, 1.5), PSNR), 1e-9);
    }

    @Test
    void aQualityShiftOnALogLinearCurveIsAnExactRateFactor() {
        // the rate doubles every 3 dB, so +1 dB at equal rate means 2^(-1/3) of the rate at equal quality
        double[] better = {29, 32, 35, 38};
        assertEquals(Math.pow(2, -1.0 / 3) - 1, BdRate.of(RATE, PSNR, RATE, better), 1e-9);
        assertTrue(BdRate.of(RATE, PSNR, RATE, better) < 0);
    }

    @Test
    void matchesAHandIntegrationOfAFiveCurveFit() {
        // five points, least squares; the overlap is the anchor's range
        double[] rate = {0.1, 0.25, 0.5, 1.0, 2.0};
        double[] psnr = {26.0, 29.5, 32.1, 35.0, 38.2};
        double[] test = {0.09, 0.21, 0.44, 0.93, 1.9};
        double bd = BdRate.of(rate, psnr, test, psnr);
        assertTrue(bd < -0.05 && bd > -0.2, "between the pointwise ratios: " + bd);
    }

    @Test
    void refusesUnusableCurves() {
        assertThrows(IllegalArgumentException.class, () -> BdRate.of(new double[] {1, 2, 3}, new double[] {1, 2, 3},
                RATE, PSNR));
        assertThrows(IllegalArgumentException.class, () -> BdRate.of(new double[] {0, 1, 2, 3}, PSNR, RATE, PSNR));
        assertThrows(IllegalArgumentException.class, () -> BdRate.of(RATE, PSNR, RATE, new double[] {40, 41, 42, 43}));
        assertThrows(IllegalArgumentException.class, () -> BdRate.of(RATE, new double[] {30, 30, 30, 30}, RATE, PSNR));
    }
}
