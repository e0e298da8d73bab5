package dev.rdpc.decoder.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the regular files of a {@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz} archive
 * in archive order, into memory and never onto disk. Archives are untrusted input: the number of
 * entries is bounded, every read is bounded by its caller, names that are absolute or climb out
 * with {@code ..} are refused, and links, devices, encrypted and otherwise unreadable entries are
 * passed over. (A zip read as a stream has no file modes, so a symbolic link stored in a zip reads
 * as a small file holding the link's target; it is never followed.) Everything wrong with the
 * archive itself is a {@link MalformedArchiveException}; any other {@link IOException} is a
 * failure to read the file.
 *
 * <p>Not thread-safe; one pass per instance.
 */
public final class ArchiveReader implements Closeable {

    /** The archive formats, chosen by the file name. */
    public enum Format {
        ZIP, TAR, TAR_GZ;

        /** The format a file name says, or empty for other names. */
        public static Optional<Format> of(Path file) {
            if (file == null || file.getFileName() == null) {
                return Optional.empty();
            }
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".zip")) {
                return Optional.of(ZIP);
            }
            if (n.endsWith(".tar")) {
                return Optional.of(TAR);
            }
            if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
                return Optional.of(TAR_GZ);
            }
            return Optional.empty();
        }
    }

    /** A regular file of the archive: its name (with folders, '/' separated) and the size its header declares (-1 if none). */
    public record Entry(String name, long declaredSize) {
        /** The name after its last '/'. */
        public String fileName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }
    }

    private final Path archive;
    private final int maxEntries;
    private final SourceStream source;
    private final ArchiveInputStream<?> in;
    private int entries;
    private Entry current;

    private ArchiveReader(Path archive, int maxEntries, SourceStream source, ArchiveInputStream<?> in) {
        this.archive = archive;
        this.maxEntries = maxEntries;
        this.source = source;
        this.in = in;
    }

    /** True when the file name is that of an archive this class reads. */
    public static boolean isArchive(Path file) {
        return Format.of(file).isPresent();
    }

    /**
     * Opens {@code archive}, whose format its name gives.
     *
     * @param maxEntries the most entries (files, folders, links) the archive may hold
     * @throws IllegalArgumentException if the name is not that of a supported archive
     * @throws MalformedArchiveException if the start of the file is not such an archive
     * @throws IOException if the file cannot be read
     */
    public static ArchiveReader open(Path archive, int maxEntries) throws IOException {
        Format format = Format.of(archive).orElseThrow(() -> new IllegalArgumentException(
                archive + " is not named as a .zip, .tar, .tar.gz or .tgz archive"));
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        }
        SourceStream source = new SourceStream(Files.newInputStream(archive));
        try {
            InputStream buffered = new BufferedInputStream(source, 1 << 16);
            ArchiveInputStream<?> in;
            switch (format) {
                case ZIP:
                    // Stored entries followed by a data descriptor are allowed: some zip writers produce them.
                    in = new ZipArchiveInputStream(buffered, "UTF-8", true, true);
                    break;
                case TAR:
                    in = new TarArchiveInputStream(buffered);
                    break;
                case TAR_GZ:
                    in = new TarArchiveInputStream(GzipCompressorInputStream.builder().setInputStream(buffered)
                            .setDecompressConcatenated(true).get());
                    break;
                default:
                    throw new AssertionError(format);
            }
            return new ArchiveReader(archive, maxEntries, source, in);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw classify(archive, source, e);
        }
    }

    /**
     * Moves to the next regular file, passing over folders, links, special files and entries this
     * reader cannot decode (encrypted, unsupported compression); null at the end of the archive.
     *
     * @throws MalformedArchiveException if the archive is corrupt, holds more than the allowed
     *                                   entries, or names an entry outside itself
     */
    public Entry next() throws IOException {
        current = null;
        while (true) {
            ArchiveEntry e;
            try {
                e = in.getNextEntry();
            } catch (IOException | RuntimeException ex) {
                throw classify(archive, source, ex);
            }
            if (e == null) {
                return null;
            }
            if (++entries > maxEntries) {
                throw new MalformedArchiveException(archive + ": holds more than " + maxEntries + " entries");
            }
            String name = checkedName(e.getName());
            if (e.isDirectory() || !isRegularFile(e) || !in.canReadEntryData(e)) {
                continue;
            }
            current = new Entry(name, e.getSize());
            return current;
        }
    }

    private static boolean isRegularFile(ArchiveEntry e) {
        if (e instanceof TarArchiveEntry) {
            TarArchiveEntry t = (TarArchiveEntry) e;
            // isFile() alone also holds for links and devices
            return t.isFile() && !t.isSymbolicLink() && !t.isLink() && !t.isCharacterDevice() && !t.isBlockDevice()
                    && !t.isFIFO();
        }
        if (e instanceof ZipArchiveEntry) {
            return !((ZipArchiveEntry) e).isUnixSymlink();
        }
        return false;
    }

    /**
     * The current entry's bytes, refusing more than {@code maxBytes}. Memory grows with the bytes
     * actually read, not with the size the header declares.
     *
     * @throws MalformedArchiveException if the entry is larger, or its data is corrupt
     */
    public byte[] read(long maxBytes) throws IOException {
        if (current == null) {
            throw new IllegalStateException("no current entry: call next() first");
        }
        Entry entry = current;
        current = null;
        if (entry.declaredSize() > maxBytes) {
            throw tooLarge(entry, entry.declaredSize() + " bytes", maxBytes);
        }
        long cap = Math.min(maxBytes, Integer.MAX_VALUE - 16);
        int initial = (int) Math.min(entry.declaredSize() >= 0 ? entry.declaredSize() : 1 << 16, 1 << 20);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(initial, 32));
        byte[] buffer = new byte[1 << 16];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (out.size() + (long) n > cap) {
                    throw tooLarge(entry, "more than " + cap + " bytes", maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (MalformedArchiveException ex) {
            throw ex;
        } catch (IOException | RuntimeException ex) {
            throw classify(archive, source, ex);
        }
        return out.toByteArray();
    }

    private MalformedArchiveException tooLarge(Entry entry, String size, long maxBytes) {
        return new MalformedArchiveException(archive + ": entry " + entry.name() + " is " + size + ", more than the "
                + maxBytes + " allowed");
    }

    /** The entry's name with '/' separators, refused when it is absolute or climbs out of the archive. */
    private String checkedName(String raw) throws MalformedArchiveException {
        if (raw == null || raw.isEmpty()) {
            throw new MalformedArchiveException(archive + ": an entry has no name");
        }
        String name = raw.replace('\\', '/');
        boolean absolute = name.startsWith("/") || (name.length() >= 2 && name.charAt(1) == ':');
        boolean climbs = false;
        for (String segment : name.split("/")) {
            climbs |= segment.equals("..");
        }
        if (absolute || climbs || name.indexOf('\0') >= 0) {
            throw new MalformedArchiveException(archive + ": entry name \"" + printable(raw)
                    + "\" is absolute or leads outside the archive; refused");
        }
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        return name;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    /**
     * A failure of the file itself stays an {@link IOException}; anything else that escapes the
     * archive decoders (their own IOExceptions and, on hostile headers, runtime exceptions) means
     * the archive is malformed.
     */
    private static IOException classify(Path archive, SourceStream source, Exception e) {
        if (e instanceof MalformedArchiveException) {
            return (MalformedArchiveException) e;
        }
        if (e instanceof IOException && source.failed) {
            return (IOException) e;
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new MalformedArchiveException(archive + ": not a readable "
                + Format.of(archive).map(f -> f.name().toLowerCase(Locale.ROOT).replace('_', '.')).orElse("")
                + " archive (" + reason + ")", e);
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            source.close();
        }
    }

    /** The file's stream, remembering whether reading the file itself failed. */
    private static final class SourceStream extends FilterInputStream {
        boolean failed;

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }
}
