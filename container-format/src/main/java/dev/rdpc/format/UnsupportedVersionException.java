package dev.rdpc.format;

/**
 * Thrown for a well-signed rdpc file of a major version this reader does not implement
 * (docs/format.md §2, §8), for example a format 1.x file: the file may be valid, it is just not a
 * format this reader decodes. Offset 8, the major version byte.
 */
public final class UnsupportedVersionException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    private final int major;
    private final int minor;

    UnsupportedVersionException(int major, int minor, String reason) {
        super(FormatIds.SIGNATURE_LENGTH, reason);
        this.major = major;
        this.minor = minor;
    }

    /** The file's major version. */
    public int major() {
        return major;
    }

    /** The file's minor version. */
    public int minor() {
        return minor;
    }
}
