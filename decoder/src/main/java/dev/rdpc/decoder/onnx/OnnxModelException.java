package dev.rdpc.decoder.onnx;

/**
 * An ONNX model cannot be used: its file does not match the SHA-256 of its card, its graph does
 * not have the inputs and outputs the card declares, ONNX Runtime refused to load it, or a run
 * failed. Malformed cards are reported as {@link ModelCardException} instead.
 */
public class OnnxModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the model */
    public OnnxModelException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the model
     * @param cause   the underlying failure (usually an {@code OrtException})
     */
    public OnnxModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
