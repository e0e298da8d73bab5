package dev.rdpc.decoder;

/**
 * Settings of {@link DiffusionDecoder}.
 *
 * @param mode       traversal, not null
 * @param perception perception knob {@code P} in [0, 1]: 0 = lowest distortion (MMSE end),
 *                   1 = perfect perception (PF-ODE end)
 * @param steps      number of Heun steps of the ODE, in [1, 10000]
 * @param sigmaMin   smallest sigma of the Karras grid, finite and in (0, 1]
 * @param rho        curvature of the Karras grid, finite and in [1, 100]
 */
public record DecodeSettings(DecodeMode mode, double perception, int steps, double sigmaMin, double rho) {

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

    /** ODE mode, perception 0, 24 steps, sigmaMin 0.002, rho 7. */
    public static DecodeSettings defaults() {
        return new DecodeSettings(DecodeMode.ODE, 0.0, DEFAULT_STEPS,
                KarrasSchedule.DEFAULT_SIGMA_MIN, KarrasSchedule.DEFAULT_RHO);
    }

    /** A copy with another mode. */
    public DecodeSettings withMode(DecodeMode newMode) {
        return new DecodeSettings(newMode, perception, steps, sigmaMin, rho);
    }

    /** A copy with another perception knob. */
    public DecodeSettings withPerception(double newPerception) {
        return new DecodeSettings(mode, newPerception, steps, sigmaMin, rho);
    }

    /** A copy with another number of steps. */
    public DecodeSettings withSteps(int newSteps) {
        return new DecodeSettings(mode, perception, newSteps, sigmaMin, rho);
    }

    /** A copy with another sigmaMin. */
    public DecodeSettings withSigmaMin(double newSigmaMin) {
        return new DecodeSettings(mode, perception, steps, newSigmaMin, rho);
    }

    /** A copy with another rho. */
    public DecodeSettings withRho(double newRho) {
        return new DecodeSettings(mode, perception, steps, sigmaMin, newRho);
    }
}
