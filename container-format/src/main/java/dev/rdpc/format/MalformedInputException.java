package dev.rdpc.format;

import java.io.IOException;

/**
 * Thrown when an rdpc file violates the format specification (docs/format.md) or a
 * {@link ReaderLimits} bound.
 *
 * <p>The {@linkplain #offset() offset} is the position in the input, in bytes from the start of
 * the file, at which the problem was detected; the {@linkplain #reason() reason} is a
 * human-readable explanation that cites the relevant section of the specification. The message
 * is {@code "offset " + offset + ": " + reason}.
 */
public class MalformedInputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String reason;

    /**
     * Creates an exception.
     *
     * @param offset byte offset in the input where the problem was detected
     * @param reason explanation of the problem
     */
    public MalformedInputException(long offset, String reason) {
        super("offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /**
     * Returns the byte offset in the input where the problem was detected.
     *
     * @return the offset
     */
    public long offset() {
        return offset;
    }

    /**
     * Returns the explanation of the problem, without the offset prefix.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
