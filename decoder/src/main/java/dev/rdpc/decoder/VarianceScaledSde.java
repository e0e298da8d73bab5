package dev.rdpc.decoder;

/**
 * Variance-scaled reverse diffusion (seeds 004 and 002; DESIGN.md section 4), the
 * {@link DecodeMode#SDE} traversal: ancestral steps down the Karras grid
 * {@code KarrasSchedule.of(sigmaY, sigmaMin, steps + 1, rho)} from {@code x = y} at
 * {@code sigma_y}, then one final call {@code x0 = D(x; sigmaMin)}.
 *
 * <h2>The VE step</h2>
 *
 * In the VE convention {@code x_sigma = x0 + sigma n}; for {@code t < s} the forward process has
 * independent increments, {@code x_s = x_t + sqrt(s^2 - t^2) m}. Hence {@code (x_t - x0, x_s - x0)}
 * are jointly Gaussian with variances {@code t^2, s^2} and covariance {@code t^2}, and the
 * "DDPM posterior" (bridge) of {@code x_t} given {@code x_s} and {@code x0} is
 *
 * <pre>
 *   q(x_t | x_s, x0) = N( a x_s + (1 - a) x0,  tau I ),   a = t^2 / s^2,   tau = t^2 (s^2 - t^2) / s^2.
 * </pre>
 *
 * Averaging over {@code p(x0 | x_s)}, the reverse transition {@code p(x_t | x_s)} has the exact mean
 * {@code a x_s + (1 - a) D(x_s; s)} (Tweedie: {@code E[x0 | x_s] = D(x_s; s)}) and the covariance
 * {@code tau I + (1 - a)^2 Cov[x0 | x_s]}. Seed 004 (eq. 8-12, Theorem 1) keeps the true reverse
 * mean and multiplies the reverse variance by {@code lambda in [0, 1]}; its Theorem 2 (MSE
 * {@code = (1 + lambda) MMSE}) needs the exact reverse variance, and the conventional DDPM variance
 * {@code tau} alone drops the {@code (1 - a)^2 Cov} term, a first-order deficit in the step size
 * (at 24 steps {@code lambda = 1} would land at only 1.76 x MMSE on a Gaussian source). The covariance
 * is therefore estimated as in Analytic-DPM (Bao et al., 2022), by the Tweedie second moment: the
 * mean per-element posterior variance is {@code E[Var(x0 | x_s)] = s^2 - E[(x_s - D(x_s; s))^2]},
 * estimated from the current state, one scalar per step:
 *
 * <pre>
 *   gamma_s = clamp( s^2 - mean_e (x_s[e] - D(x_s; s)[e])^2,  0,  s^2 )
 * </pre>
 *
 * (the sum runs over the elements in order, in double, so it is identical for every thread count).
 * One step is therefore
 *
 * <pre>
 *   x_t = a x_s + (1 - a) D(x_s; s) + sqrt(lambda (1 - a) (t^2 + (1 - a) gamma_s)) * z,   z ~ N(0, I),
 * </pre>
 *
 * with {@code z} from {@link DecodeNoise} under the decode seed, stream {@code STREAM_BASE + i} for
 * step {@code i} ({@code lambda = 0} draws no noise). {@code lambda = 0} is the reverse-mean
 * propagation (deterministic, the MMSE end point for Gaussian data); {@code lambda = 1} is the
 * ancestral sampler of the reverse diffusion started from {@code y}, which is itself a state of the
 * diffusion at {@code sigma_y}, so no measurement guidance is needed: it samples the posterior
 * {@code p(x0 | y)}.
 *
 * <h2>Gaussian closed forms</h2>
 *
 * For {@code u ~ N(0, v)} and {@code D(x; sigma) = r_sigma x}, {@code r_sigma = v / (v + sigma^2)}:
 * the mean factor of a step is {@code a + (1 - a) r_s = (v + t^2) / (v + s^2)} (which is
 * {@code E[x_t | x_s]} exactly), so the product over the grid telescopes and, for any grid,
 *
 * <pre>
 *   x0 = r y + sqrt(lambda) sum_i sqrt(q_i) v / (v + t_i^2) z_i,          r = v / (v + sigma_y^2)
 *   MSE = MMSE + lambda S,   Var(x0) = r v + lambda S,   S = sum_i q_i v^2 / (v + t_i^2)^2,
 * </pre>
 *
 * where {@code q_i} is the step variance at {@code lambda = 1}. {@code lambda = 0} gives exactly the
 * MMSE estimate {@code r y} on every grid. With the exact covariance {@code gamma_s = s^2 v / (v + s^2)}
 * the step variance is {@code q = (s^2 - t^2)(v + t^2) / (v + s^2)}, the exact Gaussian transition,
 * and {@code S} telescopes to {@code v^2 (sigma_y^2 - sigmaMin^2) / ((v + sigmaMin^2)(v + sigma_y^2))},
 * which is MMSE up to {@code sigmaMin}: {@code MSE = (1 + lambda) MMSE} and {@code Var(x0) = v} at
 * {@code lambda = 1} on any grid (seed 004, Theorem 2). The estimate {@code gamma_s} is exact in
 * expectation for an isotropic Gaussian; for a source with unequal variances one scalar per step
 * spreads the covariance evenly and falls slightly short.
 *
 * <p><b>Cost:</b> {@code steps + 1} denoiser calls; one call {@code D(y; sigma_y)} when
 * {@code sigma_y <= sigmaMin}.
 *
 * <p>Deterministic: the same inputs and decode seed give a bit-identical result on every platform
 * and for every thread count (the noise and the element-wise update may run in parallel chunks;
 * each element depends only on its own inputs). Each update is computed per element in double and
 * rounded to float once. The thread is checked for interruption before every denoiser call.
 */
