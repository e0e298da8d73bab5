package dev.rdpc;

import dev.rdpc.core.CoefficientDenoiser;
import dev.rdpc.core.LayeredDecoder;
import dev.rdpc.core.ModelCoefficientDenoiser;
import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.core.WienerDenoiser;
import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.DiagonalGaussianDenoiser;
import dev.rdpc.decoder.DiffusionDecoder;
import dev.rdpc.decoder.IdentityBasis;
import dev.rdpc.decoder.ProgressListener;
import dev.rdpc.decoder.TensorShape;
import dev.rdpc.decoder.TiledDenoiser;
import dev.rdpc.decoder.onnx.ExecutionDevice;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import dev.rdpc.decoder.onnx.OnnxModelException;
import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.LadderInfo;
import dev.rdpc.format.MalformedInputException;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.format.ReaderLimits;
import dev.rdpc.format.TransformInfo;
import dev.rdpc.format.UnsupportedVersionException;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.CorruptBitstreamException;
import dev.rdpc.rcc.IndexModel;
import dev.rdpc.transform.ImageTransform;
import dev.rdpc.transform.Padding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Decompresses .rdpc files: reads the container, regenerates the channel output layer by layer
 * (each layer after the first needs one call of the prior's denoiser), and runs the diffusion
 * decoder from the last decoded layer's noise level down to zero. Decoding only the first N layers
 * ({@link DecodeOptions#withLayers}) reconstructs from an exact observation at that layer's sigma.
 *
 * <p>The prior is the one the file names: the analytic Gaussian prior the file carries in its
 * proposal, or a model identified by its SHA-256. A decoder made with {@link #RdpcDecoder()} knows
 * the embedded default model (loaded on first use, then held until {@link #close()}); one made
 * with {@link #forModel} holds that model and decodes every file with it (files naming another
 * model are refused unless the decode options allow it). The layers are always denoised with the
 * tiling the file records; the runtime's tile applies to the final reconstruction.
 *
 * <p>Instances hold no mutable decode state and may be shared between threads: concurrent decodes
 * give the same images as sequential ones (ONNX Runtime runs are serialised per model).
 */
public final class RdpcDecoder implements AutoCloseable {
    private final ReaderLimits limits;
    private final OnnxDenoiser model;        // the model given to forModel, or null
    private final byte[] modelFingerprint;   // its SHA-256, or null
    private final ModelRuntime runtime;
    private final Consumer<String> warnings;
    private final Object embeddedLock = new Object();
    private OnnxDenoiser embedded;           // guarded by embeddedLock; the embedded model's session once loaded
    private boolean closed;                  // guarded by embeddedLock

    /**
     * A decoder for files that name the analytic prior or the embedded default model, with the
     * default limits and runtime.
     */
    public RdpcDecoder() {
        this(ReaderLimits.defaults());
    }

    public RdpcDecoder(ReaderLimits limits) {
        this(limits, ModelRuntime.defaults(), warning -> { });
    }

    /**
     * A decoder for files that name the analytic prior or the embedded default model, which runs
     * as {@code runtime} says; messages (such as a CUDA fallback) go to {@code warnings}.
     */
    public RdpcDecoder(ReaderLimits limits, ModelRuntime runtime, Consumer<String> warnings) {
        this(limits, null, null, runtime, warnings);
    }

    private RdpcDecoder(ReaderLimits limits, OnnxDenoiser model, byte[] modelFingerprint, ModelRuntime runtime,
                        Consumer<String> warnings) {
        if (limits == null || runtime == null || warnings == null) {
            throw new IllegalArgumentException("limits, runtime and warnings must not be null");
        }
        this.limits = limits;
        this.model = model;
        this.modelFingerprint = modelFingerprint;
        this.runtime = runtime;
        this.warnings = warnings;
    }

    /** SHA-256 (hex) of the embedded default model, or empty when this build carries none. */
    public static java.util.Optional<String> embeddedModelFingerprint() {
        return EmbeddedModel.get().map(m -> ModelFingerprint.hex(m.fingerprint()));
    }

    /**
     * The licence of the embedded default model as its card states it (research and non-commercial
     * use only; the notice ships beside the model as {@code dev/rdpc/model/LICENSE}), or empty when
     * this build carries none.
     */
    public static java.util.Optional<String> embeddedModelLicence() {
        return EmbeddedModel.get().map(m -> m.card().licence());
    }

    /**
     * A decoder that runs over the ONNX model {@code modelFile} (with its card beside it, decoder
     * module {@code dev.rdpc.decoder.onnx}), or over the model of a one-file bundle ({@code .zip},
     * {@code .tar}, {@code .tar.gz}, {@code .tgz}; see {@link RdpcEncoder#forModel(Path)}). Holds
     * an ONNX Runtime session until {@link #close()}. Files that name another model are refused
     * unless the decode options allow it.
     */
    public static RdpcDecoder forModel(Path modelFile, ReaderLimits limits) throws RdpcException {
        return forModel(modelFile, limits, ExecutionDevice.CPU, warning -> { });
    }

    /**
     * As {@link #forModel(Path, ReaderLimits)}, on {@code device}; a CUDA request that cannot be met
     * runs on the CPU and passes one message to {@code warnings}.
     */
    public static RdpcDecoder forModel(Path modelFile, ReaderLimits limits, ExecutionDevice device,
                                       Consumer<String> warnings) throws RdpcException {
        return forModel(modelFile, limits, ModelRuntime.defaults().withDevice(device), warnings);
    }

    /**
     * As {@link #forModel(Path, ReaderLimits)}, run as {@code runtime} says; a CUDA request that
     * cannot be met runs on the CPU and passes one message to {@code warnings}.
     */
    public static RdpcDecoder forModel(Path modelFile, ReaderLimits limits, ModelRuntime runtime,
                                       Consumer<String> warnings) throws RdpcException {
        OnnxDenoiser onnx = RdpcEncoder.loadModel(modelFile, runtime, warnings);
        return new RdpcDecoder(limits, onnx, ModelFingerprint.of(onnx.card()), runtime, warnings);
    }

    /**
     * Decodes a file read whole from {@code in} (not closed), refusing more bytes than the reader
     * limits allow.
     */
    public DecodeResult decode(java.io.InputStream in, DecodeOptions options) throws RdpcException {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
        } catch (IOException e) {
            throw new RdpcException(ErrorCode.IO, "cannot read the file: " + e.getMessage(), e);
        }
        if (bytes.length > limits.maxFileBytes()) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "the file is longer than the reader limit of "
                    + limits.maxFileBytes() + " bytes");
        }
        return decode(bytes, options);
    }

    public DecodeResult decode(byte[] file, DecodeOptions options) throws RdpcException {
        return decode(file, options, ProgressListener.NONE);
    }

    public DecodeResult decode(byte[] file, DecodeOptions options, ProgressListener progress) throws RdpcException {
        long started = System.nanoTime();
        ModelSpaceImage decoded = decodeModelSpace(file, options, progress);
        RasterImage image = ModelSpace.toRaster(decoded.planar(), decoded.width(), decoded.height(), decoded.channels());
        return new DecodeResult(image, decoded.settings(), decoded.layers(), decoded.sigma(),
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * A reconstruction in model space, before rounding to 8 bits: planar channels x height x width.
     *
     * @param settings the decode settings actually used
     * @param layers   the layers decoded
     * @param sigma    the noise level of the last decoded layer, where the reconstruction started
     */
    public record ModelSpaceImage(float[] planar, int channels, int width, int height, DecodeSettings settings, int layers,
                                  double sigma) {
    }

    /** Decodes to model space without clamping or rounding; for research tools and synthetic sources. */
    public ModelSpaceImage decodeModelSpace(byte[] bytes, DecodeOptions options, ProgressListener progress)
            throws RdpcException {
        Parsed parsed = parse(bytes);
        DecodeSettings settings;
        try {
            settings = options.resolve(parsed.file.decodeHint());
        } catch (IllegalArgumentException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "suggested decode settings are invalid: " + e.getMessage(), e);
        }
        int layers = layersToDecode(parsed.file, options);
        double sigma = parsed.file.ladder().layers().get(layers - 1).sigma();
        checkModelCalls(parsed.file, options, settings, layers, sigma);
        boolean usesModel = parsed.file.model().priorKindId() != FormatIds.PRIOR_ANALYTIC_GAUSSIAN || model != null;
        checkModelWork(parsed, options, settings, layers, sigma, usesModel);
        checkMemory(parsed, settings, layers, Runtime.getRuntime().maxMemory());
        try {
            return reconstructModelSpace(parsed, options, settings, layers, sigma, progress);
        } catch (OutOfMemoryError e) {
            // The estimate above admits the decode; a heap shared with other work can still run out.
            // Nothing of the decode is kept, so the memory is back once this returns.
            throw new RdpcException(ErrorCode.LIMIT_EXCEEDED, "decode ran out of Java heap (" + mb(Runtime.getRuntime().maxMemory())
                    + " MB); give Java more heap (-Xmx; for the rdpc launcher RDPC_JAVA_OPTS=-Xmx8g)", e);
        }
    }

    private ModelSpaceImage reconstructModelSpace(Parsed parsed, DecodeOptions options, DecodeSettings settings, int layers,
                                                  double sigma, ProgressListener progress) throws RdpcException {
        OnnxDenoiser session = modelFor(parsed.file, options);
        int reconstructionCalls = DiffusionDecoder.denoiserCalls(sigma, settings);
        int totalCalls = layers - 1 + reconstructionCalls;
        ProgressListener overall = progress == null ? ProgressListener.NONE : progress;
        float[] y = regenerate(parsed, session, layers,
                (done, all) -> overall.onProgress(done - 1, totalCalls));
        ImageTransform transform = parsed.transform;
        float[] x;
        ProgressListener reconstruction = (done, all) -> overall.onProgress(layers - 1 + done, totalCalls);
        if (session == null) {
            // The analytic prior is diagonal in the coefficient basis and the basis is orthonormal,
            // so the diffusion decoder runs on the coefficients directly: the same flow as in pixel
            // space, without two transforms per denoiser call.
            int n = y.length;
            DiagonalGaussianDenoiser denoiser = new DiagonalGaussianDenoiser(new IdentityBasis(n),
                    parsed.proposal.priorMeans(transform.layout()), parsed.proposal.priorVariances(transform.layout()));
            float[] coefficients = DiffusionDecoder.reconstruct(denoiser, y, new TensorShape(1, 1, n), sigma, settings,
                    reconstruction);
            x = new float[transform.size()];
            transform.inverse(coefficients, x);
        } else {
            TensorShape shape = new TensorShape(transform.channels(), transform.paddedHeight(), transform.paddedWidth());
            // In place: y is not needed once it is an image, and a large decode must not hold both.
            float[] pixels = y;
            transform.inverse(pixels, pixels);
            y = null;
            try {
                // Not closed: closing the tiling would close the session, which this decoder owns.
                Denoiser tiled = TiledDenoiser.of(session, runtime.tile());
                x = DiffusionDecoder.reconstruct(tiled, pixels, shape, sigma, settings, reconstruction);
            } catch (OnnxModelException | IllegalArgumentException e) {
                throw new RdpcException(ErrorCode.UNSUPPORTED, "the model cannot decode this file: " + e.getMessage(), e);
            }
        }
        float[] cropped = Padding.crop(x, transform.channels(), transform.paddedWidth(), transform.paddedHeight(),
                transform.width(), transform.height());
        int channels = parsed.file.image().channels();
        if (channels != transform.channels()) {
            cropped = averagePlanes(cropped, transform.channels());
        }
        return new ModelSpaceImage(cropped, channels, transform.width(), transform.height(), settings, layers, sigma);
    }

    /**
     * A grey image coded as RGB (format.md §3.3, colourTransformId 2) comes back as the mean of its
     * decoded planes: the MMSE grey value when the three planes carry the same image.
     */
    private static float[] averagePlanes(float[] planar, int planes) {
        int plane = planar.length / planes;
        float[] grey = new float[plane];
        for (int i = 0; i < plane; i++) {
            double sum = 0;
            for (int c = 0; c < planes; c++) {
                sum += planar[c * plane + i];
            }
            grey[i] = (float) (sum / planes);
        }
        return grey;
    }

    /**
     * Refuses, before any work, a decode whose model work (calls times pixels) exceeds the bound:
     * the call bound alone lets a 1-megapixel file with 100 ODE steps run for a quarter of an hour.
     */
    private static void checkModelWork(Parsed parsed, DecodeOptions options, DecodeSettings settings, int layers,
                                       double sigma, boolean usesModel) throws RdpcException {
        if (!usesModel) {
            return;
        }
        long calls = layers - 1L + DiffusionDecoder.denoiserCalls(sigma, settings);
        long pixels = (long) parsed.transform.paddedWidth() * parsed.transform.paddedHeight();
        long work = calls * pixels;
        long bound = options.effectiveMaxModelWork();
        if (work <= bound) {
            return;
        }
        throw new RdpcException(ErrorCode.LIMIT_EXCEEDED, String.format(java.util.Locale.ROOT,
                "decode refused: %d model calls (%d layers, mode %s, %d steps) over %d pixels are %.1f million pixel-calls, "
                        + "more than the bound of %.1f million (raise it with DecodeOptions.withMaxModelWork or "
                        + "--max-model-work; choose fewer steps, perception 0 or fewer layers)",
                calls, layers, settings.mode().id(), settings.steps(), pixels, work / 1e6, bound / 1e6));
    }

    /** Image-sized float arrays a decode holds at its peak: the layers, then the reconstruction. */
    static int peakPlanes(DecodeSettings settings, int layers) {
        // Layers: y, D(y) and the model's scratch image. Perception-0 interp: the image, the
        // estimate and its crop. The ODE and the stochastic modes keep about ten (measurements §10).
        int layerPlanes = layers > 1 ? 3 : 1;
        boolean tweedie = settings.mode() == DecodeMode.INTERPOLATION && settings.perception() == 0.0;
        return Math.max(layerPlanes, tweedie ? 3 : 10);
    }

    /** Heap a decode needs beyond its image-sized arrays: tile buffers, the raster, the JIT's and runtime's own. */
    static final long HEAP_MARGIN_BYTES = 64L << 20;

    /**
     * Refuses, before any image-sized allocation, a decode whose estimated peak heap exceeds the
     * JVM's maximum heap, naming the option that raises it.
     */
    static void checkMemory(Parsed parsed, DecodeSettings settings, int layers, long maxHeap) throws RdpcException {
        long values = (long) parsed.transform.channels() * parsed.transform.paddedWidth() * parsed.transform.paddedHeight();
        long needed = 4L * values * peakPlanes(settings, layers) + values + HEAP_MARGIN_BYTES;
        if (needed <= maxHeap) {
            return;
        }
        throw new RdpcException(ErrorCode.LIMIT_EXCEEDED, String.format(java.util.Locale.ROOT,
                "decode refused: a %dx%d image in mode %s at perception %s needs about %d MB of Java heap, more than the "
                        + "%d MB this JVM may use; give Java more heap (-Xmx; for the rdpc launcher RDPC_JAVA_OPTS=-Xmx%dg)",
                parsed.file.image().width(), parsed.file.image().height(), settings.mode().id(), settings.perception(),
                mb(needed), mb(maxHeap), Math.max(1, (needed + (1L << 30) - 1) >> 30) + 1));
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }

    private static int layersToDecode(RdpcFile file, DecodeOptions options) throws RdpcException {
        int available = file.ladder().layers().size();
        if (options.layers() > available) {
            throw new RdpcException(ErrorCode.INVALID_ARGUMENT, "the file has " + available + " layers; cannot decode "
                    + options.layers());
        }
        return options.layers() == 0 ? available : options.layers();
    }

    private static void checkModelCalls(RdpcFile file, DecodeOptions options, DecodeSettings settings, int layers,
                                        double sigma) throws RdpcException {
        int calls = layers - 1 + DiffusionDecoder.denoiserCalls(sigma, settings);
        int bound = options.effectiveMaxModelCalls();
        if (calls <= bound) {
            return;
        }
        String source = options.steps() != 0 ? "the requested " + settings.steps() + " steps"
                : file.decodeHint().isPresent() ? "the file's suggested " + settings.steps() + " steps (DECODE_HINT, format.md §3.7)"
                : settings.steps() + " steps";
        long pixels = (long) file.image().width() * file.image().height();
        throw new RdpcException(ErrorCode.LIMIT_EXCEEDED, String.format(java.util.Locale.ROOT,
                "decode refused: %d layers and %s in mode %s need %d model calls over %d pixels, more than the bound of "
                        + "%d calls (raise it with DecodeOptions.withMaxModelCalls or --max-model-calls, or choose fewer "
                        + "steps or layers)",
                layers, source, settings.mode().id(), calls, pixels, bound));
    }

    /** The parsed file with its transform and layer-0 proposal, checked against what this codec implements. */
    private static final class Parsed {
        final RdpcFile file;
        final ImageTransform transform;
        final PerFrequencyProposal proposal;

        Parsed(RdpcFile file, ImageTransform transform, PerFrequencyProposal proposal) {
            this.file = file;
            this.transform = transform;
            this.proposal = proposal;
        }
    }

    private Parsed parse(byte[] bytes) throws RdpcException {
        RdpcFile file;
        try {
            file = ContainerReader.read(bytes, limits);
        } catch (UnsupportedVersionException e) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, e.reason(), e);
        } catch (MalformedInputException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "malformed rdpc file: " + e.getMessage(), e);
        }
        TransformInfo t = file.transform();
        if (t.blockTransformId() != FormatIds.BLOCK_TRANSFORM_DCT_II_ORTHONORMAL
                || t.valueMappingId() != FormatIds.VALUE_MAPPING_SYMMETRIC_UNIT
                || file.padding().paddingModeId() != FormatIds.PADDING_EDGE_REPLICATION) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "unsupported transform " + t + " or padding " + file.padding());
        }
        LadderInfo ladder = file.ladder();
        if (ladder.log2Candidates() > IndexModel.MAX_LOG2_CANDIDATES) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "index cap 2^" + ladder.log2Candidates()
                    + " is above what this decoder supports (2^" + IndexModel.MAX_LOG2_CANDIDATES + ")");
        }
        int channels = file.codedChannels();
        ImageTransform transform = new ImageTransform(channels, file.image().width(), file.image().height(), t.blockSize());
        if (transform.paddedWidth() != file.padding().paddedWidth() || transform.paddedHeight() != file.padding().paddedHeight()) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, String.format(
                    "padded size %dx%d does not match the %dx%d that block size %d implies (format.md §3.4)",
                    file.padding().paddedWidth(), file.padding().paddedHeight(), transform.paddedWidth(), transform.paddedHeight(), t.blockSize()));
        }
        PerFrequencyProposal proposal;
        try {
            proposal = PerFrequencyProposal.parse(file.proposal().proposalKindId(), file.proposal().data(), transform.layout());
        } catch (IllegalArgumentException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "malformed proposal record: " + e.getMessage() + " (format.md §7.1)", e);
        }
        return new Parsed(file, transform, proposal);
    }

    /** Decodes the first {@code layers} layers: y in coefficient order. */
    private float[] regenerate(Parsed parsed, OnnxDenoiser session, int layers, ProgressListener progress)
            throws RdpcException {
        LadderInfo ladder = parsed.file.ladder();
        try (CoefficientDenoiser denoiser = layerDenoiser(parsed, session)) {
            return LayeredDecoder.decode(ladder, parsed.file.payload(), parsed.transform.layout(), parsed.proposal,
                    denoiser, layers, progress);
        } catch (CorruptBitstreamException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "corrupt layer payload: " + e.getMessage(), e);
        } catch (OnnxModelException | IllegalArgumentException e) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "the model cannot decode this file: " + e.getMessage(), e);
        }
    }

    /** The denoiser of the layers: the analytic prior's, or the model tiled exactly as the file says. */
    private static CoefficientDenoiser layerDenoiser(Parsed parsed, OnnxDenoiser session) {
        if (session == null) {
            return new WienerDenoiser(parsed.proposal, parsed.transform.layout());
        }
        LadderInfo ladder = parsed.file.ladder();
        Denoiser model = ladder.tileEdge() == 0 ? session
                : new TiledDenoiser(session, ladder.tileEdge(), ladder.tileOverlap()); // not closed: it would close the session
        return new ModelCoefficientDenoiser(parsed.transform, model);
    }

    /**
     * The channel output of the first {@code layers} layers (0 = all): what the simulated channel
     * delivered, an AWGN observation of the image at that layer's sigma.
     */
    public Channel channel(byte[] bytes, DecodeOptions options) throws RdpcException {
        Parsed parsed = parse(bytes);
        int layers = layersToDecode(parsed.file, options);
        float[] y = regenerate(parsed, modelFor(parsed.file, options), layers, ProgressListener.NONE);
        return new Channel(parsed.file, parsed.transform, y, parsed.file.ladder().layers().get(layers - 1).sigma(), layers);
    }

    /** The parsed file and the regenerated channel output of a prefix of its layers. */
    public static final class Channel {
        final RdpcFile file;
        final ImageTransform transform;
        final float[] samples;
        final double sigma;
        final int layers;

        Channel(RdpcFile file, ImageTransform transform, float[] samples, double sigma, int layers) {
            this.file = file;
            this.transform = transform;
            this.samples = samples;
            this.sigma = sigma;
            this.layers = layers;
        }

        public RdpcFile file() {
            return file;
        }

        /** y in coefficient order (padded image). */
        public float[] coefficients() {
            return samples.clone();
        }

        /** y mapped back to the padded planar image in model space: u + sigma n. */
        public float[] paddedPlanar() {
            float[] out = new float[transform.size()];
            transform.inverse(samples, out);
            return out;
        }

        /** The noise level of y: the sigma of the last layer decoded. */
        public double sigma() {
            return sigma;
        }

        public int layers() {
            return layers;
        }

        public ImageTransform transform() {
            return transform;
        }
    }

    /** Reads and checks a file's container only, without regenerating any layer. */
    public RdpcFile inspect(byte[] bytes) throws RdpcException {
        return parse(bytes).file;
    }

    /** The session that decodes {@code file}: null for the analytic prior it carries. */
    private OnnxDenoiser modelFor(RdpcFile file, DecodeOptions options) throws RdpcException {
        byte[] named = file.model().fingerprint();
        if (file.model().priorKindId() == FormatIds.PRIOR_ANALYTIC_GAUSSIAN) {
            if (model == null) {
                return null; // the analytic prior travels in the file
            }
            if (!options.allowModelMismatch()) {
                throw new RdpcException(ErrorCode.MODEL_MISMATCH, "model mismatch: the file names the analytic Gaussian "
                        + "prior but the decoder holds the model with SHA-256 " + ModelFingerprint.hex(modelFingerprint)
                        + "; allow the mismatch explicitly to decode anyway");
            }
            return model;
        }
        if (model != null) {
            if (!Arrays.equals(named, modelFingerprint) && !options.allowModelMismatch()) {
                throw new RdpcException(ErrorCode.MODEL_MISMATCH, "model mismatch: the file names SHA-256 "
                        + ModelFingerprint.hex(named) + " but the decoder holds " + ModelFingerprint.hex(modelFingerprint)
                        + "; allow the mismatch explicitly to decode anyway");
            }
            return model;
        }
        java.util.Optional<EmbeddedModel> builtIn = EmbeddedModel.get();
        if (builtIn.isPresent() && Arrays.equals(named, builtIn.get().fingerprint())) {
            return embedded(builtIn.get());
        }
        throw new RdpcException(ErrorCode.MODEL_MISMATCH, "the file was encoded for the ONNX model with SHA-256 "
                + ModelFingerprint.hex(named) + ", which is not the embedded default model ("
                + builtIn.map(m -> "SHA-256 " + ModelFingerprint.hex(m.fingerprint())).orElse("none in this build")
                + "); give that model to decode it");
    }

    private OnnxDenoiser embedded(EmbeddedModel builtIn) throws RdpcException {
        synchronized (embeddedLock) {
            if (closed) {
                throw new IllegalStateException("the decoder is closed");
            }
            if (embedded == null) {
                embedded = builtIn.open(runtime, warnings);
            }
            return embedded;
        }
    }

    /** True when a decode of this file would run with another model than the one it names. */
    public boolean mismatches(byte[] file) throws RdpcException {
        RdpcFile parsed = parse(file).file;
        if (parsed.model().priorKindId() == FormatIds.PRIOR_ANALYTIC_GAUSSIAN) {
            return model != null;
        }
        byte[] named = parsed.model().fingerprint();
        if (model != null) {
            return !Arrays.equals(named, modelFingerprint);
        }
        return EmbeddedModel.get().map(m -> !Arrays.equals(named, m.fingerprint())).orElse(true);
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
        synchronized (embeddedLock) {
            closed = true;
            if (embedded != null) {
                embedded.close();
                embedded = null;
            }
        }
    }
}
