package dev.rdpc.tools.metrics;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.common.hash.Hashing;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user-supplied feature network in ONNX, for FID and KID (docs/metrics.md section 4). The contract:
 * one float32 input of shape [N, 3, H, W] taking RGB in [0, 1]; its first output float32 with shape
 * [N, D] (trailing dimensions of size 1, as in [N, D, 1, 1], are accepted). H and W may be fixed by
 * the graph, which then sets the patch size, or dynamic, when {@code patchSize} is used. Images are
 * cut into patches on two grids: from (0, 0) with stride H (W across), and the same grid shifted by
 * half a patch; partial patches are dropped.
 */
public final class FeatureNetwork implements AutoCloseable {
    private static final int DEFAULT_BATCH = 16;

    private final OrtSession session;
    private final String inputName;
    private final String sha256;
    private final String fileName;
    private final int patchHeight;
    private final int patchWidth;
    private final int batch;
    private final boolean fixedBatch;

    private FeatureNetwork(OrtSession session, String inputName, String sha256, String fileName, int patchHeight,
                           int patchWidth, int batch, boolean fixedBatch) {
        this.session = session;
        this.inputName = inputName;
        this.sha256 = sha256;
        this.fileName = fileName;
        this.patchHeight = patchHeight;
        this.patchWidth = patchWidth;
        this.batch = batch;
        this.fixedBatch = fixedBatch;
    }

