package dev.rdpc.decoder.onnx;

/**
 * The one place where every {@link Parameterization}, {@link NoiseEncoding} and
 * {@link ValueRange} of a {@link ModelCard} becomes the project's variance-exploding denoiser
 * {@code D(x; sigma)} in model space [-1, 1].
 *
 * <p>For one call, {@link #plan} derives from the requested {@code sigma} everything the call
 * needs; the conversions are then affine per element:
 *
 * <pre>
 *   network image input  = inScale * u + inOffset
 *   D (model space)      = outX * u + outNet * networkOutput + outConst
 * </pre>
 *
 * Derivation, with {@code s, o} the value-range scale and offset ({@code x_m = s u + o},
 * {@code sigma_m = s sigma}) and {@code sigma_n} the noise level the network is actually evaluated
 * at (the trained-range clamp of {@code sigma_m}, after the noise value has been rounded to
 * {@code float}):
 * <ul>
 *   <li>{@code EDM}, {@code CLEAN_SIGMA_MAP}: input {@code x_m}; {@code D_m = out}.</li>
 *   <li>{@code EPSILON_VP}: {@code alpha_bar = 1 / (1 + sigma_n^2)}, input {@code sqrt(alpha_bar) x_m},
 *       timestep {@code t} with that {@code alpha_bar}; {@code D_m = x_m - sigma_n eps}.</li>
 *   <li>{@code V_PREDICTION_VP}: input as above; {@code D_m = alpha_bar x_m - sqrt(1 - alpha_bar) v}
 *       (from {@code x_vp = sqrt(alpha_bar) x0 + sqrt(1 - alpha_bar) eps} and
 *       {@code v = sqrt(alpha_bar) eps - sqrt(1 - alpha_bar) x0}).</li>
 *   <li>{@code BLIND_RESIDUAL}: input {@code x_m}; {@code D_m = x_m - out}.</li>
 *   <li>Back to model space: {@code D = (D_m - o) / s}; for [0, 1] that is {@code 2 D01 - 1}.</li>
 * </ul>
 *
 * <p><b>Noise levels outside the trained range</b> {@code [sigmaMin, sigmaMax]} of the card
 * (compared in the model's own units) are clamped: the network is evaluated at the nearer end of
 * the range and the call is reported as clamped ({@link Plan#clamped()}). Above the range the
 * result is {@code D(x; sigmaMax)}: the posterior mean changes slowly there. Below it, the score
 * is held at its value at {@code sigmaMin} instead of the posterior mean:
 * {@code D(x; sigma) = x + (sigma / sigmaMin)^2 (D(x; sigmaMin) - x)}, which is exact to first order
 * for a smooth density, keeps {@code D(x; 0) = x}, and matters because the ODE's final steps
 * go below the smallest trained level of many models (sigma(t=0) = 0.01 for the DDPM schedule
 * against the decoder's default sigmaMin of 0.002). Blind models are not rescaled (their output
 * does not depend on a noise level); their out-of-range calls are still reported.
 */
final class Parameterizations {

    private final ModelCard card;
    private final VpTimesteps timesteps;

    Parameterizations(ModelCard card) {
        if (card == null) {
            throw new IllegalArgumentException("card must not be null");
        }
        this.card = card;
        this.timesteps = card.parameterization().isVariancePreserving() ? new VpTimesteps(card.betaSchedule()) : null;
    }

    /** The card. */
    ModelCard card() {
        return card;
    }

    /**
     * Everything one denoiser call derives from its sigma.
     *
     * @param sigma        the requested noise level, model space
     * @param sigmaModel   the requested noise level in the model's units
     * @param sigmaNetwork the noise level the network is evaluated at, model's units
     * @param clamped      whether {@code sigmaModel} was outside the card's trained range
     * @param noiseValue   the value fed as noise level (noise input or sigma map); NaN for blind models
     * @param inScale      network image input = {@code inScale * u + inOffset}
     * @param inOffset     see {@code inScale}
     * @param outX         D = {@code outX * u + outNet * out + outConst}
     * @param outNet       see {@code outX}
     * @param outConst     see {@code outX}
     */
    record Plan(double sigma, double sigmaModel, double sigmaNetwork, boolean clamped, float noiseValue,
                double inScale, double inOffset, double outX, double outNet, double outConst) {

        /** The network's image input for model-space value {@code u}. */
        float networkInput(float u) {
            return (float) (inScale * u + inOffset);
        }

        /** {@code D} in model space from the model-space input {@code u} and the network output. */
        float denoised(float u, float networkOutput) {
            return (float) (outX * u + outNet * networkOutput + outConst);
        }
    }

    /**
     * The plan for one call at {@code sigma} (model space, finite and {@code >= 0}).
     */
    Plan plan(double sigma) {
        if (!(sigma >= 0.0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
        }
        ValueRange range = card.valueRange();
        double s = range.scale();
        double o = range.offset();
        double sigmaModel = s * sigma;
        boolean low = sigmaModel < card.sigmaMin();
        boolean high = sigmaModel > card.sigmaMax();
        double se = low ? card.sigmaMin() : high ? card.sigmaMax() : sigmaModel;

        float noise;
        double sn;
        switch (card.noiseEncoding()) {
            case SIGMA:
                noise = (float) se;
                sn = noise;
                break;
            case LOG_SIGMA_QUARTER:
                noise = (float) (StrictMath.log(se) / 4.0);
                sn = StrictMath.exp(4.0 * noise);
                break;
            case TIMESTEP:
                noise = (float) timesteps.timestep(se);
                sn = timesteps.sigma(noise);
                break;
            case NONE:
                noise = Float.NaN;
                sn = se;
                break;
            default:
                throw new IllegalStateException("unhandled noise encoding " + card.noiseEncoding());
        }

        // network input = a * x_m; D_m = px * x_m + pn * out
        double a = 1.0;
        double px;
        double pn;
        switch (card.parameterization()) {
            case EDM:
            case CLEAN_SIGMA_MAP:
                px = 0.0;
                pn = 1.0;
                break;
            case EPSILON_VP: {
                double alphaBar = 1.0 / (1.0 + sn * sn);
                a = Math.sqrt(alphaBar);
                px = 1.0;
                pn = -sn;
                break;
            }
            case V_PREDICTION_VP: {
                double alphaBar = 1.0 / (1.0 + sn * sn);
                a = Math.sqrt(alphaBar);
                px = alphaBar;
                pn = -sn * a; // sqrt(1 - alpha_bar) = sigma sqrt(alpha_bar)
                break;
            }
            case BLIND_RESIDUAL:
                px = 1.0;
                pn = -1.0;
                break;
            default:
                throw new IllegalStateException("unhandled parameterization " + card.parameterization());
        }

        // below the trained range: hold the score, D_m' = x_m + k (D_m - x_m), k = (sigma_m / sigma_n)^2
        double k = 1.0;
        if (low && card.parameterization() != Parameterization.BLIND_RESIDUAL) {
            double ratio = sigmaModel / sn;
            k = ratio * ratio;
        }
        double cx = 1.0 - k + k * px;
        // D = (D_m' - o) / s with x_m = s u + o
        double outX = cx;
        double outNet = k * pn / s;
        double outConst = o * (cx - 1.0) / s;
        return new Plan(sigma, sigmaModel, sn, low || high, noise, a * s, a * o, outX, outNet, outConst);
    }
}
