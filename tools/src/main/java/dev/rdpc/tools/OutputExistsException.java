package dev.rdpc.tools;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/** The output file exists and overwriting was not requested; a usage error (exit {@value ExitCodes#USAGE}). */
public final class OutputExistsException extends FileAlreadyExistsException {
    private static final long serialVersionUID = 1L;

    public OutputExistsException(Path target) {
        super(target.toString(), null, "already exists; use -f to overwrite it");
    }
}
