package dev.rdpc.tools.curve;

import com.google.common.hash.Hashing;
import dev.rdpc.decoder.archive.ArchiveReader;
import dev.rdpc.decoder.archive.MalformedArchiveException;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An image set read straight from a {@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz}
 * archive, the way data sets such as CLIC and DIV2K ship: the PNG, JPEG, PPM and PGM entries at any
 * folder depth, in name order, each named by its path inside the archive. Other entries (folders,
 * text files, links, macOS resource forks) are passed over. Nothing is extracted to disk.
 *
 * <p>Two passes: the first lists the names, so that {@code limit} picks the first images in name
 * order without holding the others; the second reads those. Each image entry is bounded by
 * {@link #MAX_IMAGE_BYTES}, the archive by {@link #MAX_ENTRIES} entries. An entry's SHA-256 is
 * that of its bytes, so an image keys the curve cache alike in an archive and in a folder.
 */
public final class ImageArchive {
    /** The most entries (of any kind) an archive may hold. */
    public static final int MAX_ENTRIES = 1 << 20;
    /** The largest image entry: 256 MiB (a 2K PNG of DIV2K is about 5 MB). */
    public static final long MAX_IMAGE_BYTES = 256L << 20;

    private ImageArchive() {
    }

    /** True for the file names the curve tool reads as images: .png, .jpg, .jpeg, .ppm, .pgm (any case). */
    public static boolean isImageName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".ppm") || n.endsWith(".pgm");
    }

    private static boolean isImage(ArchiveReader.Entry e) {
        // macOS zips carry "__MACOSX/.../._x.png" resource forks, named like the images but not images.
        return isImageName(e.fileName()) && !e.fileName().startsWith("._") && !e.name().startsWith("__MACOSX/")
                && !e.name().contains("/__MACOSX/");
    }

    /**
     * The first {@code limit} images of {@code archive} in name order (0 = all).
     *
     * @throws MalformedArchiveException if the archive is corrupt, breaks a bound, names an entry
     *                                   outside itself or holds the same image name twice
     * @throws dev.rdpc.image.ImageReadException if an image entry is not a readable image
     * @throws IOException if the file cannot be read
     */
    public static List<SourceImage> read(Path archive, int limit) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (ArchiveReader reader = ArchiveReader.open(archive, MAX_ENTRIES)) {
            for (ArchiveReader.Entry e; (e = reader.next()) != null; ) {
                if (isImage(e) && !names.add(e.name())) {
                    throw new MalformedArchiveException(archive + ": holds two entries named " + e.name());
                }
            }
        }
        List<String> chosen = new ArrayList<>(names);
        if (limit > 0 && chosen.size() > limit) {
            chosen = chosen.subList(0, limit);
        }
        Set<String> wanted = new TreeSet<>(chosen);
        Map<String, SourceImage> images = new HashMap<>();
        try (ArchiveReader reader = ArchiveReader.open(archive, MAX_ENTRIES)) {
            for (ArchiveReader.Entry e; images.size() < wanted.size() && (e = reader.next()) != null; ) {
                if (!isImage(e) || !wanted.contains(e.name())) {
                    continue;
                }
                byte[] bytes = reader.read(MAX_IMAGE_BYTES);
                RasterImage image = ImageFiles.read(new ByteArrayInputStream(bytes), archive + "!" + e.name());
                images.put(e.name(), new SourceImage(e.name(), archive,
                        Hashing.sha256().hashBytes(bytes).toString(), image));
            }
        }
        List<SourceImage> inOrder = new ArrayList<>();
        for (String name : chosen) {
            SourceImage image = images.get(name);
            if (image == null) {
                throw new MalformedArchiveException(archive + ": entry " + name + " was not found again on the second "
                        + "pass; did the archive change while it was read?");
            }
            inOrder.add(image);
        }
        return inOrder;
    }
}
