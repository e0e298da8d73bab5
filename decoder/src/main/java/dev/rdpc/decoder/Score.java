package dev.rdpc.decoder;

/**
 * The one denoiser convention of the project, in one place (DESIGN.md section 4):
 *
 * <ul>
 *   <li>score: {@code grad log p_sigma(x) = (D(x; sigma) - x) / sigma^2};</li>
 *   <li>Tweedie: the MMSE estimate of {@code u} from {@code y = u + sigma n} is
 *       {@code E[u | y] = y + sigma^2 score(y) = D(y; sigma)};</li>
 *   <li>PF-ODE drift (score-scaled by {@code kappa}):
 *       {@code dx/dsigma = -kappa sigma score(x) = kappa (x - D(x; sigma)) / sigma}.</li>
 * </ul>
 */
public final class Score {

    private Score() {
    }

    /**
     * {@code out = (D(x; sigma) - x) / sigma^2}.
     *
     * @param sigma finite and {@code > 0}
     * @param out   must not be the same array as {@code x}
     */
    public static void score(Denoiser denoiser, float[] x, TensorShape shape, double sigma, float[] out) {
        requirePositiveSigma(sigma);
        if (denoiser == null) {
            throw new IllegalArgumentException("denoiser must not be null");
        }
        denoiser.denoise(x, shape, sigma, out);
        scoreFromDenoised(x, out, sigma, out);
    }

    /**
     * {@code out = (denoised - x) / sigma^2} computed in double per element; {@code out} may be
     * the same array as {@code denoised} or {@code x}.
     */
    public static void scoreFromDenoised(float[] x, float[] denoised, double sigma, float[] out) {
        requirePositiveSigma(sigma);
        if (x.length != denoised.length || x.length != out.length) {
            throw new IllegalArgumentException("array lengths differ: x " + x.length + ", denoised "
                    + denoised.length + ", out " + out.length);
        }
        double inv = 1.0 / (sigma * sigma);
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (((double) denoised[i] - (double) x[i]) * inv);
        }
    }

    /** Tweedie's MMSE estimate {@code E[u | u + sigma n = y] = D(y; sigma)}, as a new array. */
    public static float[] tweedie(Denoiser denoiser, float[] y, TensorShape shape, double sigma) {
        if (denoiser == null || shape == null) {
            throw new IllegalArgumentException("denoiser and shape must not be null");
        }
        shape.requireLength(y, "y");
        float[] out = new float[shape.size()];
        denoiser.denoise(y, shape, sigma, out);
        return out;
    }

    private static void requirePositiveSigma(double sigma) {
        if (!(sigma > 0.0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and > 0 for the score, got " + sigma);
        }
    }
}
