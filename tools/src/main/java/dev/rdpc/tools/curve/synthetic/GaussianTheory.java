package dev.rdpc.tools.curve.synthetic;

import dev.rdpc.decoder.DecodeMode;

/**
 * Every closed form of the scalar Gaussian source {@code u ~ N(0, v)} seen through {@code y = u + sigma n}
 * (../shared/DESIGN.md section 5), in one place. Rates are in bits per dimension. A linear estimator
 * {@code x = c y} has distortion {@code D(c) = v (1 - c)^2 + c^2 sigma^2} and realism
 * {@code W2(c) = |sqrt(v) - c sqrt(v + sigma^2)|}; the decode modes' end points are such estimators.
 */
final class GaussianTheory {
    private GaussianTheory() {
    }

    /** The closed-form distortion and W2 of one decode mode and knob; NaN where there is none. */
    record Prediction(double mse, double w2) {
        static final Prediction NONE = new Prediction(Double.NaN, Double.NaN);
    }

    /** R = 1/2 log2(1 + v / sigma^2), the ideal rate I(U; Y). */
    static double rateBits(double v, double sigma) {
        return 0.5 * Math.log1p(v / (sigma * sigma)) / Math.log(2);
    }

    /** The sigma whose ideal rate is R: sigma^2 = v / (2^(2R) - 1). */
    static double sigmaForRate(double v, double bits) {
        return Math.sqrt(v / Math.expm1(2 * bits * Math.log(2)));
    }

    /** r = v / (v + sigma^2), the MMSE shrink factor. */
    static double shrink(double v, double sigma) {
        return v / (v + sigma * sigma);
    }

    /** MMSE = v sigma^2 / (v + sigma^2) = v 2^(-2R). */
    static double mmse(double v, double sigma) {
        return v * sigma * sigma / (v + sigma * sigma);
    }

    /** The score-scaled PF-ODE end point x = r^(kappa/2) y with kappa = 2 - P. */
    static double odeFactor(double r, double perception) {
        return Math.pow(r, (2 - perception) / 2);
    }

    /** The interpolation x = (1 - a) r y + a sqrt(r) y. */
    static double interpolationFactor(double r, double a) {
        return (1 - a) * r + a * Math.sqrt(r);
    }

    /** D(c) = v (1 - c)^2 + c^2 sigma^2. */
    static double linearMse(double v, double sigma, double c) {
        return v * (1 - c) * (1 - c) + c * c * sigma * sigma;
    }

    /** W2(c) = |sqrt(v) - c sqrt(v + sigma^2)|. */
    static double linearW2(double v, double sigma, double c) {
        return Math.abs(Math.sqrt(v) - c * Math.sqrt(v + sigma * sigma));
    }

    /**
     * The optimal distortion at rate R under the realism constraint W2 <= P (Blau and Michaeli 2019, Gaussian case):
     * {@code D(R, P) = v 2^(-2R) + max(0, (sqrt(v) - P) - sqrt(v) sqrt(1 - 2^(-2R)))^2}. The MMSE estimate has
     * standard deviation {@code sqrt(v) sqrt(1 - 2^(-2R))}; only when that falls short of {@code sqrt(v) - P} must
     * the estimate be spread further, at the squared shortfall. At P = 0 this is
     * {@code 2 v (1 - sqrt(1 - 2^(-2R)))}, for P >= sqrt(v) (1 - sqrt(1 - 2^(-2R))) the MMSE. (../shared/DESIGN.md
     * section 5 writes the difference inside max(0, .) with the opposite sign, which would give the MMSE at P = 0,
     * against its own perfect-perception line; this is the form consistent with that line.)
     */
    static double optimalMse(double v, double bits, double perception) {
        double left = Math.pow(2, -2 * bits);
        double shortfall = Math.max(0, (Math.sqrt(v) - perception) - Math.sqrt(v) * Math.sqrt(1 - left));
        return v * left + shortfall * shortfall;
    }

    /**
     * The end point of a decode mode at knob {@code p} on this source and noise level: ODE (kappa = 2 - P) and
     * INTERPOLATION (a = P) are linear estimators; SDE at lambda = 0 is the MMSE estimate, at lambda = 1 a
     * posterior sample (distortion 2 MMSE, W2 0). Other SDE lambdas and MAP-RPS have no closed form here: NONE.
     */
    static Prediction predict(double v, double sigma, DecodeMode mode, double p) {
        double r = shrink(v, sigma);
        switch (mode) {
            case ODE: {
                double c = odeFactor(r, p);
                return new Prediction(linearMse(v, sigma, c), linearW2(v, sigma, c));
            }
            case INTERPOLATION: {
                double c = interpolationFactor(r, p);
                return new Prediction(linearMse(v, sigma, c), linearW2(v, sigma, c));
            }
            case SDE:
                if (p == 0) {
                    return new Prediction(mmse(v, sigma), linearW2(v, sigma, r));
                }
                if (p == 1) {
                    return new Prediction(2 * mmse(v, sigma), 0);
                }
                return Prediction.NONE;
            default:
                return Prediction.NONE;
        }
    }
}
