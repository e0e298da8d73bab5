package dev.rdpc.decoder.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Writes small archives for the tests: files, folders and symbolic links with any names, hostile ones included. */
public final class TestArchives {
    private TestArchives() {
    }

    /** A file ({@code data} non-null), a folder ({@code data} null), or a symbolic link to {@code target}. */
    public record Item(String name, byte[] data, String linkTarget) {
        public static Item file(String name, byte[] data) {
            return new Item(name, data, null);
        }

        public static Item file(String name, String text) {
            return new Item(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        }

        public static Item folder(String name) {
            return new Item(name, null, null);
        }

        public static Item link(String name, String target) {
            return new Item(name, null, target);
        }
    }

    /** A .tar, gzip-compressed when the name ends in .gz or .tgz. */
    public static Path tar(Path out, Item... items) throws IOException {
        String n = out.getFileName().toString();
        try (OutputStream file = Files.newOutputStream(out);
             OutputStream body = n.endsWith(".gz") || n.endsWith(".tgz") ? new GzipCompressorOutputStream(file) : file;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(body)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Item item : items) {
                TarArchiveEntry e;
                if (item.linkTarget() != null) {
                    e = new TarArchiveEntry(item.name(), TarConstants.LF_SYMLINK);
                    e.setLinkName(item.linkTarget());
                } else {
                    // preserveAbsolutePath: the hostile names must reach the archive as written
                    e = new TarArchiveEntry(item.name(), true);
                    if (item.data() != null) {
                        e.setSize(item.data().length);
                    }
                }
                tar.putArchiveEntry(e);
                if (item.data() != null) {
                    tar.write(item.data());
                }
                tar.closeArchiveEntry();
            }
        }
        return out;
    }

    /**
     * A .zip. {@code sizesInHeaders} false writes it as a stream would (sizes only in data
     * descriptors after the data), so that a reader cannot know an entry's size in advance.
     */
    public static Path zip(Path out, boolean sizesInHeaders, Item... items) throws IOException {
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = sizesInHeaders ? new ZipArchiveOutputStream(out)
                : new ZipArchiveOutputStream(streamed)) {
            for (Item item : items) {
                ZipArchiveEntry e = new ZipArchiveEntry(item.data() == null && item.linkTarget() == null
                        && !item.name().endsWith("/") ? item.name() + "/" : item.name());
                if (item.linkTarget() != null) {
                    e.setUnixMode(0120777);
                }
                zip.putArchiveEntry(e);
                if (item.data() != null) {
                    zip.write(item.data());
                } else if (item.linkTarget() != null) {
                    zip.write(item.linkTarget().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                zip.closeArchiveEntry();
            }
        }
        if (!sizesInHeaders) {
            Files.write(out, streamed.toByteArray());
        }
        return out;
    }
}
