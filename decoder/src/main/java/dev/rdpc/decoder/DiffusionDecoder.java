package dev.rdpc.decoder;

/**
 * Entry point of the diffusion decoder: turns the decoded noisy latent {@code y = u + sigma_y n}
 * (model space, CHW) into an image, with a perception knob (DESIGN.md section 4).
 *
 * <ul>
 *   <li>{@link DecodeMode#ODE}: score-scaled PF-ODE with {@code kappa = 2 - perception}
 *       ({@link ScoreScaledOde}); {@code 2 * steps + 1} denoiser calls.</li>
 *   <li>{@link DecodeMode#INTERPOLATION}: {@code x = (1 - a) D(y; sigma_y) + a x_ODE(kappa = 1)}
 *       with {@code a = perception}. {@code D(y; sigma_y)} is the ODE's own first evaluation, so
 *       this also costs {@code 2 * steps + 1} calls; with {@code a = 0} it is one call.</li>
 *   <li>{@link DecodeMode#SDE}: variance-scaled reverse diffusion with {@code lambda = perception}
 *       ({@link VarianceScaledSde}); {@code steps + 1} calls.</li>
 *   <li>{@link DecodeMode#MAP_RPS}: MMSE estimate, re-noised to {@code t0 = perception * sigma_y}
 *       and sampled back down conditioned on {@code y} ({@link MapRps}); {@code steps + 2} calls,
 *       one call when {@code t0 <= sigmaMin}.</li>
 *   <li>If {@code sigma_y <= sigmaMin}, every mode returns {@code D(y; sigma_y)} (one call).</li>
 * </ul>
 *
 * <p>Deterministic for a deterministic denoiser: the stochastic modes (SDE, MAP_RPS) draw their
 * noise from {@link DecodeNoise} under {@link DecodeSettings#decodeSeed()}, so the same seed gives
 * a bit-identical result on every platform and thread count. Denoiser calls are made on the calling
 * thread (the denoiser may parallelise internally); the stochastic modes run their element-wise
 * noise and updates in parallel chunks on the current ForkJoin pool when the tensor is large.
 * Cancellation: interrupting the decoding thread makes the next check (before every denoiser call)
 * throw {@link java.util.concurrent.CancellationException} with message "decode cancelled"; the
 * interrupt flag is left set.
 */
public final class DiffusionDecoder {

    private DiffusionDecoder() {
    }

    /** Number of denoiser calls {@link #reconstruct} makes for these arguments. */
    public static int denoiserCalls(double sigmaY, DecodeSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        if (sigmaY <= settings.sigmaMin()) {
            return 1;
        }
        switch (settings.mode()) {
            case ODE:
                return ScoreScaledOde.denoiserCalls(sigmaY, settings.sigmaMin(), settings.steps());
            case INTERPOLATION:
                return settings.perception() == 0.0
                        ? 1 : ScoreScaledOde.denoiserCalls(sigmaY, settings.sigmaMin(), settings.steps());
            case SDE:
                return VarianceScaledSde.denoiserCalls(sigmaY, settings.sigmaMin(), settings.steps());
            case MAP_RPS:
                return MapRps.denoiserCalls(sigmaY, settings.perception(), settings.sigmaMin(), settings.steps());
            default:
                throw new IllegalArgumentException("unsupported decode mode " + settings.mode());
        }
    }

    /**
     * Reconstructs an image from {@code y}.
     *
     * @param denoiser VE denoiser {@code D(x; sigma)}
     * @param y        noisy latent, length {@code shape.size()}; not modified
     * @param shape    tensor shape
     * @param sigmaY   noise level of {@code y}, finite and {@code >= 0}
     * @param settings decode settings
     * @param progress progress listener (may be null, meaning {@link ProgressListener#NONE})
     * @return a new array of length {@code shape.size()}
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    public static float[] reconstruct(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY,
                                      DecodeSettings settings, ProgressListener progress) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        ScoreScaledOde.validate(denoiser, y, shape, sigmaY, settings.steps(), settings.sigmaMin(), settings.rho());
        CallCounter counter = new CallCounter(denoiserCalls(sigmaY, settings), progress);
        float[] result;
        if (sigmaY <= settings.sigmaMin()) {
            result = tweedie(denoiser, y, shape, sigmaY, counter);
        } else {
            switch (settings.mode()) {
                case ODE:
                    result = ScoreScaledOde.run(denoiser, y, shape, sigmaY, 2.0 - settings.perception(),
                            settings.steps(), settings.sigmaMin(), settings.rho(), counter, null);
                    break;
                case INTERPOLATION:
                    result = interpolate(denoiser, y, shape, sigmaY, settings, counter);
                    break;
                case SDE:
                    result = VarianceScaledSde.run(denoiser, y, shape, sigmaY, settings.perception(),
                            settings.steps(), settings.sigmaMin(), settings.rho(), settings.decodeSeed(), counter);
                    break;
                case MAP_RPS:
                    result = MapRps.run(denoiser, y, shape, sigmaY, settings.perception(),
                            settings.steps(), settings.sigmaMin(), settings.rho(), settings.decodeSeed(), counter);
                    break;
                default:
                    throw new IllegalArgumentException("unsupported decode mode " + settings.mode());
            }
        }
        counter.finish();
        return result;
    }

    private static float[] tweedie(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY,
                                   CallCounter counter) {
        float[] out = new float[shape.size()];
        counter.denoise(denoiser, y, shape, sigmaY, out);
        return out;
    }

    private static float[] interpolate(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY,
                                       DecodeSettings settings, CallCounter counter) {
        double a = settings.perception();
        if (a == 0.0) {
            return tweedie(denoiser, y, shape, sigmaY, counter);
        }
        float[] mmse = new float[shape.size()];
        float[] x = ScoreScaledOde.run(denoiser, y, shape, sigmaY, 1.0, settings.steps(), settings.sigmaMin(),
                settings.rho(), counter, mmse);
        double b = 1.0 - a;
        for (int e = 0; e < x.length; e++) {
            x[e] = (float) (b * mmse[e] + a * x[e]);
        }
        return x;
    }
}
