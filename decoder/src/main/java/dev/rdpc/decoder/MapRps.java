package dev.rdpc.decoder;

/**
 * Stage-wise MAP-RPS traversal (seed 001; DESIGN.md section 4), the {@link DecodeMode#MAP_RPS}
 * mode: a low-distortion estimate, re-noised to {@code t0 = rho * sigma_y} and sampled back down by
 * posterior sampling that stays consistent with the observation {@code y = u + sigma_y n}.
 *
 * <h2>Stage 1: MMSE estimate</h2>
 *
 * {@code xhat = D(y; sigma_y)}. Seed 001's stage 1 is a MAP solver whose purpose is to approximate the
 * MMSE solution; for an AWGN observation at a diffusion noise level, Tweedie gives the exact MMSE
 * estimate in one denoiser call, so no iterative solver is needed.
 *
 * <h2>Stage 2: re-noised posterior sampling</h2>
 *
 * Re-noise by the forward VE diffusion (as in seed 001 and CCDF), independently of {@code y}:
 * {@code x_t0 = xhat + t0 eps}. Then run the reverse diffusion <em>conditioned on y</em> from
 * {@code t0} down to {@code sigmaMin}. As in seed 001 (and DPS, which its stage 2 uses), {@code y}
 * is a measurement whose noise is independent of the diffusion noise ({@code y} and {@code x_s}
 * are independent given {@code x0});
 * conditioned on {@code y} the forward process is then a VE diffusion of the prior
 * {@code p(x0 | y)}, so the conditional reverse transition is the bridge of
 * {@link VarianceScaledSde} with the conditional estimate {@code E[x0 | x_s, y]} in place of
 * {@code D(x_s; s)}, and the conditional covariance {@code Cov[x0 | x_s, y]} estimated by the same
 * Tweedie second moment on {@code y_c} at {@code sigma_c} ({@code gamma = clamp(sigma_c^2 -
 * mean((y_c - D(y_c; sigma_c))^2), 0, sigma_c^2)}). For AWGN this estimate is exact with the unconditional denoiser:
 * {@code x_s = x0 + s eps} and {@code y = x0 + sigma_y n} are two independent Gaussian
 * observations of {@code x0}, and their precision-weighted mean is a sufficient statistic,
 *
 * <pre>
 *   y_c(x_s, s) = (sigma_y^2 x_s + s^2 y) / (s^2 + sigma_y^2) = x0 + sigma_c n',
 *   sigma_c(s)^2 = s^2 sigma_y^2 / (s^2 + sigma_y^2),
 *   E[x0 | x_s, y] = E[x0 | y_c] = D(y_c; sigma_c)          (any prior).
 * </pre>
 *
 * This replaces seed 001's approximate measurement guidance (the DPS likelihood
 * {@code p(y | D(x_s; s))}) by the exact conditional denoiser. Each step, with the variance scale of
 * {@link VarianceScaledSde} fixed at {@code lambda = 1}, on the grid
 * {@code KarrasSchedule.of(t0, sigmaMin, steps + 1, rho)}:
 *
 * <pre>
 *   x_t = a x_s + (1 - a) D(y_c(x_s, s); sigma_c(s)) + sqrt((1 - a)(t^2 + (1 - a) gamma)) z,   a = t^2 / s^2,
 *   x0  = D(y_c(x, sigmaMin); sigma_c(sigmaMin))                            (final call)
 * </pre>
 *
 * As the grid is refined the chain samples {@code p(x0 | x_t0, y)}, the posterior given both the
 * re-noised state and {@code y} (equivalently, the posterior given the single observation
 * {@code y_c(x_t0, t0)} at level {@code sigma_c(t0)}). Noise: {@link DecodeNoise} under the decode
 * seed, stream {@code STREAM_BASE} for the re-noising and {@code STREAM_BASE + 1 + i} for step
 * {@code i}.
 *
 * <h2>The knob and the Gaussian closed form</h2>
 *
 * {@code rho = 0} ({@code t0 = 0}), and any {@code t0 <= sigmaMin}, returns {@code xhat}. For
 * {@code u ~ N(0, v)}, with {@code r = v/(v + sigma_y^2)}, {@code w = sigma_y^2 / (t0^2 + sigma_y^2)},
 * {@code sigma_c^2 = w t0^2}, {@code r_c = v / (v + sigma_c^2)}, the continuous-limit output is
 * {@code r_c (w (r y + t0 eps) + (1 - w) y) + sqrt(v sigma_c^2 / (v + sigma_c^2)) xi}. Its MSE grows
 * with {@code rho} but at {@code rho = 1} reaches only 1.82 x MMSE ({@code sigma_y = 0.3}, v = 0.25)
 * or 1.92 x MMSE ({@code sigma_y = 0.6}), with output variance 0.95 v, not the posterior's 2 x MMSE
 * and v: the re-noised state still carries {@code y} through {@code xhat}, and treating it as an
 * independent observation counts {@code y} twice. Seed 001 reaches plain posterior sampling only
 * when {@code t0} is the top of the diffusion (pure noise), whereas here {@code t0 <= sigma_y}.
 *
 * <p><b>Cost:</b> {@code steps + 2} denoiser calls (stage 1, {@code steps} ancestral steps, the
 * final call); one call when {@code sigma_y <= sigmaMin} or {@code t0 <= sigmaMin}.
 *
 * <p>Deterministic per decode seed, bit-identical on every platform and for every thread count;
 * interruption is checked before every denoiser call.
 */
