package dev.rdpc.tools.curve.synthetic;

import java.util.SplittableRandom;

/**
 * A scalar Gaussian mixture {@code sum_k w_k N(mu_k, s_k^2)} observed through the channel
 * {@code y = u + sigma n}: its posterior mean, and by quadrature its mutual information
 * {@code I(U; Y)} and its MMSE. A Gaussian is the one-component case. Immutable and thread-safe.
 */
final class ScalarMixture {
    private static final double LN2 = Math.log(2);
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Quadrature grid: this many standard deviations beyond the outermost component... */
    private static final double TAIL_SDS = 12;
    /** ...with this many steps per standard deviation of the narrowest component of p(y). */
    private static final int STEPS_PER_SD = 64;

    private final double[] weights;
    private final double[] means;
    private final double[] variances;
    private final double[] logWeights;

    /**
     * @param weights   positive, summing to 1 (within 1e-9)
     * @param means     finite
     * @param variances finite and positive
     */
    ScalarMixture(double[] weights, double[] means, double[] variances) {
        int k = weights.length;
        if (k < 1 || means.length != k || variances.length != k) {
            throw new IllegalArgumentException("a mixture needs at least one component and equal-length parameters");
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            if (!(weights[i] > 0) || !Double.isFinite(weights[i]) || !Double.isFinite(means[i])
                    || !(variances[i] > 0) || !Double.isFinite(variances[i])) {
                throw new IllegalArgumentException("component " + i + ": weight and variance must be positive and "
                        + "finite, the mean finite");
            }
            sum += weights[i];
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("weights must sum to 1, got " + sum);
        }
        this.weights = weights.clone();
        this.means = means.clone();
        this.variances = variances.clone();
        this.logWeights = new double[k];
        for (int i = 0; i < k; i++) {
            logWeights[i] = Math.log(weights[i]);
        }
    }

    static ScalarMixture gaussian(double variance) {
        return new ScalarMixture(new double[] {1}, new double[] {0}, new double[] {variance});
    }

    int components() {
        return weights.length;
    }

    double weight(int k) {
        return weights[k];
    }

    double componentMean(int k) {
        return means[k];
    }

    double componentVariance(int k) {
        return variances[k];
    }

    /** E[U]. */
    double mean() {
        double m = 0;
        for (int k = 0; k < weights.length; k++) {
            m += weights[k] * means[k];
        }
        return m;
    }

    /** Var(U) = sum w_k (s_k^2 + mu_k^2) - E[U]^2. */
    double variance() {
        double second = 0;
        for (int k = 0; k < weights.length; k++) {
            second += weights[k] * (variances[k] + means[k] * means[k]);
        }
        double m = mean();
        return second - m * m;
    }

    /** One draw: a component by its weight, then a normal. */
    double sample(SplittableRandom random) {
        int k = 0;
        if (weights.length > 1) {
            double t = random.nextDouble();
            double cumulative = 0;
            for (k = 0; k < weights.length - 1; k++) {
                cumulative += weights[k];
                if (t < cumulative) {
                    break;
                }
            }
        }
        return means[k] + Math.sqrt(variances[k]) * random.nextGaussian();
    }

    /** log p_Y(y) for Y = U + sigma N, by log-sum-exp over the components. */
    double logDensity(double y, double sigma) {
        double s2 = sigma * sigma;
        double max = Double.NEGATIVE_INFINITY;
        int k = weights.length;
        double[] terms = new double[k];
        for (int i = 0; i < k; i++) {
            terms[i] = logWeights[i] + logNormal(y, means[i], variances[i] + s2);
            max = Math.max(max, terms[i]);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += Math.exp(terms[i] - max);
        }
        return max + Math.log(sum);
    }