public final class VarianceScaledSde {

    /** Noise stream of step {@code i} is {@code STREAM_BASE + i}. */
    static final long STREAM_BASE = 1L << 32;

    private VarianceScaledSde() {
    }

    /**
     * Number of denoiser calls {@link #sample} makes: {@code 1} if {@code sigmaY <= sigmaMin},
     * otherwise {@code steps + 1}.
     */
    public static int denoiserCalls(double sigmaY, double sigmaMin, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        return sigmaY <= sigmaMin ? 1 : Math.addExact(steps, 1);
    }

    /**
     * Runs the variance-scaled reverse diffusion from {@code x(sigmaY) = y}; returns {@code x0} as
     * a new array.
     *
     * @param denoiser   the denoiser
     * @param y          start point, length {@code shape.size()}; not modified
     * @param shape      tensor shape
     * @param sigmaY     noise level of {@code y}, finite and {@code >= 0}
     * @param lambda     variance scale in [0, 1]
     * @param steps      ancestral steps, {@code >= 1}
     * @param sigmaMin   last grid point, finite and {@code > 0}
     * @param rho        Karras curvature, finite and {@code > 0}
     * @param decodeSeed seed of the noise
     * @param progress   progress listener, may be null
     */
    public static float[] sample(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY, double lambda,
                                 int steps, double sigmaMin, double rho, long decodeSeed, ProgressListener progress) {
        ScoreScaledOde.validate(denoiser, y, shape, sigmaY, steps, sigmaMin, rho);
        CallCounter counter = new CallCounter(denoiserCalls(sigmaY, sigmaMin, steps), progress);
        float[] x = run(denoiser, y, shape, sigmaY, lambda, steps, sigmaMin, rho, decodeSeed, counter);
        counter.finish();
        return x;
    }

    static void requireUnit(double value, String what) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + value);
        }
    }

    /** The sampler proper; makes exactly {@link #denoiserCalls} calls through {@code counter}. */
    static float[] run(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY, double lambda, int steps,
                       double sigmaMin, double rho, long decodeSeed, CallCounter counter) {
        requireUnit(lambda, "lambda");
        int n = shape.size();
        float[] out = new float[n];
        if (sigmaY <= sigmaMin) {
            counter.denoise(denoiser, y, shape, sigmaY, out);
            return out;
        }
        KarrasSchedule grid = KarrasSchedule.of(sigmaY, sigmaMin, steps + 1, rho);
        if (grid.size() != steps + 1) {
            throw new IllegalStateException("grid has " + grid.size() + " points, expected " + (steps + 1));
        }
        float[] x = y.clone();
        float[] den = new float[n];
        double[] noise = lambda > 0.0 ? new double[n] : null;
        for (int i = 0; i < steps; i++) {
            double s = grid.sigma(i);
            double t = grid.sigma(i + 1);
            counter.denoise(denoiser, x, shape, s, den);
            double gamma = lambda > 0.0 ? posteriorVariance(x, den, s) : 0.0;
            ancestralStep(x, den, s, t, lambda, gamma, DecodeNoise.key(decodeSeed, STREAM_BASE + i), noise);
        }
        counter.denoise(denoiser, x, shape, grid.sigma(steps), out);
        return out;
    }

    /**
     * The per-element posterior variance estimate {@code gamma} of a state {@code x} at level
     * {@code s} with denoised {@code den}: {@code clamp(s^2 - mean((x - den)^2), 0, s^2)}, summed in
     * element order in double.
     */
    static double posteriorVariance(float[] x, float[] den, double s) {
        double sum = 0.0;
        for (int e = 0; e < x.length; e++) {
            double r = (double) x[e] - den[e];
            sum += r * r;
        }
        double s2 = s * s;
        double gamma = s2 - sum / x.length;
        return gamma > 0.0 ? Math.min(gamma, s2) : 0.0;
    }

    /**
     * One variance-scaled ancestral step from level {@code s} to {@code t <= s}, in place:
     * {@code x = a x + (1 - a) den + sqrt(lambda (1 - a) (t^2 + (1 - a) gamma)) z} with
     * {@code a = t^2/s^2} and {@code z = normalAt(key, e)}. {@code noise} is scratch of length
     * {@code x.length} (unused, and may be null, when the noise term vanishes).
     */
    static void ancestralStep(float[] x, float[] den, double s, double t, double lambda, double gamma, long key,
                              double[] noise) {
        double b = ((s - t) * (s + t)) / (s * s); // 1 - a
        double a = (t * t) / (s * s);
        double std = lambda > 0.0 ? Math.sqrt(lambda * b * (t * t + b * gamma)) : 0.0;
        int n = x.length;
        if (std > 0.0) {
            Elementwise.forEach(n, (from, to) -> {
                DecodeNoise.fill(key, noise, from, to);
                for (int e = from; e < to; e++) {
                    x[e] = (float) (a * x[e] + b * den[e] + std * noise[e]);
                }
            });
        } else {
            Elementwise.forEach(n, (from, to) -> {
                for (int e = from; e < to; e++) {
                    x[e] = (float) (a * x[e] + b * den[e]);
                }
            });
        }
    }
}
