package dev.rdpc.tools.curve;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One input image of a run: its file, the SHA-256 of the file's bytes (which keys the cache),
 * and the decoded samples. External encoders get the samples re-written as an 8-bit PNG or
 * PPM/PGM in the run's work folder, written once and shared, so that every codec codes exactly the
 * samples that the metrics compare against.
 */
public final class SourceImage {
    private final String name;
    private final Path file;
    private final String sha256;
    private final RasterImage image;
    private Path png;
    private Path pnm;

    public SourceImage(String name, Path file, String sha256, RasterImage image) {
        this.name = name;
        this.file = file;
        this.sha256 = sha256;
        this.image = image;
    }

    /** Reads an image file and hashes it. */
    public static SourceImage read(Path file) throws IOException {
        RasterImage img = ImageFiles.read(file);
        return new SourceImage(file.getFileName().toString(), file, Keys.sha256(file), img);
    }

    /** The file name (without folders), as reports show it. */
    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    public String sha256() {
        return sha256;
    }

    /** The samples as read (grey or RGB). */
    public RasterImage image() {
        return image;
    }

    /** The image as an 8-bit PNG in {@code workDir}, written on first use. */
    public synchronized Path png(Path workDir) throws IOException {
        if (png == null) {
            Path p = workDir.resolve("src-" + sha256.substring(0, 16) + ".png");
            ImageFiles.writePng(image, p);
            png = p;
        }
        return png;
    }

    /** The image as a binary PPM (RGB) or PGM (grey) in {@code workDir}, written on first use. */
    public synchronized Path pnm(Path workDir) throws IOException {
        if (pnm == null) {
            Path p = workDir.resolve("src-" + sha256.substring(0, 16) + (image.channels() == 3 ? ".ppm" : ".pgm"));
            ImageFiles.writePpm(image, p);
            pnm = p;
        }
        return pnm;
    }

    /** Deletes the files written by {@link #png} and {@link #pnm}. */
    public synchronized void deleteWorkFiles() throws IOException {
        if (png != null) {
            Files.deleteIfExists(png);
            png = null;
        }
        if (pnm != null) {
            Files.deleteIfExists(pnm);
            pnm = null;
        }
    }
}
