package dev.rdpc.core;

import dev.rdpc.rcc.CorruptBitstreamException;
import dev.rdpc.rcc.SideInfoCoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The posterior-variance scales of layers 1 .. L-1 as LADDER carries them (docs/format.md §7.7):
 * one side-information stream; each scale is coded as its difference from the same (channel, band)
 * of the layer before (layer 1: from 0), with one context for band 0 and one for the other bands.
 */
public final class ScaleStream {
    private ScaleStream() {}

    static final int CONTEXTS = 2;

    /** The stream of these layers' scales (empty for none). */
    public static byte[] write(List<byte[]> layers, int bands) {
        if (layers.isEmpty()) {
            return new byte[0];
        }
        int count = layers.get(0).length;
        SideInfoCoder.Writer writer = new SideInfoCoder.Writer(CONTEXTS);
        byte[] previous = new byte[count];
        for (byte[] layer : layers) {
            if (layer.length != count) {
                throw new IllegalArgumentException("every layer carries " + count + " scales, not " + layer.length);
            }
            for (int i = 0; i < count; i++) {
                writer.writeSigned(i % bands == 0 ? 0 : 1, layer[i] - previous[i]);
            }
            previous = layer;
        }
        return writer.finish();
    }

    /**
     * Reads {@code layers} layers of {@code count} scales each.
     *
     * @throws CorruptBitstreamException when the stream ends early or a scale leaves [-128, 127]
     */
    public static List<byte[]> read(byte[] stream, int layers, int count, int bands) throws CorruptBitstreamException {
        List<byte[]> out = new ArrayList<>(layers);
        if (layers == 0) {
            return out;
        }
        SideInfoCoder.Reader reader = new SideInfoCoder.Reader(stream, 0, stream.length, CONTEXTS);
        byte[] previous = new byte[count];
        for (int k = 0; k < layers; k++) {
            byte[] layer = new byte[count];
            for (int i = 0; i < count; i++) {
                int at = reader.position();
                int value = previous[i] + reader.readSigned(i % bands == 0 ? 0 : 1);
                if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
                    throw new CorruptBitstreamException(at, "variance scale " + value + " of layer " + (k + 1)
                            + " lies outside [-128, 127]");
                }
                layer[i] = (byte) value;
            }
            out.add(layer);
            previous = layer;
        }
        if (!reader.atEnd()) {
            throw new CorruptBitstreamException(reader.position(), "variance-scale stream has bytes after its last scale");
        }
        return out;
    }
}
