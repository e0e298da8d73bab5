package dev.rdpc.format;

/**
 * Resource bounds enforced by {@link ContainerReader} before any large allocation
 * (docs/format.md §5).
 *
 * @param maxFileBytes largest accepted file, in bytes (default 1 GiB); at most
 *     {@link #MAX_FILE_BYTES_CEILING} because files are held in a byte array
 * @param maxPixels largest accepted {@code width * height}, also applied to the padded size
 *     (default 100 000 000)
 * @param maxPayloadBytes largest accepted LAYER_PAYLOAD record value, in bytes (default 256 MiB)
 */
public record ReaderLimits(long maxFileBytes, long maxPixels, long maxPayloadBytes) {

    /** Largest value accepted for {@code maxFileBytes}. */
    public static final long MAX_FILE_BYTES_CEILING = Integer.MAX_VALUE - 16;

    private static final ReaderLimits DEFAULTS =
            new ReaderLimits(1L << 30, 100_000_000L, 256L << 20);

    /**
     * Validates the bounds.
     *
     * @throws IllegalArgumentException if a bound is not positive or maxFileBytes exceeds
     *     {@link #MAX_FILE_BYTES_CEILING}
     */
    public ReaderLimits {
        if (maxFileBytes <= 0 || maxFileBytes > MAX_FILE_BYTES_CEILING) {
            throw new IllegalArgumentException(
                    "maxFileBytes must be in 1.." + MAX_FILE_BYTES_CEILING + ": " + maxFileBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
        }
    }

    /**
     * Returns the default limits: 1 GiB files, 100 000 000 pixels, 256 MiB payload.
     *
     * @return the defaults
     */
    public static ReaderLimits defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy with another file size bound.
     *
     * @param value the new maxFileBytes
     * @return the new limits
     */
    public ReaderLimits withMaxFileBytes(long value) {
        return new ReaderLimits(value, maxPixels, maxPayloadBytes);
    }

    /**
     * Returns a copy with another pixel count bound.
     *
     * @param value the new maxPixels
     * @return the new limits
     */
    public ReaderLimits withMaxPixels(long value) {
        return new ReaderLimits(maxFileBytes, value, maxPayloadBytes);
    }

    /**
     * Returns a copy with another payload size bound.
     *
     * @param value the new maxPayloadBytes
     * @return the new limits
     */
    public ReaderLimits withMaxPayloadBytes(long value) {
        return new ReaderLimits(maxFileBytes, maxPixels, value);
    }
}
