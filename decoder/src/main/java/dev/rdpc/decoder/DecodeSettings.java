package dev.rdpc.decoder;

/**
 * Settings of {@link DiffusionDecoder}.
 *
 * <p>The perception knob {@code P} means, per mode (0 is always the lowest-distortion end):
 * <ul>
 *   <li>{@link DecodeMode#ODE}: {@code kappa = 2 - P}; 1 = PF-ODE end (perfect perception).</li>
 *   <li>{@link DecodeMode#INTERPOLATION}: the weight {@code a = P} of the PF-ODE end point.</li>
 *   <li>{@link DecodeMode#SDE}: the reverse-variance scale {@code lambda = P}; 1 = posterior sample.</li>
 *   <li>{@link DecodeMode#MAP_RPS}: the re-noising knob {@code rho = P}, {@code t0 = P * sigma_y}.</li>
 * </ul>
 *
 * @param mode       traversal, not null
 * @param perception perception knob {@code P} in [0, 1] (see above)
 * @param steps      in [1, 10000]: Heun steps of the ODE (ODE, INTERPOLATION), ancestral steps
 *                   (SDE; MAP_RPS stage 2)
 * @param sigmaMin   smallest sigma of the Karras grid, finite and in (0, 1]
 * @param rho        curvature of the Karras grid, finite and in [1, 100] (not MAP-RPS's knob,
 *                   which is {@code perception})
 * @param decodeSeed seed of the decode noise of the stochastic modes (SDE, MAP_RPS), any value;
 *                   ignored by the deterministic modes. The same seed gives the same image on every
 *                   platform and thread count ({@link DecodeNoise}).
 */
public record DecodeSettings(DecodeMode mode, double perception, int steps, double sigmaMin, double rho,
                             long decodeSeed) {

    /** Default number of Heun steps. */
    public static final int DEFAULT_STEPS = 24;
    /** Largest accepted number of steps. */
    public static final int MAX_STEPS = 10_000;
    /** Largest accepted sigmaMin. */
    public static final double MAX_SIGMA_MIN = 1.0;
    /** Accepted range of rho. */
    public static final double MIN_RHO = 1.0;
    /** Accepted range of rho. */
    public static final double MAX_RHO = 100.0;
    /** Default decode seed. */
    public static final long DEFAULT_DECODE_SEED = 0L;

    /** Validates every field; messages state the valid range. */
    public DecodeSettings {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (!(perception >= 0.0 && perception <= 1.0)) {
            throw new IllegalArgumentException("perception must be in [0, 1], got " + perception);
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be in [1, " + MAX_STEPS + "], got " + steps);
        }
        if (!(sigmaMin > 0.0 && sigmaMin <= MAX_SIGMA_MIN)) {
            throw new IllegalArgumentException("sigmaMin must be in (0, " + MAX_SIGMA_MIN + "], got " + sigmaMin);
        }
        if (!(rho >= MIN_RHO && rho <= MAX_RHO)) {
            throw new IllegalArgumentException("rho must be in [" + MIN_RHO + ", " + MAX_RHO + "], got " + rho);
        }
    }

    /**
     * Settings with decode seed {@link #DEFAULT_DECODE_SEED} (kept for callers written before the
     * seed existed).
     */
    public DecodeSettings(DecodeMode mode, double perception, int steps, double sigmaMin, double rho) {
        this(mode, perception, steps, sigmaMin, rho, DEFAULT_DECODE_SEED);
    }

    /**
     * Interpolation mode, perception 0, 24 steps, sigmaMin 0.002, rho 7, decode seed 0. Interpolation
     * is the default because its perception-0 end is the denoiser's MMSE estimate itself (one model
     * call), which on Kodak has a higher PSNR than the score-scaled ODE at kappa = 2 (0.0-1.4 dB,
     * docs/measurements.md §17), and its perception-1 end is the same PF-ODE reconstruction.
     */
    public static DecodeSettings defaults() {
        return new DecodeSettings(DecodeMode.INTERPOLATION, 0.0, DEFAULT_STEPS,
                KarrasSchedule.DEFAULT_SIGMA_MIN, KarrasSchedule.DEFAULT_RHO, DEFAULT_DECODE_SEED);
    }

    /** A copy with another mode. */
    public DecodeSettings withMode(DecodeMode newMode) {
        return new DecodeSettings(newMode, perception, steps, sigmaMin, rho, decodeSeed);
    }

    /** A copy with another perception knob. */
    public DecodeSettings withPerception(double newPerception) {
        return new DecodeSettings(mode, newPerception, steps, sigmaMin, rho, decodeSeed);
    }

    /** A copy with another number of steps. */
    public DecodeSettings withSteps(int newSteps) {
        return new DecodeSettings(mode, perception, newSteps, sigmaMin, rho, decodeSeed);
    }

    /** A copy with another sigmaMin. */
    public DecodeSettings withSigmaMin(double newSigmaMin) {
        return new DecodeSettings(mode, perception, steps, newSigmaMin, rho, decodeSeed);
    }

    /** A copy with another rho. */
    public DecodeSettings withRho(double newRho) {
        return new DecodeSettings(mode, perception, steps, sigmaMin, newRho, decodeSeed);
    }

    /** A copy with another decode seed. */
    public DecodeSettings withDecodeSeed(long newDecodeSeed) {
        return new DecodeSettings(mode, perception, steps, sigmaMin, rho, newDecodeSeed);
    }
}
