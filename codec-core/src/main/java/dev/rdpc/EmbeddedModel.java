package dev.rdpc;

import dev.rdpc.decoder.onnx.ModelCard;
import dev.rdpc.decoder.onnx.ModelCardException;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import dev.rdpc.decoder.onnx.OnnxModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The default diffusion prior, embedded in this module's jar from {@code models/default/} (an ONNX
 * file and its card, trained by {@code tools/train}). Read once, on first use; a build without
 * the files simply has no embedded model and encodes for the analytic prior.
 */
final class EmbeddedModel {
    static final String ONNX_RESOURCE = "/dev/rdpc/model/rdpc-default.onnx";
    static final String CARD_RESOURCE = "/dev/rdpc/model/rdpc-default.json";
    /** The model's licence notice, which differs from the code's (models/default/LICENSE). */
    static final String LICENCE_RESOURCE = "/dev/rdpc/model/LICENSE";

    private final byte[] bytes;
    private final ModelCard card;
    private final byte[] fingerprint;

    private EmbeddedModel(byte[] bytes, ModelCard card, byte[] fingerprint) {
        this.bytes = bytes;
        this.card = card;
        this.fingerprint = fingerprint;
    }

    private static final class Holder {
        static final Optional<EmbeddedModel> INSTANCE = load();
    }

    /** The embedded model, or empty when this build carries none. */
    static Optional<EmbeddedModel> get() {
        return Holder.INSTANCE;
    }

    private static Optional<EmbeddedModel> load() {
        try (InputStream onnx = EmbeddedModel.class.getResourceAsStream(ONNX_RESOURCE);
             InputStream card = EmbeddedModel.class.getResourceAsStream(CARD_RESOURCE)) {
            if (onnx == null || card == null) {
                return Optional.empty();
            }
            byte[] bytes = onnx.readAllBytes();
            ModelCard parsed = ModelCard.parse(new String(card.readAllBytes(), StandardCharsets.UTF_8), CARD_RESOURCE);
            return Optional.of(new EmbeddedModel(bytes, parsed, ModelFingerprint.of(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded model", e);
        }
    }

    ModelCard card() {
        return card;
    }

    /** SHA-256 of the ONNX file, as the MODEL record stores it. */
    byte[] fingerprint() {
        return fingerprint.clone();
    }

    long sizeBytes() {
        return bytes.length;
    }

    /** A new ONNX Runtime session over the embedded model; the caller closes it. */
    OnnxDenoiser open(ModelRuntime runtime, Consumer<String> warnings) throws RdpcException {
        try {
            return OnnxDenoiser.load(bytes, card, "embedded " + ONNX_RESOURCE, runtime.device(), runtime.threads(),
                    warnings);
        } catch (ModelCardException | OnnxModelException e) {
            throw new RdpcException(ErrorCode.INTERNAL, "the embedded model cannot be used: " + e.getMessage(), e);
        }
    }
}
