package dev.rdpc.decoder.archive;

import java.io.IOException;

/** An archive is corrupt, too large, or names an entry outside itself; the message names the archive. */
public class MalformedArchiveException extends IOException {

    private static final long serialVersionUID = 1L;

    public MalformedArchiveException(String message) {
        super(message);
    }

    public MalformedArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
