package dev.rdpc.decoder.onnx;

/**
 * The beta schedule of a variance-preserving model ({@code betaSchedule} field of a
 * {@link ModelCard}). Only the DDPM linear schedule is supported:
 *
 * <pre>
 *   beta_i      = betaStart + (betaEnd - betaStart) * i / (timesteps - 1),   i = 0 .. timesteps - 1
 *   alpha_bar_t = prod_{i = 0..t} (1 - beta_i)
 *   sigma_t     = sqrt(1 / alpha_bar_t - 1)          (the equivalent variance-exploding noise level)
 * </pre>
 *
 * Between integer timesteps {@code log alpha_bar} is interpolated linearly, which defines
 * {@code alpha_bar(t)} and {@code sigma(t)} for fractional {@code t} in {@code [0, timesteps - 1]}.
 *
 * <p>In JSON: {@code {"type": "linear", "betaStart": 1e-4, "betaEnd": 0.02, "timesteps": 1000}}.
 *
 * @param type      schedule family; only {@link Type#LINEAR}
 * @param betaStart {@code beta_0}, in (0, 1)
 * @param betaEnd   {@code beta_{T-1}}, in {@code [betaStart, 1)}
 * @param timesteps number of timesteps {@code T}, in [2, 100000]
 */
public record BetaSchedule(Type type, double betaStart, double betaEnd, int timesteps) {

    /** Largest accepted number of timesteps. */
    public static final int MAX_TIMESTEPS = 100_000;

    /** Schedule family. */
    public enum Type {
        /** Betas linear in the timestep (DDPM). */
        LINEAR("linear");

        private final String id;

        Type(String id) {
            this.id = id;
        }

        /** The id used in model cards. */
        public String id() {
            return id;
        }

        /**
         * Looks a type up by its exact id.
         *
         * @throws IllegalArgumentException for an unknown id
         */
        public static Type fromId(String id) {
            for (Type t : values()) {
                if (t.id.equals(id)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown schedule type \"" + id + "\", expected \"linear\"");
        }
    }

    /** Validates every field; a {@link ModelCardException} names the field. */
    public BetaSchedule {
        if (type == null) {
            throw new ModelCardException("betaSchedule.type", "is required (\"linear\")");
        }
        if (!(betaStart > 0.0 && betaStart < 1.0)) {
            throw new ModelCardException("betaSchedule.betaStart", "must be in (0, 1), got " + betaStart);
        }
        if (!(betaEnd >= betaStart && betaEnd < 1.0)) {
            throw new ModelCardException("betaSchedule.betaEnd",
                    "must be in [betaStart, 1) = [" + betaStart + ", 1), got " + betaEnd);
        }
        if (timesteps < 2 || timesteps > MAX_TIMESTEPS) {
            throw new ModelCardException("betaSchedule.timesteps",
                    "must be in [2, " + MAX_TIMESTEPS + "], got " + timesteps);
        }
    }

    /** The linear schedule. */
    public static BetaSchedule linear(double betaStart, double betaEnd, int timesteps) {
        return new BetaSchedule(Type.LINEAR, betaStart, betaEnd, timesteps);
    }

    /** {@code beta_i}. */
    public double beta(int i) {
        if (i < 0 || i >= timesteps) {
            throw new IllegalArgumentException("timestep " + i + " outside [0, " + (timesteps - 1) + "]");
        }
        return betaStart + (betaEnd - betaStart) * ((double) i / (timesteps - 1));
    }

    /**
     * {@code log alpha_bar_t} for every integer {@code t}, accumulated in order with
     * {@link StrictMath#log1p} (bit-identical on every platform). A new array on every call.
     */
    public double[] logAlphaBarTable() {
        double[] table = new double[timesteps];
        double acc = 0.0;
        for (int i = 0; i < timesteps; i++) {
            acc += StrictMath.log1p(-beta(i));
            table[i] = acc;
        }
        return table;
    }
}
