package dev.rdpc.tools;

import dev.rdpc.RdpcException;
import dev.rdpc.image.ImageReadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * The exit codes of every rdpc subcommand, and the mapping from exceptions to them and to one-line messages.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><td>{@value #OK}</td><td>success</td></tr>
 *   <tr><td>{@value #USAGE}</td><td>wrong or conflicting options: picocli parameter errors,
 *       {@link IllegalArgumentException} (from the options records), {@link RdpcException} with
 *       {@code INVALID_ARGUMENT}, an existing output without -f, IN and OUT the same file</td></tr>
 *   <tr><td>{@value #INPUT}</td><td>unreadable or malformed input: {@link ImageReadException}, {@link RdpcException}
 *       with {@code MALFORMED_INPUT} or {@code UNSUPPORTED}, an input file that cannot be opened or read</td></tr>
 *   <tr><td>{@value #IO}</td><td>other I/O failures, chiefly writing the output: any other {@link IOException},
 *       {@link RdpcException} with {@code IO}</td></tr>
 *   <tr><td>{@value #INTERNAL}</td><td>anything else: bugs, {@link RdpcException} with {@code INTERNAL},
 *       running out of memory</td></tr>
 * </table>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int INPUT = 2;
    public static final int IO = 3;
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }

    /** The exit code a failure maps to. */
    public static int of(Throwable t) {
        if (t instanceof CliException) {
            return ((CliException) t).exitCode();
        }
        if (t instanceof CommandLine.ParameterException || t instanceof IllegalArgumentException
                || t instanceof OutputExistsException) {
            return USAGE;
        }
        if (t instanceof RdpcException) {
            switch (((RdpcException) t).code()) {
                case INVALID_ARGUMENT:
                    return USAGE;
                case MALFORMED_INPUT:
                case MODEL_MISMATCH:
                case UNSUPPORTED:
                case LIMIT_EXCEEDED:
                    return INPUT;
                case IO:
                    return IO;
                default:
                    return INTERNAL;
            }
        }
        if (t instanceof ImageReadException) {
            return INPUT;
        }
        if (t instanceof IOException || t instanceof UncheckedIOException) {
            return IO;
        }
        return INTERNAL;
    }

    /** A one-line message for a failure, without the "rdpc: " prefix. */
    public static String message(Throwable t) {
        return message(t, false);
    }

    /**
     * A one-line message for a failure, without the "rdpc: " prefix.
     *
     * @param verbose whether the stack trace follows (internal errors then omit the hint to rerun with -v)
     */
    public static String message(Throwable t, boolean verbose) {
        String text;
        int code = of(t);
        if (t instanceof UncheckedIOException && t.getCause() != null) {
            text = describe(t.getCause());
        } else if (code == INTERNAL && !(t instanceof RdpcException)) {
            if (t instanceof OutOfMemoryError) {
                text = "out of memory; give Java a larger heap, e.g. RDPC_JAVA_OPTS=-Xmx8g";
            } else {
                text = "internal error: " + t + (verbose ? "" : " (run with -v for the stack trace)");
            }
        } else {
            text = describe(t);
        }
        return oneLine(text);
    }

    /** A readable description of an exception; file-system exceptions name the file and the reason. */
    public static String describe(Throwable t) {
        if (t instanceof FileSystemException && !(t instanceof ImageReadException)) {
            FileSystemException e = (FileSystemException) t;
            String reason = e.getReason();
            if (reason == null) {
                if (e instanceof NoSuchFileException) {
                    reason = "no such file or directory";
                } else if (e instanceof AccessDeniedException) {
                    reason = "permission denied";
                } else if (e instanceof NotDirectoryException) {
                    reason = "not a directory";
                } else {
                    reason = e.getClass().getSimpleName();
                }
            }
            StringBuilder sb = new StringBuilder();
            if (e.getFile() != null) {
                sb.append(e.getFile());
                if (e.getOtherFile() != null) {
                    sb.append(" -> ").append(e.getOtherFile());
                }
                sb.append(": ");
            }
            return sb.append(reason).toString();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** The text with line breaks folded into "; " so that every message is one line. */
    static String oneLine(String s) {
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
