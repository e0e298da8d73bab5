package dev.rdpc.decoder;

/**
 * How {@link DiffusionDecoder} traverses from the decoded noisy latent to an image
 * (DESIGN.md section 4). More modes will be added; ids are stable and are written into files, so
 * existing ids must never change or be reused.
 */
public enum DecodeMode {

    /** Score-scaled probability-flow ODE with {@code kappa = 2 - perception}. */
    ODE("ode", 1),

    /**
     * Interpolation {@code (1 - a) D(y; sigma_y) + a x_PF-ODE} with {@code a = perception}; the
     * optimal distortion-perception estimator for Gaussian data.
     */
    INTERPOLATION("interp", 2),

    /**
     * Variance-scaled reverse diffusion (seeds 004/002, {@link VarianceScaledSde}): ancestral steps
     * from {@code y} with the reverse variance scaled by {@code lambda = perception}; 0 = the MMSE
     * end point (deterministic), 1 = a posterior sample (as the number of steps grows). Stochastic:
     * the noise comes from {@link DecodeSettings#decodeSeed()}.
     */
    SDE("sde", 3),

    /**
     * Stage-wise MAP-RPS (seed 001, {@link MapRps}): the MMSE estimate {@code D(y; sigma_y)},
     * re-noised to {@code t0 = perception * sigma_y} and sampled back down conditioned on {@code y};
     * 0 = the MMSE estimate. Stochastic: the noise comes from {@link DecodeSettings#decodeSeed()}.
     */
    MAP_RPS("map-rps", 4);

    private final String id;
    private final int numericId;

    DecodeMode(String id, int numericId) {
        this.id = id;
        this.numericId = numericId;
    }

    /** Stable lowercase id for command lines and reports. */
    public String id() {
        return id;
    }

    /** Stable numeric id for the file format. */
    public int numericId() {
        return numericId;
    }

    /**
     * Looks a mode up by its {@link #id()} (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for an unknown id
     */
    public static DecodeMode fromId(String id) {
        if (id != null) {
            String k = id.strip();
            for (DecodeMode m : values()) {
                if (m.id.equalsIgnoreCase(k)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("unknown decode mode '" + id + "', expected one of " + idList());
    }

    /**
     * Looks a mode up by its {@link #numericId()}.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    public static DecodeMode fromNumericId(int numericId) {
        for (DecodeMode m : values()) {
            if (m.numericId == numericId) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown decode mode number " + numericId + ", expected one of "
                + numericIdList());
    }

    private static String idList() {
        StringBuilder sb = new StringBuilder();
        for (DecodeMode m : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(m.id);
        }
        return sb.toString();
    }

    private static String numericIdList() {
        StringBuilder sb = new StringBuilder();
        for (DecodeMode m : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(m.numericId).append(" (").append(m.id).append(')');
        }
        return sb.toString();
    }
}
