package dev.rdpc;

import dev.rdpc.decoder.onnx.ModelCard;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a model file, as the MODEL record stores it (docs/format.md §3.8). */
final class ModelFingerprint {
    static final byte[] ANALYTIC = new byte[32];

    private ModelFingerprint() {}

    /**
     * The fingerprint of a model whose ONNX bytes were checked against {@code card} when it was
     * loaded ({@code OnnxDenoiser} refuses a mismatch): the card's SHA-256, with no second read of
     * the file that could see other bytes.
     */
    static byte[] of(ModelCard card) {
        return HexFormat.of().parseHex(card.sha256());
    }

    static byte[] of(byte[] modelBytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(modelBytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    static String hex(byte[] fingerprint) {
        return HexFormat.of().formatHex(fingerprint);
    }
}