    /**
     * E[U | U + sigma N = x]: the responsibilities {@code gamma_k ~ w_k N(x; mu_k, s_k^2 + sigma^2)}
     * (normalised by log-sum-exp) weight the components' posterior means
     * {@code mu_k + s_k^2 / (s_k^2 + sigma^2) (x - mu_k)}. {@code sigma = 0} gives x.
     */
    double posteriorMean(double x, double sigma) {
        double s2 = sigma * sigma;
        int k = weights.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, logWeights[i] + logNormal(x, means[i], variances[i] + s2));
        }
        double norm = 0;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double gamma = Math.exp(logWeights[i] + logNormal(x, means[i], variances[i] + s2) - max);
            norm += gamma;
            sum += gamma * (means[i] + variances[i] / (variances[i] + s2) * (x - means[i]));
        }
        return sum / norm;
    }

    /** {E[U | x], Var[U | x]}. */
    private double[] posteriorMoments(double x, double sigma) {
        double s2 = sigma * sigma;
        int k = weights.length;
        if (k == 1) {
            double shrink = variances[0] / (variances[0] + s2);
            return new double[] {means[0] + shrink * (x - means[0]), variances[0] * s2 / (variances[0] + s2)};
        }
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[k];
        for (int i = 0; i < k; i++) {
            terms[i] = logWeights[i] + logNormal(x, means[i], variances[i] + s2);
            max = Math.max(max, terms[i]);
        }
        double norm = 0;
        for (int i = 0; i < k; i++) {
            terms[i] = Math.exp(terms[i] - max);
            norm += terms[i];
        }
        double mean = 0;
        double second = 0;
        for (int i = 0; i < k; i++) {
            double gamma = terms[i] / norm;
            double shrink = variances[i] / (variances[i] + s2);
            double m = means[i] + shrink * (x - means[i]);
            mean += gamma * m;
            second += gamma * (m * m + variances[i] * s2 / (variances[i] + s2));
        }
        return new double[] {mean, Math.max(0, second - mean * mean)};
    }

    /**
     * I(U; Y) in bits for Y = U + sigma N: h(Y) - h(Y | U), with h(Y | U) = 1/2 log(2 pi e sigma^2) and h(Y) by
     * Simpson's rule over a grid that spans every component of p_Y to 12 standard deviations, 64 steps per standard
     * deviation of the narrowest one (p_Y is a sum of Gaussians, so the rule converges very fast).
     */
    double mutualInformationBits(double sigma) {
        checkSigma(sigma);
        double entropy = integrate(sigma, y -> {
            double lp = logDensity(y, sigma);
            return -Math.exp(lp) * lp;
        });
        double conditional = 0.5 * Math.log(2 * Math.PI * Math.E * sigma * sigma);
        return Math.max(0, (entropy - conditional) / LN2);
    }

    /** E[Var(U | Y)] = E[(U - E[U | Y])^2], by the same quadrature over p_Y. */
    double mmse(double sigma) {
        checkSigma(sigma);
        return integrate(sigma, y -> Math.exp(logDensity(y, sigma)) * posteriorMoments(y, sigma)[1]);
    }

    /** The sigma at which I(U; Y) equals {@code bits}, by bisection on log sigma in [1e-6, 1e4]. */
    double sigmaForRate(double bits) {
        if (!(bits > 0) || !Double.isFinite(bits)) {
            throw new IllegalArgumentException("rate must be positive and finite, got " + bits);
        }
        double lo = Math.log(1e-6);
        double hi = Math.log(1e4);
        for (int i = 0; i < 80; i++) {
            double mid = 0.5 * (lo + hi);
            if (mutualInformationBits(Math.exp(mid)) > bits) {
                lo = mid; // too much information: more noise
            } else {
                hi = mid;
            }
        }
        return Math.exp(0.5 * (lo + hi));
    }

    private interface Integrand {
        double at(double y);
    }

    private double integrate(double sigma, Integrand f) {
        double s2 = sigma * sigma;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double narrowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < weights.length; i++) {
            double sd = Math.sqrt(variances[i] + s2);
            low = Math.min(low, means[i] - TAIL_SDS * sd);
            high = Math.max(high, means[i] + TAIL_SDS * sd);
            narrowest = Math.min(narrowest, sd);
        }
        int n = (int) Math.ceil((high - low) / narrowest * STEPS_PER_SD);
        n += n % 2; // Simpson needs an even number of intervals
        double h = (high - low) / n;
        double sum = f.at(low) + f.at(high);
        for (int i = 1; i < n; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * f.at(low + i * h);
        }
        return sum * h / 3;
    }

    private static void checkSigma(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
    }

    private static double logNormal(double x, double mean, double variance) {
        double d = x - mean;
        return -0.5 * d * d / variance - 0.5 * Math.log(variance) - LOG_SQRT_2PI;
    }
}
