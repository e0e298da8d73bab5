package dev.rdpc.image;

import java.io.IOException;

/**
 * An image could not be read: the input is empty, truncated, malformed, or uses a feature this codec does not
 * support (alpha, CMYK, 16-bit PNM, ...). The message always starts with the name of the source (file name or the
 * name given to {@link ImageFiles#read(java.io.InputStream, String)}), followed by a description of the problem.
 */
public final class ImageReadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    public ImageReadException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    public ImageReadException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file name (or stream name) the problem was found in. */
    public String source() {
        return source;
    }

    /** The problem, without the source name. */
    public String problem() {
        return problem;
    }
}
