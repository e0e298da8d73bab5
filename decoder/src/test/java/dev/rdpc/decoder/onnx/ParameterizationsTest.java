package dev.rdpc.decoder.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parameterization, noise encoding and value range against an "ideal network": the exact
 * Gaussian denoiser expressed in that parameterization, computed in double from what the plan
 * feeds it. No ONNX involved.
 */
class ParameterizationsTest {

    private static final BetaSchedule DDPM = BetaSchedule.linear(1e-4, 0.02, 1000);
    private static final String SHA = "ab".repeat(32);
    // prior in model space [-1, 1]
    private static final double MU = 0.1;
    private static final double VAR = 0.2;

    static List<Arguments> cards() {
        List<Arguments> list = new ArrayList<>();
        for (ValueRange range : ValueRange.values()) {
            double s = range.scale();
            list.add(Arguments.of(card(Parameterization.EDM, NoiseEncoding.SIGMA, range, 0.002 * s, 80 * s)));
            list.add(Arguments.of(card(Parameterization.EDM, NoiseEncoding.LOG_SIGMA_QUARTER, range, 0.002 * s, 80 * s)));
            list.add(Arguments.of(card(Parameterization.CLEAN_SIGMA_MAP, NoiseEncoding.SIGMA, range, 0.001, 10)));
            list.add(Arguments.of(card(Parameterization.CLEAN_SIGMA_MAP, NoiseEncoding.LOG_SIGMA_QUARTER, range, 0.001, 10)));
            list.add(Arguments.of(card(Parameterization.BLIND_RESIDUAL, NoiseEncoding.NONE, range, 0.001, 10)));
            VpTimesteps ts = new VpTimesteps(DDPM);
            list.add(Arguments.of(card(Parameterization.EPSILON_VP, NoiseEncoding.TIMESTEP, range, ts.minSigma(), ts.maxSigma())));
            list.add(Arguments.of(card(Parameterization.V_PREDICTION_VP, NoiseEncoding.TIMESTEP, range, ts.minSigma(), ts.maxSigma())));
        }
        return list;
    }

    private static ModelCard card(Parameterization p, NoiseEncoding e, ValueRange range, double sigmaMin, double sigmaMax) {
        return new ModelCard(p + "-" + e.id() + "-" + range, p, range, 1, 1, sigmaMin, sigmaMax, "x",
                p.hasNoiseInput() ? "noise" : null, "y", e, p.isVariancePreserving() ? DDPM : null, "test", "CC0-1.0", SHA);
    }

    /** Exact Gaussian D in any units. */
    private static double gauss(double x, double sigma, double mu, double var) {
        return mu + var / (var + sigma * sigma) * (x - mu);
    }

    /** The noise level an ideal network reads from the plan's noise value. */
    private static double sigmaRead(ModelCard card, Parameterizations.Plan plan) {
        switch (card.noiseEncoding()) {
            case SIGMA:
                return plan.noiseValue();
            case LOG_SIGMA_QUARTER:
                return Math.exp(4.0 * plan.noiseValue());
            case TIMESTEP:
                return new VpTimesteps(card.betaSchedule()).sigma(plan.noiseValue());
            case NONE:
                return plan.sigmaModel(); // a blind network sees the actual noise
            default:
                throw new AssertionError();
        }
    }

