package dev.rdpc.decoder.onnx;

/**
 * How the noise level is fed to an ONNX model ({@code noiseEncoding} field of a {@link ModelCard}).
 * Values are in the model's own units and are fed as {@code float}.
 */
public enum NoiseEncoding {

    /** The standard deviation {@code sigma} itself. */
    SIGMA("sigma"),

    /** {@code ln(sigma) / 4}, the {@code c_noise} of EDM. */
    LOG_SIGMA_QUARTER("log_sigma_quarter"),

    /** The fractional timestep {@code t} in {@code [0, timesteps - 1]} of a {@link BetaSchedule} (VP models). */
    TIMESTEP("timestep"),

    /** No noise level at all (blind models). */
    NONE("none");

    private final String id;

    NoiseEncoding(String id) {
        this.id = id;
    }

    /** The id used in model cards. */
    public String id() {
        return id;
    }

    /**
     * Looks an encoding up by its exact {@link #id()}.
     *
     * @throws IllegalArgumentException for an unknown id, listing the valid ones
     */
    public static NoiseEncoding fromId(String id) {
        for (NoiseEncoding e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (NoiseEncoding e : values()) {
            valid.append(valid.length() == 0 ? "" : ", ").append('"').append(e.id).append('"');
        }
        throw new IllegalArgumentException("unknown noise encoding \"" + id + "\", expected one of " + valid);
    }
}
