package dev.rdpc;

import dev.rdpc.core.CoefficientDenoiser;
import dev.rdpc.core.LayeredEncoder;
import dev.rdpc.core.ModelCoefficientDenoiser;
import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.core.PosteriorVariance;
import dev.rdpc.core.LayerProposals;
import dev.rdpc.core.WienerDenoiser;
import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.ProgressListener;
import dev.rdpc.decoder.TiledDenoiser;
import dev.rdpc.decoder.onnx.ModelCard;
import dev.rdpc.decoder.onnx.ModelCardException;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import dev.rdpc.decoder.onnx.OnnxModelException;
import dev.rdpc.format.ContainerWriter;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.ImageInfo;
import dev.rdpc.format.LadderInfo;
import dev.rdpc.format.LayerInfo;
import dev.rdpc.format.ModelInfo;
import dev.rdpc.format.PaddingInfo;
import dev.rdpc.format.ProposalInfo;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.format.TransformInfo;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.LayerCoder;
import dev.rdpc.transform.BlockDct;
import dev.rdpc.transform.ImageTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Compresses images: transform, layer 0's Gaussian proposal, then layers down the noise ladder
 * each coded against the prior's own reverse step (DESIGN.md §7), and the container. The proposal
 * of every layer after the first is built from the prior's denoiser, so the encoder runs the prior
 * as the decoder will: the embedded default model, an ONNX model with its card, or the analytic
 * Gaussian prior the file carries.
 *
 * <p>Safe to share between threads: the ONNX session, opened on first use and held until
 * {@link #close()}, serialises its runs; everything else is per encode.
 */
public final class RdpcEncoder implements AutoCloseable {
    private final byte[] modelFingerprint;
    /** The model's card, or null for the analytic prior. */
    private final ModelCard card;
    private final ModelRuntime runtime;
    private final Consumer<String> warnings;
    private final SessionOpener opener;
    private final Object lock = new Object();
    private OnnxDenoiser session; // guarded by lock
    private boolean closed;       // guarded by lock

    private interface SessionOpener {
        OnnxDenoiser open() throws RdpcException;
    }

    private RdpcEncoder(byte[] modelFingerprint, ModelCard card, ModelRuntime runtime, Consumer<String> warnings,
                        SessionOpener opener) {
        this.modelFingerprint = modelFingerprint;
        this.card = card;
        this.runtime = runtime;
        this.warnings = warnings;
        this.opener = opener;
    }

    /**
     * An encoder for the embedded default model, so that {@link RdpcDecoder#RdpcDecoder()} decodes
     * its files; in a build without an embedded model, the analytic prior.
     */
    public RdpcEncoder() {
        this(ModelRuntime.defaults(), warning -> { });
    }

    /** An encoder for the embedded default model that runs it as {@code runtime} says. */
    public RdpcEncoder(ModelRuntime runtime, Consumer<String> warnings) {
        Optional<EmbeddedModel> embedded = EmbeddedModel.get();
        this.modelFingerprint = embedded.map(EmbeddedModel::fingerprint).orElse(ModelFingerprint.ANALYTIC);
        this.card = embedded.map(EmbeddedModel::card).orElse(null);
        this.runtime = runtime;
        this.warnings = warnings;
        this.opener = embedded.isPresent() ? () -> embedded.get().open(runtime, warnings) : null;
    }

    /**
     * An encoder whose files name the analytic Gaussian prior (all-zero fingerprint): its layers are
     * coded against the per-frequency Wiener denoiser the file carries, and any decoder decodes them
     * in about a second.
     */
    public static RdpcEncoder analytic() {
        return new RdpcEncoder(ModelFingerprint.ANALYTIC, null, ModelRuntime.defaults(), warning -> { }, null);
    }

    /** True when this encoder's files name the analytic prior. */
    public boolean targetsAnalyticPrior() {
        return card == null;
    }

    /**
     * An encoder for the ONNX model {@code modelFile} with its card beside it, or for the model of a
     * one-file bundle ({@code .zip}, {@code .tar}, {@code .tar.gz}, {@code .tgz} holding the
     * {@code .onnx} file and its card; {@link dev.rdpc.decoder.onnx.ModelBundle}). The model is
     * loaded now (a file that is not a loadable model with a valid card is refused), the SHA-256 of
     * its ONNX file goes into the MODEL record (a bundle's is that of the ONNX file inside), and
     * decoders holding another model refuse the files.
     *
     * @throws RdpcException with {@link ErrorCode#MALFORMED_INPUT} if the model, its card or the
     *                       bundle is missing or unusable, {@link ErrorCode#IO} if reading fails
     */
    public static RdpcEncoder forModel(Path modelFile) throws RdpcException {
        return forModel(modelFile, ModelRuntime.defaults(), warning -> { });
    }

    /** As {@link #forModel(Path)}, run as {@code runtime} says. */
    public static RdpcEncoder forModel(Path modelFile, ModelRuntime runtime, Consumer<String> warnings)
            throws RdpcException {
        OnnxDenoiser loaded = loadModel(modelFile, runtime, warnings);
        RdpcEncoder encoder = new RdpcEncoder(ModelFingerprint.of(loaded.card()), loaded.card(), runtime, warnings,
                () -> loaded);
        synchronized (encoder.lock) {
            encoder.session = loaded;
        }
        return encoder;
    }

    static OnnxDenoiser loadModel(Path modelFile, ModelRuntime runtime, Consumer<String> warnings) throws RdpcException {
        try {
            return OnnxDenoiser.load(modelFile, runtime.device(), runtime.threads(), warnings);
        } catch (ModelCardException | OnnxModelException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "cannot use model " + modelFile + ": " + e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "cannot use model " + modelFile + ": "
                    + (e.getReason() == null ? "no such file" : e.getReason()), e);
        } catch (IOException e) {
            throw new RdpcException(ErrorCode.IO, "cannot read model " + modelFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Compresses a grey or RGB {@link java.awt.image.BufferedImage} (8 or 16 bits per sample; no alpha).
     *
     * @throws RdpcException with {@link ErrorCode#UNSUPPORTED} for other colour models
     */
    public EncodeResult encode(java.awt.image.BufferedImage image, EncodeOptions options) throws RdpcException {
        RasterImage raster;
        try {
            raster = dev.rdpc.image.ImageFiles.fromBufferedImage(image);
        } catch (dev.rdpc.image.ImageReadException e) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, e.getMessage(), e);
        }
        return encode(raster, options);
    }

    public EncodeResult encode(RasterImage image, EncodeOptions options) throws RdpcException {
        return encode(image, options, ProgressListener.NONE);
    }

    /** As {@link #encode(RasterImage, EncodeOptions)}, reporting progress in thousandths of a layer. */
    public EncodeResult encode(RasterImage image, EncodeOptions options, ProgressListener progress) throws RdpcException {
        return encodeModelSpace(ModelSpace.toPlanar(image), image.channels(), image.width(), image.height(), options, progress);
    }

    /**
     * Compresses a planar (channels x height x width) image given directly in model space, where
     * 8-bit values 0..255 map to [-1, 1]; used by research tools and synthetic-source tests. Every
     * {@code encode} ends here. A grey image for a colour (3-channel) model is coded as RGB with equal
     * channels, because such a model only denoises three channels; the file still holds a grey image
     * (format.md §3.3, colourTransformId 2), and decodes to grey.
     *
     * @throws RdpcException with {@link ErrorCode#UNSUPPORTED} for an RGB image and a grey model
     */
    public EncodeResult encodeModelSpace(float[] planar, int channels, int width, int height, EncodeOptions options,
                                         ProgressListener progress) throws RdpcException {
        long started = System.nanoTime();
        if (channels != 1 && channels != 3) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "only grey (1) and RGB (3) images are supported, not " + channels + " channels");
        }
        if ((long) channels * width * height != planar.length) {
            throw new RdpcException(ErrorCode.INVALID_ARGUMENT, "planar data has " + planar.length + " values, expected " + (long) channels * width * height);
        }
        int modelChannels = card == null ? 0 : card.channels();
        int codedChannels = channels;
        if (modelChannels == 3 && channels == 1) {
            // A colour model denoises three channels with independent noise, so a grey image travels as RGB
            // with equal channels: its two chroma planes are exactly zero and cost almost nothing. The file
            // still says grey (colourTransformId 2), and the decoder averages the planes back to one.
            float[] rgb = new float[3 * planar.length];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(planar, 0, rgb, c * planar.length, planar.length);
            }
            planar = rgb;
            codedChannels = 3;
        } else if (modelChannels != 0 && modelChannels != channels) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "the model denoises " + modelChannels
                    + "-channel images and cannot decode a " + channels + "-channel one; convert the image or choose "
                    + "another model");
        }
        ImageTransform transform = new ImageTransform(codedChannels, width, height, BlockDct.DEFAULT_BLOCK_SIZE);
        float[] coefficients = transform.forwardModel(planar);
        planar = null; // the coefficients are all the encoder needs from here on
        double topSigma = topSigma(options);
        PerFrequencyProposal proposal = chooseProposal(coefficients, transform, topSigma);
        int bands = PosteriorVariance.defaultBands(transform.blockSize());
        int tileEdge = card == null ? 0 : runtime.tile();
        int tileOverlap = card == null ? 0 : TiledDenoiser.defaultOverlap(runtime.tile());
        LayeredEncoder.Settings settings = new LayeredEncoder.Settings(topSigma, options.ladderRatio(),
                options.chunkBudgetBits(), options.searchMarginBits(), options.log2Candidates(), options.threads(),
                options.seed(), bands, tileEdge, tileOverlap, options.tilt());
        LayeredEncoder.Result layers;
        try (CoefficientDenoiser denoiser = denoiserFor(proposal, transform, tileEdge, tileOverlap)) {
            LayeredEncoder encoder = new LayeredEncoder(coefficients, transform.layout(), proposal, denoiser, settings,
                    progress);
            if (options.hasBppTarget()) {
                double pixels = (double) width * height;
                LadderInfo empty = ladder(settings, List.of(new LayerInfo(1f, 1, 0, 0)), new byte[0]);
                long fixedBytes = container(transform, channels, proposal, empty, new byte[0]).length - (long) FormatIds.LAYER_ENTRY_LENGTH;
                LayeredEncoder.Budget budget = new LayeredEncoder.Budget() {
                    @Override
                    public double fileBits(double payloadBits, int layerCount, int scaleBytes) {
                        long ladderBytes = (long) layerCount * FormatIds.LAYER_ENTRY_LENGTH + scaleBytes;
                        return 8.0 * (fixedBytes + ladderBytes) + payloadBits;
                    }

                    @Override
                    public double targetBits() {
                        return options.targetBpp() * pixels;
                    }
                };
                if (budget.fileBits(0, 1, 0) >= budget.targetBits()) {
                    throw new RdpcException(ErrorCode.INVALID_ARGUMENT, String.format(java.util.Locale.ROOT,
                            "target %.4g bpp is below the smallest file for this image (its headers alone take %.4g bpp)",
                            options.targetBpp(), budget.fileBits(0, 1, 0) / pixels));
                }
                layers = encoder.encodeToBudget(budget, MIN_SIGMA);
            } else {
                layers = encoder.encodeToSigma(options.sigma());
            }
        } catch (java.util.concurrent.CancellationException e) {
            throw e;
        } catch (IllegalArgumentException | dev.rdpc.decoder.onnx.OnnxModelException e) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "the model cannot encode this image: " + e.getMessage(), e);
        }
        byte[] file = container(transform, channels, proposal, layers.ladder(), layers.payload());
        return new EncodeResult(file, channels, width, height, layers.ladder().finalSigma(), layers.klBits(),
                layers.payloadBits(), layers.layers(), layers.finalLayerAttempts(), (System.nanoTime() - started) / 1e9);
    }

    /** The smallest final sigma a bpp target may reach (about 0.013/255 per pixel). */
    static final double MIN_SIGMA = 1e-4;

    private double topSigma(EncodeOptions options) {
        double top = Double.isNaN(options.topSigma()) ? EncodeOptions.DEFAULT_TOP_SIGMA : options.topSigma();
        if (Double.isNaN(options.topSigma()) && card != null) {
            // Above its trained range a model's estimate is no better than the layer-0 prior's. The card
            // gives the range in the model's own value units; the ladder is in model space ([-1, 1]).
            top = Math.min(top, card.sigmaMax() / card.valueRange().scale());
        }
        return top;
    }

    /**
     * Layer 0's proposal: per-frequency variances, with regional DC means (kind 2) when they save more
     * of layer 0's KL than their bytes cost at the top sigma.
     */
    private static PerFrequencyProposal chooseProposal(float[] coefficients, ImageTransform transform, double topSigma) {
        PerFrequencyProposal plain = PerFrequencyProposal.estimate(coefficients, transform.layout());
        PerFrequencyProposal regional = PerFrequencyProposal.estimateRegional(coefficients, transform.layout(),
                PerFrequencyProposal.DEFAULT_REGION_BLOCKS);
        double plainBits = LayerCoder.klBits(LayerProposals.first(plain, transform.layout(), topSigma, coefficients))
                + 8.0 * plain.toBytes().length;
        double regionalBits = LayerCoder.klBits(LayerProposals.first(regional, transform.layout(), topSigma, coefficients))
                + 8.0 * regional.toBytes().length;
        return regionalBits < plainBits ? regional : plain;
    }

    private CoefficientDenoiser denoiserFor(PerFrequencyProposal proposal, ImageTransform transform, int tileEdge,
                                            int tileOverlap) throws RdpcException {
        if (card == null) {
            return new WienerDenoiser(proposal, transform.layout());
        }
        Denoiser model = session();
        if (tileEdge > 0) {
            model = new TiledDenoiser(model, tileEdge, tileOverlap); // not closed: it would close the session
        }
        return new ModelCoefficientDenoiser(transform, model);
    }

    private OnnxDenoiser session() throws RdpcException {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the encoder is closed");
            }
            if (session == null) {
                session = opener.open();
            }
            return session;
        }
    }

    private static LadderInfo ladder(LayeredEncoder.Settings settings, List<LayerInfo> layers, byte[] scales) {
        return new LadderInfo(FormatIds.PRNG_RDPC_SM64_V2, FormatIds.PERMUTATION_FEISTEL_V1,
                FormatIds.INDEX_MODEL_LAYERED, settings.log2Candidates(), settings.seed(), settings.tileEdge(),
                settings.tileOverlap(), settings.bands(), layers, scales);
    }

    private byte[] container(ImageTransform transform, int imageChannels, PerFrequencyProposal proposal, LadderInfo ladder,
                             byte[] payload) {
        int colour = transform.channels() == 1 ? FormatIds.COLOUR_TRANSFORM_IDENTITY
                : imageChannels == 1 ? FormatIds.COLOUR_TRANSFORM_GREY_AS_RGB : FormatIds.COLOUR_TRANSFORM_OPPONENT_ORTHONORMAL;
        RdpcFile file = RdpcFile.builder()
                .image(new ImageInfo(transform.width(), transform.height(), imageChannels, FormatIds.BITS_PER_SAMPLE_8))
                .transform(new TransformInfo(colour,
                        FormatIds.BLOCK_TRANSFORM_DCT_II_ORTHONORMAL, transform.blockSize(), FormatIds.VALUE_MAPPING_SYMMETRIC_UNIT))
                .padding(new PaddingInfo(transform.paddedWidth(), transform.paddedHeight(), FormatIds.PADDING_EDGE_REPLICATION))
                .proposal(new ProposalInfo(proposal.kindId(), proposal.toBytes()))
                .model(card == null ? ModelInfo.analyticGaussian() : new ModelInfo(FormatIds.PRIOR_ONNX_MODEL, modelFingerprint))
                // No DECODE_HINT: this encoder suggests the decoder's own defaults (interp, perception 0,
                // 24 steps), and the record would cost 13 bytes, 1% of a small file.
                .ladder(ladder)
                .payload(payload)
                .build();
        return ContainerWriter.write(file);
    }

    /** SHA-256 of the model this encoder's files name (all zeros for the analytic prior). */
    byte[] modelFingerprint() {
        return modelFingerprint.clone();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (session != null) {
                session.close();
                session = null;
            }
        }
    }
}
