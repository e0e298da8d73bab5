package dev.rdpc;

import dev.rdpc.core.ChannelGain;
import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.DiagonalGaussianDenoiser;
import dev.rdpc.decoder.DiffusionDecoder;
import dev.rdpc.decoder.IdentityBasis;
import dev.rdpc.decoder.ProgressListener;
import dev.rdpc.decoder.TensorShape;
import dev.rdpc.decoder.TiledDenoiser;
import dev.rdpc.decoder.onnx.ExecutionDevice;
import dev.rdpc.decoder.onnx.ModelCardException;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import dev.rdpc.decoder.onnx.OnnxModelException;
import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.MalformedInputException;
import dev.rdpc.format.RccInfo;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.format.ReaderLimits;
import dev.rdpc.format.TransformInfo;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.CorruptBitstreamException;
import dev.rdpc.rcc.RccDecoder;
import dev.rdpc.rcc.RccParameters;
import dev.rdpc.transform.ImageTransform;
import dev.rdpc.transform.Padding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Decompresses .rdpc files: reads the container, regenerates the channel output y by reverse
 * channel decoding, and runs the diffusion decoder from the realised noise level down to zero.
 *
 * <p>The prior is the one the file names: the analytic Gaussian prior the file carries in its
 * proposal, or a model identified by its SHA-256. A decoder made with {@link #RdpcDecoder()} knows
 * the embedded default model (loaded on first use, then held until {@link #close()}); one made
 * with {@link #forModel} holds that model and decodes every file with it (files naming another
 * model are refused unless the decode options allow it).
 *
 * <p>Instances hold no mutable decode state and may be shared between threads: concurrent decodes
 * give the same images as sequential ones (ONNX Runtime runs are serialised per model).
 */
public final class RdpcDecoder implements AutoCloseable {
    private final ReaderLimits limits;
    private final Denoiser model;            // the model given to forModel, or null
    private final byte[] modelFingerprint;   // its SHA-256, or null
    private final ModelRuntime runtime;
    private final Consumer<String> warnings;
    private final Object embeddedLock = new Object();
    private Denoiser embedded;               // guarded by embeddedLock; the embedded model's session once loaded
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

    private RdpcDecoder(ReaderLimits limits, Denoiser model, byte[] modelFingerprint, ModelRuntime runtime,
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
     * A decoder that runs the diffusion decoder over the ONNX model {@code modelFile} (with its card
     * beside it, decoder module {@code dev.rdpc.decoder.onnx}). Holds an ONNX Runtime session until
     * {@link #close()}. Files that name another model are refused unless the decode options allow it.
     */
    public static RdpcDecoder forModel(Path modelFile, ReaderLimits limits) throws RdpcException {
        return forModel(modelFile, limits, ExecutionDevice.CPU, warning -> { });
    }

    /**
     * As {@link #forModel(Path, ReaderLimits)}, on {@code device}; a CUDA request that cannot be met
     * runs on the CPU and passes one message to {@code warnings}.
     */
    public static RdpcDecoder forModel(Path modelFile, ReaderLimits limits, ExecutionDevice device,
                                       java.util.function.Consumer<String> warnings) throws RdpcException {
        return forModel(modelFile, limits, ModelRuntime.defaults().withDevice(device), warnings);
    }

    /**
     * As {@link #forModel(Path, ReaderLimits)}, run as {@code runtime} says; a CUDA request that
     * cannot be met runs on the CPU and passes one message to {@code warnings}.
     */
    public static RdpcDecoder forModel(Path modelFile, ReaderLimits limits, ModelRuntime runtime,
                                       java.util.function.Consumer<String> warnings) throws RdpcException {
        byte[] fingerprint = ModelFingerprint.of(modelFile);
        try {
            OnnxDenoiser onnx = OnnxDenoiser.load(modelFile, runtime.device(), runtime.threads(), warnings);
            return new RdpcDecoder(limits, TiledDenoiser.of(onnx, runtime.tile()), fingerprint, runtime, warnings);
        } catch (ModelCardException | OnnxModelException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "cannot use model " + modelFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RdpcException(ErrorCode.IO, "cannot read model " + modelFile + ": " + e.getMessage(), e);
        }
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
        return new DecodeResult(image, decoded.settings(), (System.nanoTime() - started) / 1e9);
    }

    /**
     * A reconstruction in model space, before rounding to 8 bits: planar channels x height x width.
     *
     * @param settings the decode settings actually used
     */
    public record ModelSpaceImage(float[] planar, int channels, int width, int height, DecodeSettings settings) {
    }

    /** Decodes to model space without clamping or rounding; for research tools and synthetic sources. */
    public ModelSpaceImage decodeModelSpace(byte[] file, DecodeOptions options, ProgressListener progress) throws RdpcException {
        Channel channel = channel(file);
        DecodeSettings settings;
        try {
            settings = options.resolve(channel.file.decodeHint());
        } catch (IllegalArgumentException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "suggested decode settings are invalid: " + e.getMessage(), e);
        }
        ImageTransform transform = channel.transform;
        double sigmaY = channel.file.channel().realisedSigma();
        checkModelCalls(channel.file, options, settings, sigmaY);
        Denoiser model = modelFor(channel.file, options);
        float[] x;
        if (model == null) {
            // The analytic prior is diagonal in the coefficient basis and the basis is orthonormal,
            // so the ODE runs on the coefficients directly: the same flow as in pixel space, without
            // two transforms per denoiser call.
            int n = channel.samples.length;
            DiagonalGaussianDenoiser denoiser = new DiagonalGaussianDenoiser(new IdentityBasis(n),
                    channel.proposal.priorMeans(transform.layout()), channel.proposal.priorVariances(transform.layout()));
            float[] coefficients = DiffusionDecoder.reconstruct(denoiser, channel.samples, new TensorShape(1, 1, n),
                    sigmaY, settings, progress);
            x = new float[transform.size()];
            transform.inverse(coefficients, x);
        } else {
            TensorShape shape = new TensorShape(transform.channels(), transform.paddedHeight(), transform.paddedWidth());
            try {
                x = DiffusionDecoder.reconstruct(model, channel.paddedPlanar(), shape, sigmaY, settings, progress);
            } catch (OnnxModelException | IllegalArgumentException e) {
                throw new RdpcException(ErrorCode.UNSUPPORTED, "the model cannot decode this file: " + e.getMessage(), e);
            }
        }
        float[] cropped = Padding.crop(x, transform.channels(), transform.paddedWidth(), transform.paddedHeight(),
                transform.width(), transform.height());
        return new ModelSpaceImage(cropped, transform.channels(), transform.width(), transform.height(), settings);
    }

    private static void checkModelCalls(RdpcFile file, DecodeOptions options, DecodeSettings settings, double sigmaY)
            throws RdpcException {
        int calls = DiffusionDecoder.denoiserCalls(sigmaY, settings);
        int bound = options.effectiveMaxModelCalls();
        if (calls <= bound) {
            return;
        }
        String source = options.steps() != 0 ? "the requested " + settings.steps() + " steps"
                : file.decodeHint().isPresent() ? "the file's suggested " + settings.steps() + " steps (DECODE_HINT, format.md §3.9)"
                : settings.steps() + " steps";
        long pixels = (long) file.image().width() * file.image().height();
        throw new RdpcException(ErrorCode.LIMIT_EXCEEDED, String.format(java.util.Locale.ROOT,
                "decode refused: %s in mode %s need %d model calls over %d pixels, more than the bound of %d calls "
                        + "(raise it with DecodeOptions.withMaxModelCalls or --max-model-calls, or choose fewer steps)",
                source, settings.mode().id(), calls, pixels, bound));
    }

    /** The parsed file, its transform and proposal, and the regenerated channel output in coefficient order. */
    public static final class Channel {
        final RdpcFile file;
        final ImageTransform transform;
        final PerFrequencyProposal proposal;
        final float[] samples;
        final float[] unscaled;

        Channel(RdpcFile file, ImageTransform transform, PerFrequencyProposal proposal, float[] samples, float[] unscaled) {
            this.file = file;
            this.transform = transform;
            this.proposal = proposal;
            this.samples = samples;
            this.unscaled = unscaled;
        }

        /** y as the reverse channel decoder drew it, before the per-group scaling of format.md §3.11. */
        public float[] unscaledCoefficients() {
            return unscaled.clone();
        }

        /** The unscaled y mapped back to the padded planar image: what the simulated channel delivered. */
        public float[] unscaledPaddedPlanar() {
            return toPaddedPlanar(unscaled);
        }

        public RdpcFile file() {
            return file;
        }

        /** The decoder's input y' in coefficient order (padded image): the drawn y after per-group scaling. */
        public float[] coefficients() {
            return samples.clone();
        }

        /** y' mapped back to the padded planar image in model space: where the diffusion decoder starts. */
        public float[] paddedPlanar() {
            return toPaddedPlanar(samples);
        }

        private float[] toPaddedPlanar(float[] coefficients) {
            float[] out = new float[transform.size()];
            transform.inverse(coefficients, out);
            return out;
        }

        public ImageTransform transform() {
            return transform;
        }
    }

    /** Reads the file and reproduces the channel output; no diffusion decoding. */
    public Channel channel(byte[] bytes) throws RdpcException {
        try {
            return readChannel(bytes);
        } catch (IllegalArgumentException e) {
            // Values the container accepts but this codec version cannot use (e.g. a chunk budget over 30 bits).
            throw new RdpcException(ErrorCode.UNSUPPORTED, "unsupported rdpc file: " + e.getMessage(), e);
        }
    }

    private Channel readChannel(byte[] bytes) throws RdpcException {
        RdpcFile file;
        try {
            file = ContainerReader.read(bytes, limits);
        } catch (MalformedInputException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "malformed rdpc file: " + e.getMessage(), e);
        }
        TransformInfo t = file.transform();
        if (t.blockTransformId() != FormatIds.BLOCK_TRANSFORM_DCT_II_ORTHONORMAL
                || t.valueMappingId() != FormatIds.VALUE_MAPPING_SYMMETRIC_UNIT
                || file.padding().paddingModeId() != FormatIds.PADDING_EDGE_REPLICATION) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "unsupported transform " + t + " or padding " + file.padding());
        }
        if (file.proposal().proposalKindId() != FormatIds.PROPOSAL_PER_FREQUENCY_QUANTIZED_GAUSSIAN
                && file.proposal().proposalKindId() != FormatIds.PROPOSAL_PER_FREQUENCY_REGIONAL_DC) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "unsupported proposal kind " + file.proposal().proposalKindId());
        }
        RccInfo rcc = file.rcc();
        if (rcc.prngId() != FormatIds.PRNG_RDPC_SM64_V1 || rcc.indexModelId() != FormatIds.INDEX_MODEL_V1
                || rcc.log2Candidates() > RccParameters.MAX_LOG2_CANDIDATES) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "unsupported reverse-channel-coding parameters " + rcc);
        }
        int channels = file.image().channels();
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
        double sigma = file.channel().sigma();
        RccParameters parameters = new RccParameters(RccParameters.Scheme.ofId(rcc.schemeId()), rcc.chunkBudgetBits(),
                rcc.log2Candidates(), RccParameters.DEFAULT_MAX_CHUNK_DIMENSIONS);
        float[] means = proposal.priorMeans(transform.layout());
        float[] variances = proposal.proposalVariances(transform.layout(), sigma);
        int expectedChunks = RccDecoder.chunkCount(variances, sigma, parameters);
        if (expectedChunks != rcc.chunkCount()) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "header declares " + rcc.chunkCount()
                    + " chunks but the proposal implies " + expectedChunks + " (format.md §7.2)");
        }
        float[] samples;
        try {
            samples = RccDecoder.decode(file.payload(), means, variances, sigma, rcc.seed(), parameters);
        } catch (CorruptBitstreamException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "corrupt payload: " + e.getMessage(), e);
        }
        float[] unscaled = samples.clone();
        if (file.channelGain().isPresent()) {
            try {
                ChannelGain.apply(samples, means, file.channelGain().get().gains(), transform.layout());
            } catch (IllegalArgumentException e) {
                throw new RdpcException(ErrorCode.MALFORMED_INPUT, "malformed channel gain: " + e.getMessage() + " (format.md §3.11)", e);
            }
        }
        return new Channel(file, transform, proposal, samples, unscaled);
    }

    /** The denoiser that decodes {@code file}: null for the analytic prior it carries. */
    private Denoiser modelFor(RdpcFile file, DecodeOptions options) throws RdpcException {
        byte[] named = file.model().fingerprint();
        if (file.model().priorKindId() == FormatIds.PRIOR_ANALYTIC_GAUSSIAN) {
            return model; // the analytic prior travels in the file; a model given explicitly may decode it
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

    private Denoiser embedded(EmbeddedModel builtIn) throws RdpcException {
        synchronized (embeddedLock) {
            if (closed) {
                throw new IllegalStateException("the decoder is closed");
            }
            if (embedded == null) {
                embedded = TiledDenoiser.of(builtIn.open(runtime, warnings), runtime.tile());
            }
            return embedded;
        }
    }

    /** True when a decode of this file would run with another model than the one it names. */
    public boolean mismatches(byte[] file) throws RdpcException {
        RdpcFile parsed = channel(file).file;
        if (parsed.model().priorKindId() == FormatIds.PRIOR_ANALYTIC_GAUSSIAN) {
            return false;
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
