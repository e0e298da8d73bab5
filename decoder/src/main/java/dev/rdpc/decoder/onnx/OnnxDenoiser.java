package dev.rdpc.decoder.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.TensorShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Denoiser} backed by an ONNX network run with ONNX Runtime, adapted to the project's
 * convention {@code D(x; sigma) ~ E[u | u + sigma n = x]} (model space [-1, 1], planar CHW)
 * according to its {@link ModelCard}.
 *
 * <p><b>Loading.</b> {@link #load(Path)} reads the card beside the model
 * ({@link ModelCard#cardPathFor}), or both from a one-file {@link ModelBundle} (a {@code .zip},
 * {@code .tar}, {@code .tar.gz} or {@code .tgz} path), reads the model once, checks its SHA-256
 * against the card (a mismatch is an {@link OnnxModelException} naming both fingerprints), creates the session from
 * those same bytes, and checks that the graph's inputs and outputs are exactly those the card
 * names, with float element type and the expected ranks and channel counts. Models stored with
 * external data files (over 2 GB) are not supported.
 *
 * <p><b>A call.</b> The image is mapped to the model's value range (and, for VP models, scaled by
 * {@code sqrt(alpha_bar)}), padded by edge replication to a multiple of {@code spatialMultiple},
 * run as a {@code [1, C, H', W']} tensor with the noise level as a rank-1 {@code [1]} tensor (rank
 * 0 if the graph declares a scalar), and the output is cropped and converted to {@code D}. All
 * conversions live in {@code Parameterizations}, which also documents the clamping policy:
 * noise levels outside the card's trained range are clamped (below the range, the score at
 * {@code sigmaMin} is kept). {@link #clamped()} and {@link #clampedCalls()} report them.
 * {@code D(x; 0) = x} exactly, without running the network.
 *
 * <p><b>Resources.</b> One {@link OrtEnvironment} per process (ONNX Runtime's own singleton,
 * created on first use with warning-level logging and never closed). Every {@link OnnxTensor} and
 * {@link OrtSession.Result} is closed by try-with-resources within the call; the session by
 * {@link #close()}. The image input is staged in one direct buffer per instance, reused across
 * calls of the same or smaller size.
 *
 * <p><b>Threads.</b> Thread-safe: calls are serialised on the instance (ONNX Runtime parallelises
 * within a call). Deterministic for a deterministic graph on one machine and thread setting.
 */
public final class OnnxDenoiser implements Denoiser {

    /** Holder of the process-wide environment, created on first use. */
    private static final class Env {
        static final OrtEnvironment INSTANCE =
                OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "rdpc");
    }

    private final ModelCard card;
    private final String source;
    private final Parameterizations parameterizations;
    private final OrtSession session;
    private final boolean scalarNoise;
    private final Set<String> requestedOutputs;
    private final Object lock = new Object();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong clampedCalls = new AtomicLong();
    private FloatBuffer staging; // guarded by lock
    private boolean closed;      // guarded by lock

    private ExecutionDevice device = ExecutionDevice.CPU;

    private OnnxDenoiser(ModelCard card, String source, OrtSession session, boolean scalarNoise) {
        this.card = card;
        this.source = source;
        this.parameterizations = new Parameterizations(card);
        this.session = session;
        this.scalarNoise = scalarNoise;
        this.requestedOutputs = Set.of(card.output());
    }

    /** The process-wide ONNX Runtime environment. */
    static OrtEnvironment environment() {
        return Env.INSTANCE;
    }

    /**
     * Loads {@code onnxFile} with the card beside it ({@link ModelCard#cardPathFor}), or the model
     * and card of a bundle when the name ends in {@code .zip}, {@code .tar}, {@code .tar.gz} or
     * {@code .tgz} ({@link ModelBundle}).
     *
     * @throws IOException          if a file cannot be read ({@link NoSuchFileException} if it does not exist)
     * @throws ModelCardException   if the card is missing or malformed
     * @throws OnnxModelException   if the file does not match the card's SHA-256, the graph does not
     *                              match the card, or ONNX Runtime cannot load it; a
     *                              {@link ModelBundleException} if a bundle is not usable
     */
    public static OnnxDenoiser load(Path onnxFile) throws IOException {
        return load(onnxFile, ExecutionDevice.CPU, warning -> { });
    }

    /**
     * Loads {@code onnxFile} described by {@code card}.
     *
     * @throws IOException        if the file cannot be read
     * @throws OnnxModelException if the file does not match the card's SHA-256, the graph does not
     *                            match the card, or ONNX Runtime cannot load it
     */
    public static OnnxDenoiser load(Path onnxFile, ModelCard card) throws IOException {
        return load(onnxFile, card, ExecutionDevice.CPU, warning -> { });
    }

    /**
     * Loads {@code onnxFile} with the card beside it on {@code device}. A CUDA request that ONNX
     * Runtime cannot honour (CPU-only package, no CUDA libraries, no GPU) falls back to the CPU and
     * passes one message to {@code warnings}; {@link #device()} tells where the model runs.
     */
    public static OnnxDenoiser load(Path onnxFile, ExecutionDevice device, java.util.function.Consumer<String> warnings)
            throws IOException {
        return load(onnxFile, device, 0, warnings);
    }

    /**
     * As {@link #load(Path, ExecutionDevice, java.util.function.Consumer)}, with ONNX Runtime's
     * intra-op thread count: {@code 0} lets ONNX Runtime choose (one per core), {@code n >= 1} uses
     * {@code n} threads. The outputs do not depend on it.
     */
    public static OnnxDenoiser load(Path onnxFile, ExecutionDevice device, int intraOpThreads,
                                    java.util.function.Consumer<String> warnings) throws IOException {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
        }
        if (onnxFile == null) {
            throw new IllegalArgumentException("model file must not be null");
        }
        if (!Files.isRegularFile(onnxFile)) {
            throw new NoSuchFileException(onnxFile.toString(), null,
                    Files.isDirectory(onnxFile) ? "is a directory, not a model file" : "no such model file");
        }
        if (ModelBundle.isBundle(onnxFile)) {
            ModelBundle bundle = ModelBundle.read(onnxFile);
            return load(bundle.onnxBytes(), bundle.card(), onnxFile + "!" + bundle.onnxName(), device, intraOpThreads,
                    warnings);
        }
        Path cardFile = ModelCard.cardPathFor(onnxFile);
        if (!Files.exists(cardFile)) {
            // A missing card is a problem of the model, like a malformed one, not a failure to read a file.
            throw new ModelCardException(cardFile.toString(), null, "does not exist; model " + onnxFile
                    + " needs its card beside it (or give a bundle: a .zip, .tar or .tar.gz holding both)", null);
        }
        return load(onnxFile, ModelCard.read(cardFile), device, intraOpThreads, warnings);
    }

    static OnnxDenoiser load(Path onnxFile, ModelCard card, ExecutionDevice device,
                             java.util.function.Consumer<String> warnings) throws IOException {
        return load(onnxFile, card, device, 0, warnings);
    }

    static OnnxDenoiser load(Path onnxFile, ModelCard card, ExecutionDevice device, int intraOpThreads,
                             java.util.function.Consumer<String> warnings) throws IOException {
        if (onnxFile == null || card == null) {
            throw new IllegalArgumentException("model file and card must not be null");
        }
        return load(Files.readAllBytes(onnxFile), card, onnxFile.toString(), device, intraOpThreads, warnings);
    }

    /**
     * Loads a model held in memory (for example one embedded as a resource) described by
     * {@code card}; {@code origin} names it in messages.
     *
     * @throws OnnxModelException if the bytes do not match the card's SHA-256, the graph does not
     *                            match the card, or ONNX Runtime cannot load it
     */
    public static OnnxDenoiser load(byte[] bytes, ModelCard card, String origin, ExecutionDevice device,
                                    int intraOpThreads, java.util.function.Consumer<String> warnings) {
        if (bytes == null || card == null || device == null || warnings == null) {
            throw new IllegalArgumentException("model bytes, card, device and warnings must not be null");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
        }
        String actual = sha256Hex(bytes);
        if (!actual.equals(card.sha256())) {
            throw new OnnxModelException("model file " + origin + " has SHA-256 " + actual
                    + " but its card (\"" + card.name() + "\") declares " + card.sha256()
                    + "; the file is corrupt, or the card belongs to another model");
        }
        String source = "model \"" + card.name() + "\" (" + origin + ")";
        OrtSession session;
        ExecutionDevice used = ExecutionDevice.CPU;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (device == ExecutionDevice.CUDA) {
                try {
                    options.addCUDA(0);
                    used = ExecutionDevice.CUDA;
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    warnings.accept("CUDA is not available (" + e.getMessage() + "); running " + source + " on the CPU");
                }
            }
            session = environment().createSession(bytes, options);
        } catch (OrtException e) {
            throw new OnnxModelException("ONNX Runtime cannot load " + source + ": " + e.getMessage(), e);
        }
        try {
            boolean scalarNoise = checkGraph(session, card, source);
            OnnxDenoiser denoiser = new OnnxDenoiser(card, source, session, scalarNoise);
            denoiser.device = used;
            return denoiser;
        } catch (RuntimeException e) {
            closeQuietly(session, e);
            throw e;
        }
    }

    private static void closeQuietly(OrtSession session, RuntimeException pending) {
        try {
            session.close();
        } catch (OrtException e) {
            pending.addSuppressed(e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Checks the graph against the card; returns whether the noise input is a scalar (rank 0). */
    private static boolean checkGraph(OrtSession session, ModelCard card, String source) {
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new OnnxModelException("cannot read the inputs and outputs of " + source + ": " + e.getMessage(), e);
        }
        Set<String> expected = new TreeSet<>();
        expected.add(card.imageInput());
        if (card.noiseInput() != null) {
            expected.add(card.noiseInput());
        }
        if (!new TreeSet<>(inputs.keySet()).equals(expected)) {
            throw new OnnxModelException(source + " has inputs " + new TreeSet<>(inputs.keySet())
                    + " but its card names " + expected + " (imageInput, noiseInput)");
        }
        if (!outputs.containsKey(card.output())) {
            throw new OnnxModelException(source + " has no output \"" + card.output() + "\" named by its card; "
                    + "its outputs are " + new TreeSet<>(outputs.keySet()));
        }
        TensorInfo image = floatTensor(inputs.get(card.imageInput()), "image input", card.imageInput(), source);
        checkImageShape(image.getShape(), card.imageInputChannels(), "image input", card.imageInput(), source);
        TensorInfo out = floatTensor(outputs.get(card.output()), "output", card.output(), source);
        checkImageShape(out.getShape(), card.channels(), "output", card.output(), source);
        if (card.noiseInput() == null) {
            return false;
        }
        TensorInfo noise = floatTensor(inputs.get(card.noiseInput()), "noise input", card.noiseInput(), source);
        long[] shape = noise.getShape();
        if (shape.length == 0) {
            return true;
        }
        if (shape.length != 1 || (shape[0] != 1 && shape[0] >= 0)) {
            throw new OnnxModelException(source + ": noise input \"" + card.noiseInput() + "\" has shape "
                    + Arrays.toString(shape) + ", expected [1] (or a scalar)");
        }
        return false;
    }

    private static TensorInfo floatTensor(NodeInfo node, String role, String name, String source) {
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo)) {
            throw new OnnxModelException(source + ": " + role + " \"" + name + "\" is not a tensor (" + info + ")");
        }
        TensorInfo t = (TensorInfo) info;
        if (t.type != OnnxJavaType.FLOAT) {
            throw new OnnxModelException(source + ": " + role + " \"" + name + "\" has element type " + t.type
                    + ", only FLOAT (float32) is supported");
        }
        return t;
    }

    private static void checkImageShape(long[] shape, int channels, String role, String name, String source) {
        String problem = null;
        if (shape.length != 4) {
            problem = "rank " + shape.length;
        } else if (shape[0] >= 0 && shape[0] != 1) {
            problem = "batch " + shape[0];
        } else if (shape[1] >= 0 && shape[1] != channels) {
            problem = shape[1] + " channels";
        } else if (shape[2] >= 0 || shape[3] >= 0) {
            problem = "a fixed spatial size (only dynamic height and width are supported)";
        }
        if (problem != null) {
            throw new OnnxModelException(source + ": " + role + " \"" + name + "\" has shape " + Arrays.toString(shape)
                    + " with " + problem + "; expected [1, " + channels + ", H, W] with dynamic H and W");
        }
    }

    /** The model card. */
    /** Where the model runs: CUDA only when it was asked for and ONNX Runtime accepted it. */
    public ExecutionDevice device() {
        return device;
    }

    public ModelCard card() {
        return card;
    }

    /** Whether any call so far (since creation or {@link #resetCounters()}) had sigma outside the trained range. */
    public boolean clamped() {
        return clampedCalls.get() > 0;
    }

    /** Number of calls with sigma outside the trained range (see {@code Parameterizations}). */
    public long clampedCalls() {
        return clampedCalls.get();
    }

    /** Number of network runs so far (calls with {@code sigma = 0} do not run the network). */
    public long calls() {
        return calls.get();
    }

    /** Sets {@link #calls()} and {@link #clampedCalls()} back to zero. */
    public void resetCounters() {
        calls.set(0);
        clampedCalls.set(0);
    }

    @Override
    public void denoise(float[] x, TensorShape shape, double sigma, float[] out) {
        Denoiser.checkArguments(x, shape, out);
        if (shape.channels() != card.channels()) {
            throw new IllegalArgumentException("model \"" + card.name() + "\" takes " + card.channels()
                    + " channel(s), got a " + shape + " tensor");
        }
        if (!(sigma >= 0.0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(source + " is closed");
            }
            if (sigma == 0.0) {
                System.arraycopy(x, 0, out, 0, x.length);
                return;
            }
            Parameterizations.Plan plan = parameterizations.plan(sigma);
            calls.incrementAndGet();
            if (plan.clamped()) {
                clampedCalls.incrementAndGet();
            }
            try {
                run(x, shape, plan, out);
            } catch (OrtException e) {
                throw new OnnxModelException("running " + source + " on a " + shape + " tensor at sigma " + sigma
                        + " failed: " + e.getMessage(), e);
            }
        }
    }

    private void run(float[] x, TensorShape shape, Parameterizations.Plan plan, float[] out) throws OrtException {
        int c = shape.channels();
        int h = shape.height();
        int w = shape.width();
        int m = card.spatialMultiple();
        int hp = roundUp(h, m, "height");
        int wp = roundUp(w, m, "width");
        int cin = card.imageInputChannels();
        long paddedSize = (long) cin * hp * wp;
        if (paddedSize > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException("padded input " + cin + "x" + hp + "x" + wp + " is too large");
        }
        FloatBuffer in = staging((int) paddedSize);
        stageInput(x, shape, hp, wp, cin, plan, in);
        OrtEnvironment env = environment();
        try (OnnxTensor image = OnnxTensor.createTensor(env, in, new long[] {1, cin, hp, wp});
             OnnxTensor noise = card.noiseInput() == null ? null
                     : scalarNoise ? OnnxTensor.createTensor(env, plan.noiseValue())
                     : OnnxTensor.createTensor(env, new float[] {plan.noiseValue()})) {
            Map<String, OnnxTensor> inputs = new HashMap<>(4);
            inputs.put(card.imageInput(), image);
            if (noise != null) {
                inputs.put(card.noiseInput(), noise);
            }
            try (OrtSession.Result result = session.run(inputs, requestedOutputs)) {
                OnnxValue value = result.get(card.output()).orElseThrow(() -> new OnnxModelException(
                        source + " returned no output \"" + card.output() + "\""));
                if (!(value instanceof OnnxTensor)) {
                    throw new OnnxModelException(source + ": output \"" + card.output() + "\" is not a tensor");
                }
                OnnxTensor tensor = (OnnxTensor) value;
                long[] outShape = tensor.getInfo().getShape();
                if (!Arrays.equals(outShape, new long[] {1, c, hp, wp})) {
                    throw new OnnxModelException(source + ": output \"" + card.output() + "\" has shape "
                            + Arrays.toString(outShape) + " for an input of " + cin + "x" + hp + "x" + wp
                            + ", expected [1, " + c + ", " + hp + ", " + wp + "]");
                }
                FloatBuffer o = tensor.getFloatBuffer();
                for (int ch = 0; ch < c; ch++) {
                    for (int yy = 0; yy < h; yy++) {
                        int src = (ch * hp + yy) * wp;
                        int dst = (ch * h + yy) * w;
                        for (int xx = 0; xx < w; xx++) {
                            out[dst + xx] = plan.denoised(x[dst + xx], o.get(src + xx));
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes the network's image input into {@code dst} (from its position, then flipped): the
     * {@code shape.channels()} image channels mapped by the plan and padded to {@code hp x wp} by
     * edge replication, followed by {@code cin - shape.channels()} constant channels holding the
     * plan's noise value (the sigma map).
     */
    static void stageInput(float[] x, TensorShape shape, int hp, int wp, int cin, Parameterizations.Plan plan,
                           FloatBuffer dst) {
        int c = shape.channels();
        int h = shape.height();
        int w = shape.width();
        for (int ch = 0; ch < c; ch++) {
            for (int yy = 0; yy < hp; yy++) {
                int rowBase = (ch * h + Math.min(yy, h - 1)) * w;
                for (int xx = 0; xx < wp; xx++) {
                    dst.put(plan.networkInput(x[rowBase + Math.min(xx, w - 1)]));
                }
            }
        }
        for (int ch = c; ch < cin; ch++) {
            for (int i = 0, n = hp * wp; i < n; i++) {
                dst.put(plan.noiseValue());
            }
        }
        dst.flip();
    }

    private static int roundUp(int size, int multiple, String what) {
        long r = ((long) size + multiple - 1) / multiple * multiple;
        if (r > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " " + size + " padded to a multiple of " + multiple + " overflows");
        }
        return (int) r;
    }

    /** The reusable direct staging buffer, cleared, with at least {@code n} floats and limit {@code n}. */
    private FloatBuffer staging(int n) {
        if (staging == null || staging.capacity() < n) {
            staging = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        staging.clear();
        staging.limit(n);
        return staging;
    }

    @Override
    public String name() {
        return "onnx:" + card.name();
    }

    /** Closes the ONNX Runtime session; idempotent. Later calls to {@link #denoise} throw. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            staging = null;
            try {
                session.close();
            } catch (OrtException e) {
                throw new OnnxModelException("closing " + source + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "OnnxDenoiser[" + source + ", " + card.parameterization() + ", range " + card.valueRange()
                + ", sigma " + card.sigmaMin() + " .. " + card.sigmaMax() + "]";
    }
}