    /** What an ideal network of the card's parameterization outputs for model-space input u. */
    private static double idealNetwork(ModelCard card, Parameterizations.Plan plan, double u) {
        ValueRange r = card.valueRange();
        double muM = r.scale() * MU + r.offset();
        double varM = r.scale() * r.scale() * VAR;
        double in = plan.networkInput((float) u);
        double sigma = sigmaRead(card, plan);
        double alphaBar = 1.0 / (1.0 + sigma * sigma);
        switch (card.parameterization()) {
            case EDM:
            case CLEAN_SIGMA_MAP:
                return gauss(in, sigma, muM, varM);
            case BLIND_RESIDUAL:
                return in - gauss(in, sigma, muM, varM);
            case EPSILON_VP: {
                double x = in / Math.sqrt(alphaBar);
                return (x - gauss(x, sigma, muM, varM)) / sigma;
            }
            case V_PREDICTION_VP: {
                double x = in / Math.sqrt(alphaBar);
                double d = gauss(x, sigma, muM, varM);
                double eps = (x - d) / sigma;
                return Math.sqrt(alphaBar) * eps - Math.sqrt(1 - alphaBar) * d;
            }
            default:
                throw new AssertionError();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cards")
    void anIdealNetworkGivesTheExactDenoiserInsideTheTrainedRange(ModelCard card) {
        Parameterizations p = new Parameterizations(card);
        SplittableRandom rnd = new SplittableRandom(3);
        for (double sigma : new double[] {0.03, 0.1, 0.5, 1, 3}) {
            Parameterizations.Plan plan = p.plan(sigma);
            assertFalse(plan.clamped(), card.name() + " sigma " + sigma);
            assertEquals(sigma * card.valueRange().scale(), plan.sigmaModel(), 1e-15);
            for (int i = 0; i < 200; i++) {
                float u = (float) (MU + Math.sqrt(VAR) * rnd.nextGaussian() + sigma * rnd.nextGaussian());
                double d = plan.denoised(u, (float) idealNetwork(card, plan, u));
                double expected = gauss(u, sigma, MU, VAR);
                assertEquals(expected, d, 2e-6 * (1 + Math.abs(u)), card.name() + " sigma " + sigma + " u " + u);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cards")
    void outsideTheTrainedRangeTheDocumentedPolicyApplies(ModelCard card) {
        Parameterizations p = new Parameterizations(card);
        double s = card.valueRange().scale();
        double lowest = card.sigmaMin() / s;
        double highest = card.sigmaMax() / s;
        float u = 0.7f;
        boolean blind = card.parameterization() == Parameterization.BLIND_RESIDUAL;

        // above: D(x; sigmaMax), except blind models, which see the actual noise
        Parameterizations.Plan high = p.plan(highest * 3);
        assertTrue(high.clamped());
        double dHigh = high.denoised(u, (float) idealNetwork(card, high, u));
        assertEquals(gauss(u, blind ? highest * 3 : highest, MU, VAR), dHigh, 1e-5, card.name());

        // below: the score at sigmaMin is kept, D = u + (sigma / sigmaMin)^2 (D(u; sigmaMin) - u)
        double sigma = lowest / 4;
        Parameterizations.Plan low = p.plan(sigma);
        assertTrue(low.clamped());
        double dLow = low.denoised(u, (float) idealNetwork(card, low, u));
        double expected = blind ? gauss(u, sigma, MU, VAR)
                : u + (sigma / lowest) * (sigma / lowest) * (gauss(u, lowest, MU, VAR) - u);
        assertEquals(expected, dLow, 1e-6, card.name());
        // which is close to the exact value for a smooth prior
        assertEquals(gauss(u, sigma, MU, VAR), dLow, 1e-5, card.name());

        // sigma = 0 is the identity
        Parameterizations.Plan zero = p.plan(0);
        assertEquals(u, zero.denoised(u, (float) idealNetwork(card, zero, u)), blind ? 1e-6 : 0.0);
    }

    @Test
    void valueRangeZeroOneMapsAsDocumented() {
        ModelCard card = card(Parameterization.EDM, NoiseEncoding.SIGMA, ValueRange.ZERO_TO_ONE, 0.001, 40);
        Parameterizations.Plan plan = new Parameterizations(card).plan(0.5);
        assertEquals(0.25, plan.sigmaModel(), 0.0);
        assertEquals(0.25f, plan.noiseValue());
        assertEquals(0.5f, plan.networkInput(0f));
        assertEquals(1f, plan.networkInput(1f));
        assertEquals(0f, plan.networkInput(-1f));
        // D = 2 D01 - 1
        assertEquals(2 * 0.8 - 1, plan.denoised(0.123f, 0.8f), 1e-7);
    }

    @Test
    void vpTimestepsInvertTheSchedule() {
        VpTimesteps ts = new VpTimesteps(DDPM);
        double[] table = DDPM.logAlphaBarTable();
        double prod = 1;
        for (int t = 0; t < 1000; t++) {
            prod *= 1 - DDPM.beta(t);
            assertEquals(Math.log(prod), table[t], 1e-12);
            assertEquals(t, ts.timestep(ts.sigma(t)), 1e-6);
        }
        assertEquals(0.02, DDPM.beta(999), 1e-17);
        assertEquals(Math.sqrt(1e-4 / (1 - 1e-4)), ts.minSigma(), 1e-15);
        SplittableRandom rnd = new SplittableRandom(5);
        double previous = -1;
        for (int i = 0; i < 1000; i++) {
            double t = rnd.nextDouble(0, 999);
            assertEquals(t, ts.timestep(ts.sigma(t)), 1e-7);
            double lab = ts.logAlphaBar(t);
            int i0 = (int) Math.floor(t);
            assertTrue(lab <= table[i0] && lab >= table[Math.min(i0 + 1, 999)]);
        }
        for (double s = 0.011; s < 150; s *= 1.1) { // sigma increases with t
            double t = ts.timestep(s);
            assertTrue(t > previous);
            previous = t;
            assertEquals(s, ts.sigma(t), 1e-12 * s);
        }
        assertEquals(0.0, ts.timestep(1e-3));
        assertEquals(999.0, ts.timestep(1e3));
    }
}
