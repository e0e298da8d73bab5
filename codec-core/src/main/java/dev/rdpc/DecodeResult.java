package dev.rdpc;

import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.image.RasterImage;

/**
 * A decoded image and how it was decoded.
 *
 * @param image    the reconstruction, 8 bits per sample
 * @param settings the decode settings actually used
 * @param layers   the layers decoded (all of the file's unless {@link DecodeOptions#withLayers} asked for fewer)
 * @param sigma    the noise level of the last decoded layer, where the reconstruction started
 * @param seconds  wall time of the whole decode
 */
public record DecodeResult(RasterImage image, DecodeSettings settings, int layers, double sigma, double seconds) {
    /** The reconstruction as a new {@link java.awt.image.BufferedImage} (TYPE_BYTE_GRAY or TYPE_3BYTE_BGR). */
    public java.awt.image.BufferedImage toBufferedImage() {
        return dev.rdpc.image.ImageFiles.toBufferedImage(image);
    }
}
