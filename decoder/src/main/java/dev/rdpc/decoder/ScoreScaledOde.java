package dev.rdpc.decoder;

/**
 * The score-scaled probability-flow ODE of DESIGN.md section 4:
 *
 * <pre>
 *   dx/dsigma = kappa * (x - D(x; sigma)) / sigma = -kappa * sigma * score(x),    x(sigma_y) = y
 * </pre>
 *
 * integrated from {@code sigma_y} down to {@code sigmaMin} on the Karras grid
 * {@code KarrasSchedule.of(sigmaY, sigmaMin, steps + 1, rho)} with Heun's second-order method
 * (Euler predictor, trapezoidal corrector, the corrector applied on every step including the last
 * one to {@code sigmaMin}), followed by one final denoiser call {@code x0 = D(x; sigmaMin)}.
 *
 * <p>{@code kappa = 1} is the ordinary PF-ODE (a transport map onto the data distribution, perfect
 * perception); {@code kappa = 2} is the reverse-mean flow that ends at the MMSE estimate for
 * Gaussian data. For the scalar Gaussian source {@code u ~ N(0, v)} the end point is
 * {@code r^(kappa/2) y} with {@code r = v / (v + sigma_y^2)} (up to discretisation and the
 * {@code sigmaMin} cut-off: the exact continuous end point is
 * {@code r^(kappa/2) (1 + sigmaMin^2/v)^(kappa/2 - 1) y}).
 *
 * <p><b>Cost:</b> {@code 2 * steps + 1} denoiser calls (2 per Heun step + 1 final); a single call
 * {@code D(y; sigma_y)} when {@code sigma_y <= sigmaMin}. See {@link #denoiserCalls}.
 *
 * <p>State is kept in float arrays; each step's update is computed per element in double and then
 * rounded to float once. Single-threaded and deterministic: with a deterministic denoiser, the
 * result is bit-identical across runs. The thread is checked for interruption before every
 * denoiser call ({@link java.util.concurrent.CancellationException} "decode cancelled").
 */
public final class ScoreScaledOde {

    private ScoreScaledOde() {
    }

    /**
     * Number of denoiser calls {@link #integrate} makes: {@code 1} if {@code sigmaY <= sigmaMin},
     * otherwise {@code 2 * steps + 1}.
     */
    public static int denoiserCalls(double sigmaY, double sigmaMin, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        return sigmaY <= sigmaMin ? 1 : Math.addExact(Math.multiplyExact(2, steps), 1);
    }

    /**
     * Integrates the ODE from {@code x(sigmaY) = y} and returns {@code x0} as a new array.
     *
     * @param denoiser the denoiser
     * @param y        start point, length {@code shape.size()}; not modified
     * @param shape    tensor shape
     * @param sigmaY   noise level of {@code y}, finite and {@code >= 0}
     * @param kappa    score scale, finite and {@code >= 0} (normally {@code 2 - perception})
     * @param steps    Heun steps, {@code >= 1}
     * @param sigmaMin last grid point, finite and {@code > 0}
     * @param rho      Karras curvature, finite and {@code > 0}
     * @param progress progress listener, may be null
     */
    public static float[] integrate(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY, double kappa,
                                    int steps, double sigmaMin, double rho, ProgressListener progress) {
        validate(denoiser, y, shape, sigmaY, steps, sigmaMin, rho);
        CallCounter counter = new CallCounter(denoiserCalls(sigmaY, sigmaMin, steps), progress);
        float[] x = run(denoiser, y, shape, sigmaY, kappa, steps, sigmaMin, rho, counter, null);
        counter.finish();
        return x;
    }

    static void validate(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY, int steps,
                         double sigmaMin, double rho) {
        if (denoiser == null) {
            throw new IllegalArgumentException("denoiser must not be null");
        }
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        shape.requireLength(y, "y");
        if (!(sigmaY >= 0.0) || !Double.isFinite(sigmaY)) {
            throw new IllegalArgumentException("sigmaY must be finite and >= 0, got " + sigmaY);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (!(sigmaMin > 0.0) || !Double.isFinite(sigmaMin)) {
            throw new IllegalArgumentException("sigmaMin must be finite and > 0, got " + sigmaMin);
        }
        if (!(rho > 0.0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and > 0, got " + rho);
        }
    }

    /**
     * The integrator proper. Makes exactly {@link #denoiserCalls} calls through {@code counter}.
     * If {@code firstDenoised} is non-null it receives {@code D(y; sigmaY)} (the first
     * evaluation, which the Interpolation mode reuses).
     */
    static float[] run(Denoiser denoiser, float[] y, TensorShape shape, double sigmaY, double kappa, int steps,
                       double sigmaMin, double rho, CallCounter counter, float[] firstDenoised) {
        if (!(kappa >= 0.0) || !Double.isFinite(kappa)) {
            throw new IllegalArgumentException("kappa must be finite and >= 0, got " + kappa);
        }
        int n = shape.size();
        float[] out = new float[n];
        if (sigmaY <= sigmaMin) {
            counter.denoise(denoiser, y, shape, sigmaY, out);
            if (firstDenoised != null) {
                System.arraycopy(out, 0, firstDenoised, 0, n);
            }
            return out;
        }
        KarrasSchedule grid = KarrasSchedule.of(sigmaY, sigmaMin, steps + 1, rho);
        if (grid.size() != steps + 1) {
            throw new IllegalStateException("grid has " + grid.size() + " points, expected " + (steps + 1));
        }
        float[] x = y.clone();
        float[] den = new float[n];   // D(x; s)
        float[] xp = new float[n];    // Euler predictor
        float[] den2 = new float[n];  // D(xp; sNext)
        for (int i = 0; i < steps; i++) {
            double s = grid.sigma(i);
            double sNext = grid.sigma(i + 1);
            double h = sNext - s;
            counter.denoise(denoiser, x, shape, s, den);
            if (i == 0 && firstDenoised != null) {
                System.arraycopy(den, 0, firstDenoised, 0, n);
            }
            double c1 = kappa / s;
            for (int e = 0; e < n; e++) {
                double xe = x[e];
                double d1 = c1 * (xe - den[e]);
                xp[e] = (float) (xe + h * d1);
            }
            counter.denoise(denoiser, xp, shape, sNext, den2);
            double c2 = kappa / sNext;
            double halfH = 0.5 * h;
            for (int e = 0; e < n; e++) {
                double xe = x[e];
                double d1 = c1 * (xe - den[e]);
                double d2 = c2 * ((double) xp[e] - den2[e]);
                x[e] = (float) (xe + halfH * (d1 + d2));
            }
        }
        counter.denoise(denoiser, x, shape, grid.sigma(steps), out);
        return out;
    }
}
