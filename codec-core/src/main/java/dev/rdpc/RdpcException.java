package dev.rdpc;

/** The one checked exception of the rdpc library; {@link #code()} says which kind of failure it is. */
public final class RdpcException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RdpcException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public RdpcException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
