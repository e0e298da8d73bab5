package dev.rdpc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.transform.CoefficientLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The unit-gain channel scaling used for learned priors. */
class ChannelGainTest {
    private static final CoefficientLayout LAYOUT = new CoefficientLayout(3, 128, 128, 8);

    /** Targets with a per-frequency variance falling with the frequency index, and prior variances to match. */
    private static float[][] source(long seed) {
        int n = 3 * 128 * 128;
        float[] targets = new float[n];
        float[] means = new float[n];
        float[] variances = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int c = 0; c < LAYOUT.channels(); c++) {
            for (int f = 0; f < LAYOUT.frequencies(); f++) {
                int start = LAYOUT.groupStart(c, f);
                float v = (float) (2.0 / (1 + f));
                for (int i = start; i < start + LAYOUT.blocksPerChannel(); i++) {
                    variances[i] = v;
                    targets[i] = (float) (Math.sqrt(v) * gaussian(r));
                }
            }
        }
        return new float[][] {targets, means, variances};
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void anIdealChannelGetsUnitDivisorsAndItsOwnSigma() {
        float[][] s = source(1);
        double sigma = 0.3;
        SplittableRandom r = new SplittableRandom(2);
        float[] y = new float[s[0].length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (s[0][i] + sigma * gaussian(r));
        }
        ChannelGain.Scaling scaling = ChannelGain.estimateUnitGain(s[0], y, s[1], s[2], LAYOUT, sigma);
        for (int d : scaling.divisors()) {
            assertEquals(ChannelGain.ONE, d);
        }
        assertEquals(sigma, scaling.decoderSigma(), 0.03 * sigma, "the posterior mean is best at the true level");
        assertEquals(sigma, scaling.rawSigma(), 0.01 * sigma);
    }

    @Test
    void aShrunkChannelGetsTheLevelThatMinimisesThePosteriorMeanError() {
        float[][] s = source(3);
        double sigma = 0.3;
        SplittableRandom r = new SplittableRandom(4);
        float[] y = new float[s[0].length];
        for (int i = 0; i < y.length; i++) {
            // a capped search: y pulled towards the proposal mean, residual a little below sigma
            y[i] = (float) (0.8 * s[0][i] + 0.9 * sigma * gaussian(r));
        }
        ChannelGain.Scaling scaling = ChannelGain.estimateUnitGain(s[0], y, s[1], s[2], LAYOUT, sigma);
        double best = scaling.decoderSigma();
        double atBest = posteriorMeanError(s, y, best);
        for (double factor : new double[] {0.8, 0.95, 1.05, 1.25}) {
            assertTrue(atBest <= posteriorMeanError(s, y, best * factor),
                    "sigma_dec " + best + " beats " + best * factor);
        }
    }

    private static double posteriorMeanError(float[][] s, float[] y, double sigmaDec) {
        double e = 0;
        for (int i = 0; i < y.length; i++) {
            double rr = s[2][i] / (s[2][i] + sigmaDec * sigmaDec);
            double d = rr * (y[i] - s[1][i]) - (s[0][i] - s[1][i]);
            e += d * d;
        }
        return e;
    }
}
