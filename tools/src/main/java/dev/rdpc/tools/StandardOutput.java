package dev.rdpc.tools;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output as a byte stream whose write failures throw. {@code System.out} is a {@link java.io.PrintStream},
 * which swallows them (only {@code checkError()} tells), so {@code rdpc decompress F - > /dev/full} used to exit 0.
 * The first failure is kept, so that a writer layered on top (picocli's, which also swallows) can still name it.
 */
final class StandardOutput extends OutputStream {
    /** The process's standard output (file descriptor 1). */
    static final StandardOutput INSTANCE = new StandardOutput(new FileOutputStream(FileDescriptor.out));

    private final OutputStream target;
    private volatile IOException failure;

    StandardOutput(OutputStream target) {
        this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            target.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            target.write(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            target.flush();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    /** Standard output stays open for the rest of the process (picocli and the JVM may still write to it). */
    @Override
    public void close() throws IOException {
        flush();
    }

    /** The first write failure, or null. */
    IOException failure() {
        return failure;
    }

    private IOException remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** The one-line failure (exit {@value ExitCodes#IO}) for a failed write to standard output. */
    static CliException writeFailed(IOException e) {
        return new CliException(ExitCodes.IO, "cannot write standard output: " + ExitCodes.describe(e), e);
    }
}
