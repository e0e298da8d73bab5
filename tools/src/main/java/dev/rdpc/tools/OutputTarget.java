package dev.rdpc.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Where OUT goes, decided before any expensive work, so that nothing but a regular file is ever replaced:
 * <ul>
 *   <li>{@code -}, {@code /dev/stdout}, {@code /dev/fd/1} and {@code /proc/self/fd/1}: standard output itself, so a
 *       shell's {@code >>} keeps appending and a redirected file is never renamed over;</li>
 *   <li>an existing character device ({@code /dev/null}, {@code /dev/full}, a terminal) or FIFO: written through,
 *       never replaced, without -f (nothing is overwritten);</li>
 *   <li>an existing regular file named through /dev or /proc (e.g. {@code /dev/stderr} redirected to a file):
 *       written through and truncated, with -f only, because a temporary file cannot be renamed onto such a name;</li>
 *   <li>block devices, sockets and directories: refused;</li>
 *   <li>anything else: a regular file written atomically by {@link AtomicOutput}, replaced only with -f.</li>
 * </ul>
 * In the first three cases the whole content is made in memory before anything is written, so a failure while making
 * it writes nothing.
 */
final class OutputTarget {
    /** How the content reaches OUT. */
    enum Kind { STANDARD_OUTPUT, WRITE_THROUGH, ATOMIC_FILE }

    /** The names under which Linux offers the process's own standard output. */
    private static final Set<String> STANDARD_OUTPUT_NAMES = Set.of("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1");

    /** File type bits of st_mode (POSIX). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final Kind kind;
    private final boolean force;
    private final boolean truncate;

    private OutputTarget(Path path, Kind kind, boolean force, boolean truncate) {
        this.path = path;
        this.kind = kind;
        this.force = force;
        this.truncate = truncate;
    }

    /**
     * Classifies OUT and checks that it may be written.
     *
     * @throws OutputExistsException a regular file exists and {@code force} is false
     * @throws IOException           OUT is a directory, a block device or a socket, or its directory is missing
     */
    static OutputTarget of(Path out, boolean force) throws IOException {
        if (FileCommand.isStdio(out) || STANDARD_OUTPUT_NAMES.contains(out.toString())) {
            return new OutputTarget(out, Kind.STANDARD_OUTPUT, force, false);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(out, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            // Missing, or a dangling link: AtomicOutput creates the file (or replaces the link, with -f).
            AtomicOutput.checkTarget(out, force);
            return new OutputTarget(out, Kind.ATOMIC_FILE, force, false);
        }
        if (attributes.isOther()) {
            int type = fileType(out);
            if (type == S_IFBLK) {
                throw new FileSystemException(out.toString(), null,
                        "is a block device; rdpc writes only regular files, character devices and pipes");
            }
            if (type == S_IFSOCK) {
                throw new FileSystemException(out.toString(), null, "is a socket; rdpc cannot write to it");
            }
            return new OutputTarget(out, Kind.WRITE_THROUGH, force, false);
        }
        if (attributes.isRegularFile() && isUnderDevOrProc(out)) {
            if (!force) {
                throw new OutputExistsException(out);
            }
            return new OutputTarget(out, Kind.WRITE_THROUGH, force, true);
        }
        AtomicOutput.checkTarget(out, force);
        return new OutputTarget(out, Kind.ATOMIC_FILE, force, false);
    }

    Path path() {
        return path;
    }

    Kind kind() {
        return kind;
    }

    /** Whether OUT will be a regular file that rdpc creates or replaces (its name must then say what it holds). */
    boolean isFileRdpcCreates() {
        return kind == Kind.ATOMIC_FILE;
    }

    /** Writes the content; a failure is a one-line {@link CliException} with exit {@value ExitCodes#IO}. */
    void write(AtomicOutput.Content content, OutputStream standardOutput) throws IOException {
        if (kind == Kind.ATOMIC_FILE) {
            try {
                AtomicOutput.write(path, force, content);
            } catch (OutputExistsException e) {
                throw e;
            } catch (IOException e) {
                throw writeFailed(e);
            }
            return;
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        content.writeTo(whole);
        if (kind == Kind.STANDARD_OUTPUT) {
            try {
                whole.writeTo(standardOutput);
                standardOutput.flush();
            } catch (IOException e) {
                throw StandardOutput.writeFailed(e);
            }
            return;
        }
        StandardOpenOption[] options = truncate
                ? new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING}
                : new StandardOpenOption[] {StandardOpenOption.WRITE};
        try (OutputStream o = Files.newOutputStream(path, options)) {
            whole.writeTo(o);
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    private CliException writeFailed(IOException e) {
        return new CliException(ExitCodes.IO, "cannot write " + path + ": " + reason(e), e);
    }

    /** The innermost I/O failure's description: encoders wrap "No space left on device" in their own words. */
    static String reason(IOException e) {
        Throwable innermost = e;
        while (innermost.getCause() instanceof IOException && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return ExitCodes.describe(innermost);
    }

    private static boolean isUnderDevOrProc(Path out) {
        Path absolute = out.toAbsolutePath().normalize();
        return absolute.startsWith("/dev") || absolute.startsWith("/proc");
    }

    /** The st_mode file type of {@code p} (following links), or 0 where the platform cannot tell. */
    private static int fileType(Path p) throws IOException {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode")) & S_IFMT;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return path + " (" + kind + ")";
    }
}
