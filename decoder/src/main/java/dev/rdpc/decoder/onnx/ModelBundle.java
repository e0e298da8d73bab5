package dev.rdpc.decoder.onnx;

import dev.rdpc.decoder.archive.ArchiveReader;
import dev.rdpc.decoder.archive.MalformedArchiveException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A model in one file: a {@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz} archive that
 * holds exactly one {@code .onnx} file and exactly one {@code .json} model card, at any folder
 * depth. Other regular files (a LICENSE or README, say) are passed over. Made with, for example,
 * {@code tar -czf M.tar.gz M.onnx M.json} or {@code zip M.zip M.onnx M.json}.
 *
 * <p>The bundle is read into memory, never extracted. The model is the ONNX file's bytes, so a
 * bundle and its unpacked ONNX file have the same SHA-256, and files encoded with one decode with
 * the other. Bundles are untrusted input: at most {@link #MAX_ENTRIES} entries, an ONNX file of at
 * most {@link #MAX_MODEL_BYTES}, a card of at most {@link ModelCard#MAX_CARD_BYTES}; every problem
 * with the archive is a {@link ModelBundleException}.
 */
public final class ModelBundle {
    /** The most entries (files, folders, links) a bundle may hold. */
    public static final int MAX_ENTRIES = 64;
    /** The largest ONNX file a bundle may hold: 1 GiB (larger models: give the .onnx file and its card). */
    public static final long MAX_MODEL_BYTES = 1L << 30;

    private final byte[] onnx;
    private final ModelCard card;
    private final String onnxName;

    private ModelBundle(byte[] onnx, ModelCard card, String onnxName) {
        this.onnx = onnx;
        this.card = card;
        this.onnxName = onnxName;
    }

    /** True when {@code file} is named as a bundle ({@code .zip}, {@code .tar}, {@code .tar.gz}, {@code .tgz}). */
    public static boolean isBundle(Path file) {
        return ArchiveReader.isArchive(file);
    }

    /**
     * Reads a bundle.
     *
     * @throws ModelBundleException if it is not a readable archive, breaks a bound, or does not hold
     *                              exactly one .onnx and one .json file
     * @throws ModelCardException   if its card is malformed
     * @throws IOException          if the file cannot be read
     */
    public static ModelBundle read(Path bundle) throws IOException {
        if (!isBundle(bundle)) {
            throw new IllegalArgumentException(bundle + " is not named as a model bundle (.zip, .tar, .tar.gz, .tgz)");
        }
        byte[] onnx = null;
        byte[] cardBytes = null;
        String onnxName = null;
        String cardName = null;
        try (ArchiveReader reader = ArchiveReader.open(bundle, MAX_ENTRIES)) {
            for (ArchiveReader.Entry e; (e = reader.next()) != null; ) {
                String lower = e.fileName().toLowerCase(Locale.ROOT);
                if (lower.endsWith(".onnx")) {
                    if (onnxName != null) {
                        throw new ModelBundleException(bundle + ": holds two .onnx files, " + onnxName + " and "
                                + e.name() + "; a bundle holds exactly one model");
                    }
                    onnxName = e.name();
                    onnx = reader.read(MAX_MODEL_BYTES);
                } else if (lower.endsWith(".json")) {
                    if (cardName != null) {
                        throw new ModelBundleException(bundle + ": holds two .json files, " + cardName + " and "
                                + e.name() + "; a bundle holds exactly one model card");
                    }
                    cardName = e.name();
                    cardBytes = reader.read(ModelCard.MAX_CARD_BYTES);
                }
            }
        } catch (MalformedArchiveException e) {
            throw new ModelBundleException(e.getMessage(), e);
        }
        if (onnxName == null || cardName == null) {
            throw new ModelBundleException(bundle + ": holds no " + (onnxName == null ? ".onnx model" : ".json model card")
                    + "; a bundle holds exactly one .onnx file and its .json card");
        }
        String source = bundle + "!" + cardName;
        ModelCard card = ModelCard.parse(cardBytes, source);
        return new ModelBundle(onnx, card, onnxName);
    }

    /** The ONNX file's bytes (not copied: a model may be large; do not modify). */
    byte[] onnxBytes() {
        return onnx;
    }

    public ModelCard card() {
        return card;
    }

    /** The ONNX file's name inside the bundle. */
    public String onnxName() {
        return onnxName;
    }

    /** Size of the ONNX file in bytes. */
    public long onnxSize() {
        return onnx.length;
    }
}
