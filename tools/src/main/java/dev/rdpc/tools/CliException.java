package dev.rdpc.tools;

/**
 * A failure the command line has already classified: it carries its exit code (see {@link ExitCodes}) and a message
 * fit for the user, without the "rdpc: " prefix.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Wrong or conflicting options or arguments (exit {@value ExitCodes#USAGE}). */
    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    /** Unreadable or malformed input (exit {@value ExitCodes#INPUT}). */
    public static CliException input(String message, Throwable cause) {
        return new CliException(ExitCodes.INPUT, message, cause);
    }

    /** The exit code this failure maps to. */
    public int exitCode() {
        return exitCode;
    }
}
