package dev.rdpc.rcc;

import java.io.IOException;

/** The RCC payload cannot be decoded; {@link #offset()} is relative to the payload's first byte. */
public final class CorruptBitstreamException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long offset;
    private final String reason;

    public CorruptBitstreamException(long offset, String reason) {
        super("payload offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    public long offset() {
        return offset;
    }

    public String reason() {
        return reason;
    }
}
