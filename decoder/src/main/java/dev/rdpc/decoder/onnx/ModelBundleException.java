package dev.rdpc.decoder.onnx;

/**
 * A model bundle ({@link ModelBundle}) cannot be used: it is not a readable archive, breaks one of
 * its bounds, or does not hold exactly one .onnx file and one .json card.
 */
public class ModelBundleException extends OnnxModelException {

    private static final long serialVersionUID = 1L;

    public ModelBundleException(String message) {
        super(message);
    }

    public ModelBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
