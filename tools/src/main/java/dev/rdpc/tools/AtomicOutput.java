package dev.rdpc.tools;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes output files atomically: the content goes to a hidden temporary file in the target's directory, is flushed
 * to disk, and is then renamed onto the target ({@code ATOMIC_MOVE}, or {@code REPLACE_EXISTING} where the file
 * system cannot move atomically). Readers therefore see either the old file (or none) or the complete new one. The
 * temporary file is deleted on any failure, and by a shutdown hook if the JVM is stopped (e.g. Ctrl-C) mid-write.
 */
public final class AtomicOutput {
    /** Content written to the output. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final String TEMP_SUFFIX = ".tmp";
    /** Longest part of the target's name kept in the temporary name, so the name stays under common limits. */
    private static final int MAX_NAME_IN_TEMP = 120;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private AtomicOutput() {
    }

    /**
     * Checks, before any expensive work, that the target can plausibly be written: its directory exists and is a
     * directory, the target is not a directory, and it does not exist unless {@code overwrite}.
     *
     * @throws OutputExistsException if the target exists and {@code overwrite} is false
     * @throws IOException           if the directory is missing or not a directory, or the target is a directory
     */
    public static void checkTarget(Path target, boolean overwrite) throws IOException {
        Path dir = directoryOf(target);
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "output directory does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        if (Files.isDirectory(target)) {
            throw new FileSystemException(target.toString(), null, "is a directory");
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputExistsException(target);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, boolean overwrite, byte[] bytes) throws IOException {
        write(target, overwrite, out -> out.write(bytes));
    }

    /**
     * Writes the content to {@code target} atomically.
     *
     * @param overwrite whether an existing target may be replaced
     * @throws OutputExistsException if the target exists and {@code overwrite} is false (nothing is written)
     * @throws IOException           if writing fails; the temporary file is then gone and the target untouched
     */
    public static void write(Path target, boolean overwrite, Content content) throws IOException {
        checkTarget(target, overwrite);
        Path tmp = createTemp(target);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new OutputExistsException(target); // appeared while we were writing
            }
            move(tmp, target, overwrite);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException e) {
                t.addSuppressed(e);
            }
            throw t;
        } finally {
            PENDING.remove(tmp);
        }
    }

    /** Whether two paths name the same file (following links where both exist). */
    public static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall through to the textual comparison
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    static boolean isTemporaryName(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX);
    }

    private static Path directoryOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("output path has no directory: " + target);
        }
        return parent;
    }

    private static Path createTemp(Path target) throws IOException {
        Path dir = directoryOf(target);
        String name = target.getFileName().toString();
        if (name.length() > MAX_NAME_IN_TEMP) {
            name = name.substring(0, MAX_NAME_IN_TEMP);
        }
        installHook();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + TEMP_SUFFIX);
            PENDING.add(tmp);
            try {
                // Default permissions (umask), unlike createTempFile's owner-only ones: the file becomes the output.
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                PENDING.remove(tmp);
                if (attempt >= 10) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                PENDING.remove(tmp);
                throw e;
            }
        }
    }

    private static void move(Path tmp, Path target, boolean overwrite) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, target);
            }
        }
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (AtomicOutput.class) {
            if (hookInstalled) {
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Path p : PENDING) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException | RuntimeException e) {
                        // best effort while the JVM goes down
                    }
                }
            }, "rdpc-temp-cleanup"));
            hookInstalled = true;
        }
    }
}
