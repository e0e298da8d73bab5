package dev.rdpc.decoder.onnx;

/**
 * A model card (the JSON file beside an ONNX model) is malformed or inconsistent. The message
 * names the offending field (dotted for nested fields, for example {@code betaSchedule.betaEnd});
 * {@link #field()} returns it, or {@code null} when the problem is not one field (for example
 * the file is not JSON).
 */
public class ModelCardException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String source;
    private final String problem;

    /**
     * @param field   the offending field, or null
     * @param problem what is wrong with it
     */
    public ModelCardException(String field, String problem) {
        this(null, field, problem, null);
    }

    ModelCardException(String source, String field, String problem, Throwable cause) {
        super(format(source, field, problem), cause);
        this.field = field;
        this.source = source;
        this.problem = problem;
    }

    private static String format(String source, String field, String problem) {
        StringBuilder sb = new StringBuilder("model card");
        if (source != null) {
            sb.append(' ').append(source);
        }
        sb.append(": ");
        if (field != null) {
            sb.append("field '").append(field).append("' ");
        }
        return sb.append(problem).toString();
    }

    /** The offending field (dotted path), or null. */
    public String field() {
        return field;
    }

    /** Where the card came from (usually its path), or null. */
    public String source() {
        return source;
    }

    /** The same problem, attributed to {@code newSource}. */
    ModelCardException withSource(String newSource) {
        ModelCardException e = new ModelCardException(newSource, field, problem, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
