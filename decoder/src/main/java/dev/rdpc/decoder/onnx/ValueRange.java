package dev.rdpc.decoder.onnx;

/**
 * The pixel value range a model was trained on ({@code valueRange} field of a {@link ModelCard}).
 * The project's model space spans [-1, 1]; for a model trained on [0, 1] the adapter feeds
 * {@code u01 = (u + 1) / 2} and {@code sigma01 = sigma / 2}, and maps the result back with
 * {@code D = 2 D01 - 1}. In general {@code model = scale * u + offset}, {@code sigma_model = scale * sigma}.
 */
public enum ValueRange {

    /** [-1, 1], the project's own model space: identity. */
    MINUS_ONE_TO_ONE(-1, 1),

    /** [0, 1]: {@code u01 = (u + 1) / 2}. */
    ZERO_TO_ONE(0, 1);

    private final int lower;
    private final int upper;

    ValueRange(int lower, int upper) {
        this.lower = lower;
        this.upper = upper;
    }

    /** Lower end of the range. */
    public int lower() {
        return lower;
    }

    /** Upper end of the range. */
    public int upper() {
        return upper;
    }

    /** Model units per model-space unit: {@code (upper - lower) / 2}. */
    public double scale() {
        return (upper - lower) / 2.0;
    }

    /** {@code model = scale * u + offset}. */
    public double offset() {
        return (upper + lower) / 2.0;
    }

    /**
     * The range with these end points.
     *
     * @throws IllegalArgumentException unless they are (-1, 1) or (0, 1)
     */
    public static ValueRange of(double lower, double upper) {
        for (ValueRange r : values()) {
            if (r.lower == lower && r.upper == upper) {
                return r;
            }
        }
        throw new IllegalArgumentException("value range [" + lower + ", " + upper + "] is not supported, expected "
                + "[-1, 1] or [0, 1]");
    }

    @Override
    public String toString() {
        return "[" + lower + ", " + upper + "]";
    }
}