public final class MapRps {

    /** Noise stream of the re-noising; step {@code i} uses {@code STREAM_BASE + 1 + i}. */
    static final long STREAM_BASE = 2L << 32;

    private MapRps() {
    }

    /** The re-noising level {@code t0 = rho * sigmaY}. */
    public static double renoiseLevel(double sigmaY, double rho) {
        return rho * sigmaY;
    }

    /**
     * Number of denoiser calls {@link #sample} makes: {@code 1} if {@code sigmaY <= sigmaMin} or
     * {@code renoiseLevel(sigmaY, rho) <= sigmaMin}, otherwise {@code steps + 2}.
     */
    public static int denoiserCalls(double sigmaY, double rho, double sigmaMin, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (sigmaY <= sigmaMin || !(renoiseLevel(sigmaY, rho) > sigmaMin)) {
            return 1;
        }
        return Math.addExact(steps, 2);
    }

    /**
     * Runs MAP-RPS on {@code y}; returns {@code x0} as a new array.
     *
     * @param denoiser   the denoiser
     * @param y          observation at level {@code sigmaY}, length {@code shape.size()}; not modified
     * @param shape      tensor shape
     * @param sigmaY     noise level of {@code y}, finite and {@code >= 0}
     * @param rho        re-noising knob in [0, 1], {@code t0 = rho * sigmaY}
     * @param steps      ancestral steps of stage 2, {@code >= 1}
     * @param sigmaMin   last grid point, finite and {@code > 0}
     * @param gridRho    Karras curvature, finite and {@code > 0}
     * @param decodeSeed seed of the noise
     * @param progress   progress listener, may be null
     */
    public static float[] sample(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY, double rho,
                                 int steps, double sigmaMin, double gridRho, long decodeSeed,
                                 ProgressListener progress) {
        ScoreScaledOde.validate(denoiser, y, shape, sigmaY, steps, sigmaMin, gridRho);
        VarianceScaledSde.requireUnit(rho, "rho");
        CallCounter counter = new CallCounter(denoiserCalls(sigmaY, rho, sigmaMin, steps), progress);
        float[] x = run(denoiser, y, shape, sigmaY, rho, steps, sigmaMin, gridRho, decodeSeed, counter);
        counter.finish();
        return x;
    }

    /** The sampler proper; makes exactly {@link #denoiserCalls} calls through {@code counter}. */
    static float[] run(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY, double rho, int steps,
                       double sigmaMin, double gridRho, long decodeSeed, CallCounter counter) {
        VarianceScaledSde.requireUnit(rho, "rho");
        int n = shape.size();
        float[] xhat = new float[n];
        counter.denoise(denoiser, y, shape, sigmaY, xhat);
        double t0 = renoiseLevel(sigmaY, rho);
        if (sigmaY <= sigmaMin || !(t0 > sigmaMin)) {
            return xhat;
        }
        KarrasSchedule grid = KarrasSchedule.of(t0, sigmaMin, steps + 1, gridRho);
        if (grid.size() != steps + 1) {
            throw new IllegalStateException("grid has " + grid.size() + " points, expected " + (steps + 1));
        }
        double[] noise = new double[n];
        float[] x = new float[n];
        long renoiseKey = DecodeNoise.key(decodeSeed, STREAM_BASE);
        Elementwise.forEach(n, (from, to) -> {
            DecodeNoise.fill(renoiseKey, noise, from, to);
            for (int e = from; e < to; e++) {
                x[e] = (float) (xhat[e] + t0 * noise[e]);
            }
        });
        double sy2 = sigmaY * sigmaY;
        float[] yc = new float[n];
        float[] den = new float[n];
        for (int i = 0; i < steps; i++) {
            double s = grid.sigma(i);
            double t = grid.sigma(i + 1);
            double sc = combine(x, y, s, sy2, yc);
            counter.denoise(denoiser, yc, shape, sc, den);
            double gamma = VarianceScaledSde.posteriorVariance(yc, den, sc);
            VarianceScaledSde.ancestralStep(x, den, s, t, 1.0, gamma, DecodeNoise.key(decodeSeed, STREAM_BASE + 1 + i),
                    noise);
        }
        double sc = combine(x, y, grid.sigma(steps), sy2, yc);
        float[] out = new float[n];
        counter.denoise(denoiser, yc, shape, sc, out);
        return out;
    }

    /**
     * {@code yc = (sigma_y^2 x + s^2 y) / (s^2 + sigma_y^2)} per element; returns
     * {@code sigma_c = sqrt(s^2 sigma_y^2 / (s^2 + sigma_y^2))}.
     */
    static double combine(float[] x, float[] y, double s, double sigmaY2, float[] yc) {
        double s2 = s * s;
        double sum = s2 + sigmaY2;
        double wx = sigmaY2 / sum;
        double wy = s2 / sum;
        Elementwise.forEach(x.length, (from, to) -> {
            for (int e = from; e < to; e++) {
                yc[e] = (float) (wx * x[e] + wy * y[e]);
            }
        });
        return Math.sqrt(s2 * sigmaY2 / sum);
    }
}
