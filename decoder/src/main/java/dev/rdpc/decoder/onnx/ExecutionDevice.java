package dev.rdpc.decoder.onnx;

/** Where ONNX Runtime runs a model. */
public enum ExecutionDevice {
    /** The CPU execution provider, always available. */
    CPU("cpu"),
    /**
     * The CUDA execution provider: needs the onnxruntime_gpu package (Maven profile {@code cuda}),
     * CUDA 12 and a GPU; when any is missing the model runs on the CPU and one warning says why.
     */
    CUDA("cuda");

    private final String id;

    ExecutionDevice(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ExecutionDevice fromId(String id) {
        for (ExecutionDevice d : values()) {
            if (d.id.equalsIgnoreCase(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown device '" + id + "': expected cpu or cuda");
    }
}
