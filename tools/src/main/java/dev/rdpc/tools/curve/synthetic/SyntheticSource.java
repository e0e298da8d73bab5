package dev.rdpc.tools.curve.synthetic;

import dev.rdpc.decoder.DiagonalGaussianDenoiser;
import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.IdentityBasis;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An i.i.d. scalar source with a known answer, in model units: {@code gaussian[:VAR]} (zero mean, variance VAR,
 * default {@value #DEFAULT_VARIANCE}) or {@code gmm}, the two-component mixture
 * {@code 0.5 N(-0.5, 0.05) + 0.5 N(+0.5, 0.05)} (seed 004, section III-D, uses a two-component mixture without
 * giving its parameters in the text we have; these are the project's choice). Immutable.
 */
public final class SyntheticSource {
    /** Variance of {@code gaussian} without {@code :VAR}. */
    public static final double DEFAULT_VARIANCE = 0.25;
    /** Largest accepted Gaussian variance. */
    public static final double MAX_VARIANCE = 100;
    /** Component means, variance and weight of {@code gmm}. */
    static final double GMM_OFFSET = 0.5;
    static final double GMM_COMPONENT_VARIANCE = 0.05;

    private final String kind;
    private final ScalarMixture mixture;

    private SyntheticSource(String kind, ScalarMixture mixture) {
        this.kind = kind;
        this.mixture = mixture;
    }

    /**
     * Parses {@code gaussian}, {@code gaussian:VAR} (VAR in (0, 100]) or {@code gmm}, case-insensitively.
     *
     * @throws IllegalArgumentException for anything else, with a message fit for the user
     */
    public static SyntheticSource parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("gmm")) {
            return new SyntheticSource("gmm", new ScalarMixture(new double[] {0.5, 0.5},
                    new double[] {-GMM_OFFSET, GMM_OFFSET},
                    new double[] {GMM_COMPONENT_VARIANCE, GMM_COMPONENT_VARIANCE}));
        }
        if (s.equals("gaussian") || s.startsWith("gaussian:")) {
            double v = DEFAULT_VARIANCE;
            if (s.startsWith("gaussian:")) {
                String value = s.substring("gaussian:".length()).strip();
                try {
                    v = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--source gaussian:VAR: '" + value + "' is not a number");
                }
                if (!(v > 0 && v <= MAX_VARIANCE)) {
                    throw new IllegalArgumentException("--source gaussian:VAR: the variance must lie in (0, "
                            + (int) MAX_VARIANCE + "], got " + value);
                }
            }
            return new SyntheticSource("gaussian", ScalarMixture.gaussian(v));
        }
        throw new IllegalArgumentException("--source: unknown source '" + text
                + "', expected images, gaussian, gaussian:VAR or gmm");
    }

    /** {@code gaussian} or {@code gmm}. */
    public String kind() {
        return kind;
    }

    public boolean isGaussian() {
        return kind.equals("gaussian");
    }

    /** Var(U). */
    public double variance() {
        return mixture.variance();
    }

    /** E[U] (0 for both sources). */
    public double mean() {
        return mixture.mean();
    }

    ScalarMixture mixture() {
        return mixture;
    }

    /** {@code gaussian}, {@code gaussian:0.5} or {@code gmm}: the spelling for labels. */
    public String label() {
        if (!isGaussian() || variance() == DEFAULT_VARIANCE) {
            return kind;
        }
        return kind + ":" + variance();
    }

    /** N draws. */
    float[] sample(SplittableRandom random, int n) {
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = (float) mixture.sample(random);
        }
        return u;
    }

    /** The exact denoiser: the diagonal Gaussian one on the identity basis, or the mixture's posterior mean. */
    Denoiser denoiser(int n) {
        if (isGaussian()) {
            float[] variances = new float[n];
            Arrays.fill(variances, (float) variance());
            return new DiagonalGaussianDenoiser(new IdentityBasis(n), new float[n], variances);
        }
        return new ScalarMixtureDenoiser(mixture);
    }

    /** I(U; Y) in bits per dimension at noise sigma: closed form for the Gaussian, quadrature for the mixture. */
    public double idealRateBits(double sigma) {
        return isGaussian() ? GaussianTheory.rateBits(variance(), sigma) : mixture.mutualInformationBits(sigma);
    }

    /** The sigma whose ideal rate is {@code bits} per dimension: closed form, or bisection for the mixture. */
    public double sigmaForRate(double bits) {
        return isGaussian() ? GaussianTheory.sigmaForRate(variance(), bits) : mixture.sigmaForRate(bits);
    }

    /** The posterior-mean MSE at noise sigma: closed form, or quadrature for the mixture. */
    double mmse(double sigma) {
        return isGaussian() ? GaussianTheory.mmse(variance(), sigma) : mixture.mmse(sigma);
    }
}