    /**
     * Loads and checks a feature network.
     *
     * @param patchSize the patch edge when the graph leaves H and W dynamic, in [16, 4096]
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the graph breaks the contract (the message says how)
     */
    public static FeatureNetwork load(Path file, int patchSize) throws IOException {
        if (patchSize < 16 || patchSize > 4096) {
            throw new IllegalArgumentException("feature patch size must lie in [16, 4096], got " + patchSize);
        }
        byte[] bytes = Files.readAllBytes(file);
        String name = String.valueOf(file.getFileName());
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            session = OrtEnvironment.getEnvironment().createSession(bytes, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load feature network " + file + ": "
                    + e.getMessage(), e);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("feature network " + name + " must have exactly one input, has "
                        + inputs.keySet());
            }
            NodeInfo in = inputs.values().iterator().next();
            long[] shape = tensorShape(in, name, "input");
            if (shape.length != 4 || (shape[1] != 3 && shape[1] != -1)) {
                throw new IllegalArgumentException("feature network " + name + ": input \"" + in.getName()
                        + "\" must be float32 [N, 3, H, W], has shape " + java.util.Arrays.toString(shape));
            }
            int ph = shape[2] > 0 ? checkedPatch(shape[2], name) : patchSize;
            int pw = shape[3] > 0 ? checkedPatch(shape[3], name) : patchSize;
            boolean fixed = shape[0] > 0;
            int b = fixed ? (int) Math.min(shape[0], 1024) : DEFAULT_BATCH;
            if (session.getOutputInfo().isEmpty()) {
                throw new IllegalArgumentException("feature network " + name + " has no output");
            }
            tensorShape(session.getOutputInfo().values().iterator().next(), name, "output");
            return new FeatureNetwork(session, in.getName(), Hashing.sha256().hashBytes(bytes).toString(), name, ph, pw,
                    b, fixed);
        } catch (RuntimeException | OrtException e) {
            try {
                session.close();
            } catch (OrtException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof OrtException) {
                throw new IllegalArgumentException("feature network " + name + ": " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }

    private static int checkedPatch(long edge, String name) {
        if (edge < 16 || edge > 4096) {
            throw new IllegalArgumentException("feature network " + name + " fixes a patch edge of " + edge
                    + ", outside [16, 4096]");
        }
        return (int) edge;
    }

    private static long[] tensorShape(NodeInfo node, String name, String what) {
        if (!(node.getInfo() instanceof TensorInfo)) {
            throw new IllegalArgumentException("feature network " + name + ": " + what + " \"" + node.getName()
                    + "\" is not a tensor");
        }
        TensorInfo info = (TensorInfo) node.getInfo();
        if (info.type != OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException("feature network " + name + ": " + what + " \"" + node.getName()
                    + "\" must be float32, is " + info.type);
        }
        return info.getShape();
    }

    public String sha256() {
        return sha256;
    }

    public String fileName() {
        return fileName;
    }

    public int patchHeight() {
        return patchHeight;
    }

    public int patchWidth() {
        return patchWidth;
    }

    /** Number of patches {@link #features} takes from an image of this size. */
    public int patchCount(int width, int height) {
        return gridCount(width, height, 0, 0) + gridCount(width, height, patchWidth / 2, patchHeight / 2);
    }

    private int gridCount(int width, int height, int x0, int y0) {
        int nx = width - x0 >= patchWidth ? (width - x0) / patchWidth : 0;
        int ny = height - y0 >= patchHeight ? (height - y0) / patchHeight : 0;
        return nx * ny;
    }

    /**
     * Feature vectors of every patch of every image, in image order, then grid, row and column order.
     *
     * @throws IllegalArgumentException if no image yields a patch, or the network's output breaks the
     *                                  contract or is not finite
     */
    public synchronized double[][] features(List<RasterImage> images) {
        List<float[]> patches = new ArrayList<>();
        for (RasterImage image : images) {
            RasterImage rgb = image.toRgb();
            addGrid(rgb, 0, 0, patches);
            addGrid(rgb, patchWidth / 2, patchHeight / 2, patches);
        }
        if (patches.size() < 2) {
            throw new IllegalArgumentException("the images yield " + patches.size() + " feature patch(es) of "
                    + patchWidth + "x" + patchHeight + "; FID and KID need at least 2");
        }
        double[][] out = new double[patches.size()][];
        int plane = patchWidth * patchHeight;
        for (int start = 0; start < patches.size(); start += batch) {
            int count = Math.min(batch, patches.size() - start);
            int rows = fixedBatch ? batch : count;
            FloatBuffer buffer = FloatBuffer.allocate(rows * 3 * plane);
            for (int r = 0; r < rows; r++) {
                // A graph with a fixed batch gets its last batch padded with copies of the last patch.
                buffer.put(patches.get(start + Math.min(r, count - 1)));
            }
            buffer.rewind();
            run(buffer, rows, count, out, start);
        }
        return out;
    }

    private void run(FloatBuffer buffer, int rows, int count, double[][] out, int start) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, new long[] {rows, 3, patchHeight, patchWidth});
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxValue value = result.get(0);
            if (!(value instanceof OnnxTensor)) {
                throw new IllegalArgumentException("feature network " + fileName + ": its first output is not a tensor");
            }
            OnnxTensor tensor = (OnnxTensor) value;
            long[] shape = tensor.getInfo().getShape();
            long perRow = 1;
            for (int k = 1; k < shape.length; k++) {
                if (k >= 2 && shape[k] != 1) {
                    throw new IllegalArgumentException("feature network " + fileName + ": output shape "
                            + java.util.Arrays.toString(shape) + " is not [N, D] or [N, D, 1, 1]");
                }
                perRow *= shape[k];
            }
            if (shape.length < 2 || shape[0] != rows || perRow < 1 || perRow > 1 << 16) {
                throw new IllegalArgumentException("feature network " + fileName + ": output shape "
                        + java.util.Arrays.toString(shape) + " does not hold one feature vector (D <= 65536) per patch "
                        + "for " + rows + " patches");
            }
            FloatBuffer o = tensor.getFloatBuffer();
            int d = (int) perRow;
            for (int r = 0; r < count; r++) {
                double[] row = new double[d];
                for (int k = 0; k < d; k++) {
                    float v = o.get(r * d + k);
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("feature network " + fileName + " returned a non-finite "
                                + "feature (" + v + ")");
                    }
                    row[k] = v;
                }
                out[start + r] = row;
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("feature network " + fileName + " failed: " + e.getMessage(), e);
        }
    }

    private void addGrid(RasterImage rgb, int x0, int y0, List<float[]> patches) {
        int plane = patchWidth * patchHeight;
        for (int y = y0; y + patchHeight <= rgb.height(); y += patchHeight) {
            for (int x = x0; x + patchWidth <= rgb.width(); x += patchWidth) {
                float[] p = new float[3 * plane];
                for (int c = 0; c < 3; c++) {
                    for (int yy = 0; yy < patchHeight; yy++) {
                        for (int xx = 0; xx < patchWidth; xx++) {
                            p[c * plane + yy * patchWidth + xx] = rgb.sample(x + xx, y + yy, c) / 255f;
                        }
                    }
                }
                patches.add(p);
            }
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing feature network " + fileName + ": " + e.getMessage(), e);
        }
    }
}
