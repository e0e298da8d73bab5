package dev.rdpc;

/** What went wrong, coarse enough for a command line to map onto exit codes. */
public enum ErrorCode {
    /** An option or argument is out of range or conflicts with another. */
    INVALID_ARGUMENT,
    /**
     * An input image or rdpc file is unreadable, malformed, truncated or corrupted; or a model file
     * given by path is missing, is not a loadable model, or has a missing or malformed card.
     */
    MALFORMED_INPUT,
    /** Reading or writing a file failed. */
    IO,
    /** The file was encoded for another model than the one the decoder holds; the message names both fingerprints. */
    MODEL_MISMATCH,
    /**
     * The input would exceed a resource bound of the decoder (such as the model calls a file's
     * suggested settings need, {@link DecodeOptions#maxModelCalls()}); the message names the bound
     * and how to raise it.
     */
    LIMIT_EXCEEDED,
    /** A requested feature or input kind is not supported. */
    UNSUPPORTED,
    /** A bug: an invariant of the codec did not hold. */
    INTERNAL
}
