package dev.rdpc;

import dev.rdpc.core.ChannelGain;
import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.core.RateControl;
import dev.rdpc.decoder.onnx.ModelCard;
import dev.rdpc.decoder.onnx.ModelCardException;
import dev.rdpc.format.ChannelGainInfo;
import dev.rdpc.format.ChannelInfo;
import dev.rdpc.format.ContainerWriter;
import dev.rdpc.format.DecodeHint;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.ImageInfo;
import dev.rdpc.format.ModelInfo;
import dev.rdpc.format.PaddingInfo;
import dev.rdpc.format.ProposalInfo;
import dev.rdpc.format.RccInfo;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.format.TransformInfo;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.RccEncoder;
import dev.rdpc.rcc.RccParameters;
import dev.rdpc.transform.BlockDct;
import dev.rdpc.transform.ImageTransform;
import java.util.Optional;

/**
 * Compresses images: transform, proposal, rate control, reverse channel coding, container. The
 * proposal does not depend on the decoder's prior, so an encoder only records which prior its files
 * are meant for (the MODEL record); it loads no model and is safe to share between threads.
 */
public final class RdpcEncoder implements AutoCloseable {
    private final byte[] modelFingerprint;
    /** Image channels the named model denoises (from its card), or 0 when any count decodes (analytic prior, no card). */
    private final int modelChannels;

    /**
     * An encoder whose files name the embedded default model, so that {@link RdpcDecoder#RdpcDecoder()}
     * decodes them over it; in a build without an embedded model, the analytic prior.
     */
    public RdpcEncoder() {
        Optional<EmbeddedModel> embedded = EmbeddedModel.get();
        this.modelFingerprint = embedded.map(EmbeddedModel::fingerprint).orElse(ModelFingerprint.ANALYTIC);
        this.modelChannels = embedded.map(m -> m.card().channels()).orElse(0);
    }

    /**
     * An encoder whose files name the analytic Gaussian prior (all-zero fingerprint): they decode
     * with the per-frequency Wiener prior they carry, in about a second, with any decoder.
     */
    public static RdpcEncoder analytic() {
        return new RdpcEncoder(ModelFingerprint.ANALYTIC);
    }

    /** True when this encoder's files name the analytic prior. */
    public boolean targetsAnalyticPrior() {
        return java.util.Arrays.equals(modelFingerprint, ModelFingerprint.ANALYTIC);
    }

    private RdpcEncoder(byte[] modelFingerprint) {
        this(modelFingerprint, 0);
    }

    private RdpcEncoder(byte[] modelFingerprint, int modelChannels) {
        this.modelFingerprint = modelFingerprint;
        this.modelChannels = modelChannels;
    }

    /**
     * An encoder whose files name the ONNX model {@code modelFile} (its SHA-256 goes into the MODEL
     * record, and decoders holding another model refuse the file). The proposal does not depend on
     * the model yet, so the model is not loaded; its card, when it lies beside the model, tells the
     * encoder how many channels the model denoises.
     */
    public static RdpcEncoder forModel(java.nio.file.Path modelFile) throws RdpcException {
        byte[] fingerprint = ModelFingerprint.of(modelFile);
        java.nio.file.Path card = ModelCard.cardPathFor(modelFile);
        if (!java.nio.file.Files.exists(card)) {
            return new RdpcEncoder(fingerprint); // the decoder will ask for the card; the encoder does not need it
        }
        try {
            return new RdpcEncoder(fingerprint, ModelCard.read(card).channels());
        } catch (ModelCardException e) {
            throw new RdpcException(ErrorCode.MALFORMED_INPUT, "cannot use model " + modelFile + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new RdpcException(ErrorCode.IO, "cannot read the card of model " + modelFile + ": " + e.getMessage(), e);
        }
    }
    /** Rate control stops once the file is within this fraction of the target. */
    static final double RATE_TOLERANCE = 0.03;
    static final int MAX_RATE_ATTEMPTS = 6;
    /** Coded bits over KL for the coarse first guess; 1.08 to 1.24 on Kodak at sigma 1.2 (docs/measurements.md §6). */
    static final double INITIAL_OVERHEAD_FACTOR = 1.15;

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
        return encode(image, options, RccEncoder.Progress.NONE);
    }

    public EncodeResult encode(RasterImage image, EncodeOptions options, RccEncoder.Progress progress) throws RdpcException {
        return encodeModelSpace(ModelSpace.toPlanar(image), image.channels(), image.width(), image.height(), options, progress);
    }

    /**
     * Compresses a planar (channels x height x width) image given directly in model space, where
     * 8-bit values 0..255 map to [-1, 1]; used by research tools and synthetic-source tests. Every
     * {@code encode} ends here. A grey image for a colour (3-channel) model is coded as RGB with equal
     * channels, because such a model only denoises three channels; the file then holds an RGB image.
     *
     * @throws RdpcException with {@link ErrorCode#UNSUPPORTED} for an RGB image and a grey model
     */
    public EncodeResult encodeModelSpace(float[] planar, int channels, int width, int height, EncodeOptions options,
                                         RccEncoder.Progress progress) throws RdpcException {
        long started = System.nanoTime();
        if (channels != 1 && channels != 3) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "only grey (1) and RGB (3) images are supported, not " + channels + " channels");
        }
        if ((long) channels * width * height != planar.length) {
            throw new RdpcException(ErrorCode.INVALID_ARGUMENT, "planar data has " + planar.length + " values, expected " + (long) channels * width * height);
        }
        if (modelChannels == 3 && channels == 1) {
            // A colour model denoises three channels with independent noise, so a grey image travels as RGB
            // with equal channels: its two chroma planes are exactly zero and cost almost nothing.
            float[] rgb = new float[3 * planar.length];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(planar, 0, rgb, c * planar.length, planar.length);
            }
            planar = rgb;
            channels = 3;
        } else if (modelChannels != 0 && modelChannels != channels) {
            throw new RdpcException(ErrorCode.UNSUPPORTED, "the model denoises " + modelChannels
                    + "-channel images and cannot decode a " + channels + "-channel one; convert the image or choose "
                    + "another model");
        }
        ImageTransform transform = new ImageTransform(channels, width, height, BlockDct.DEFAULT_BLOCK_SIZE);
        float[] coefficients = transform.forwardModel(planar);
        // Kind 2 (format 1.1): regional DC means cut the DC groups' KL by 16-42% on Kodak for about 2 kbit
        // of side information (docs/measurements.md §16).
        PerFrequencyProposal proposal = PerFrequencyProposal.estimateRegional(coefficients, transform.layout(),
                PerFrequencyProposal.DEFAULT_REGION_BLOCKS);
        RccParameters parameters = options.rccParameters();
        RccEncoder.Search search = new RccEncoder.Search(options.searchMarginBits(), options.threads());
        float[] means = proposal.priorMeans(transform.layout());

        if (!options.hasBppTarget()) {
            Attempt attempt = attempt(coefficients, means, proposal, transform, options.sigma(), options, parameters, search, progress, modelFingerprint);
            return attempt.result(channels, width, height, 1, started);
        }

        double pixels = (double) width * height;
        double targetBits = options.targetBpp() * pixels;
        RateControl rate = new RateControl(coefficients, proposal, transform.layout());
        // Files for the analytic prior carry fitted divisors (a CHANNEL_GAIN record); files for a learned prior do not.
        int[] headerGains = unitGains(transform);
        if (java.util.Arrays.equals(modelFingerprint, ModelFingerprint.ANALYTIC)) {
            headerGains[0] = ChannelGain.ONE + 1;
        }
        double fixedBits = 8.0 * container(transform, proposal, options, parameters, 0.1, 0.1, 0, headerGains, new byte[5], modelFingerprint).length;
        double coarse = rate.solveSigma(targetBits, fixedBits, INITIAL_OVERHEAD_FACTOR);
        if (Double.isNaN(coarse)) {
            throw new RdpcException(ErrorCode.INVALID_ARGUMENT, String.format(
                    "target %.4g bpp is below the smallest file for this image (about %.4g bpp)",
                    options.targetBpp(), (fixedBits + INITIAL_OVERHEAD_FACTOR * rate.klBits(RateControl.MAX_SIGMA)) / pixels));
        }
        // The chunk-level prediction usually lands within the tolerance, so one search suffices; a
        // miss rescales the prediction by what the search really produced.
        double scale = 1;
        double sigma = coarse;
        Attempt best = null;
        for (int i = 1; i <= MAX_RATE_ATTEMPTS; i++) {
            sigma = rate.refineSigma(sigma, targetBits, fixedBits, scale, parameters, RATE_TOLERANCE / 8);
            Attempt attempt = attempt(coefficients, means, proposal, transform, sigma, options, parameters, search, progress, modelFingerprint);
            double bits = 8.0 * attempt.file.length;
            if (best == null || Math.abs(bits - targetBits) < Math.abs(8.0 * best.file.length - targetBits)) {
                best = attempt;
                best.attempts = i;
            }
            if (Math.abs(bits / targetBits - 1) <= RATE_TOLERANCE) {
                break;
            }
            scale = Math.max(0.25, (bits - fixedBits) / Math.max(1, rate.predictedPayloadBits(sigma, parameters)));
        }
        return best.result(channels, width, height, best.attempts, started);
    }

    private static final class Attempt {
        final byte[] file;
        final double sigma;
        final double realisedSigma;
        final RccEncoder.Result encoded;
        int attempts = 1;

        Attempt(byte[] file, double sigma, double realisedSigma, RccEncoder.Result encoded) {
            this.file = file;
            this.sigma = sigma;
            this.realisedSigma = realisedSigma;
            this.encoded = encoded;
        }

        EncodeResult result(int channels, int width, int height, int attempts, long started) {
            return new EncodeResult(file, channels, width, height, sigma, realisedSigma, encoded.realisedSigma(), encoded.totalKlBits(),
                    encoded.payloadBits(), encoded.chunkCount(), attempts, (System.nanoTime() - started) / 1e9,
                    encoded.candidatesSearched(), encoded.candidatesScored());
        }
    }

    private static Attempt attempt(float[] coefficients, float[] means, PerFrequencyProposal proposal, ImageTransform transform,
                                   double sigma, EncodeOptions options, RccParameters parameters, RccEncoder.Search search,
                                   RccEncoder.Progress progress, byte[] modelFingerprint) {
        float[] variances = proposal.proposalVariances(transform.layout(), sigma);
        RccEncoder.Result encoded = RccEncoder.encode(coefficients, means, variances, sigma, options.seed(), parameters, search, progress);
        boolean analyticPrior = java.util.Arrays.equals(modelFingerprint, ModelFingerprint.ANALYTIC);
        ChannelGain.Scaling scaling = analyticPrior
                ? ChannelGain.estimate(coefficients, encoded.samples(), means,
                        proposal.priorVariances(transform.layout()), transform.layout(), sigma)
                : ChannelGain.estimateUnitGain(coefficients, encoded.samples(), means,
                        proposal.priorVariances(transform.layout()), transform.layout(), sigma);
        byte[] file = container(transform, proposal, options, parameters, sigma, scaling.decoderSigma(), encoded.chunkCount(),
                scaling.divisors(), encoded.payload(), modelFingerprint);
        return new Attempt(file, sigma, scaling.decoderSigma(), encoded);
    }

    private static byte[] container(ImageTransform transform, PerFrequencyProposal proposal, EncodeOptions options,
                                    RccParameters parameters, double sigma, double realisedSigma, int chunkCount, int[] gains, byte[] payload,
                                    byte[] modelFingerprint) {
        int channels = transform.channels();
        RdpcFile file = RdpcFile.builder()
                .image(new ImageInfo(transform.width(), transform.height(), channels, FormatIds.BITS_PER_SAMPLE_8))
                .transform(new TransformInfo(channels == 3 ? FormatIds.COLOUR_TRANSFORM_OPPONENT_ORTHONORMAL : FormatIds.COLOUR_TRANSFORM_IDENTITY,
                        FormatIds.BLOCK_TRANSFORM_DCT_II_ORTHONORMAL, transform.blockSize(), FormatIds.VALUE_MAPPING_SYMMETRIC_UNIT))
                .padding(new PaddingInfo(transform.paddedWidth(), transform.paddedHeight(), FormatIds.PADDING_EDGE_REPLICATION))
                .channel(new ChannelInfo(sigma, realisedSigma))
                .rcc(new RccInfo(FormatIds.PRNG_RDPC_SM64_V1, parameters.scheme().id(), FormatIds.INDEX_MODEL_V1,
                        parameters.log2Candidates(), (float) parameters.chunkBudgetBits(), options.seed(), chunkCount))
                .proposal(new ProposalInfo(proposal.kindId(), proposal.toBytes()))
                .model(java.util.Arrays.equals(modelFingerprint, ModelFingerprint.ANALYTIC) ? ModelInfo.analyticGaussian()
                        : new ModelInfo(FormatIds.PRIOR_ONNX_MODEL, modelFingerprint))
                .decodeHint(new DecodeHint(FormatIds.MODE_INTERP, 0f, dev.rdpc.decoder.DecodeSettings.DEFAULT_STEPS))
                // All-unit divisors are what an absent record means (format §3.11): files for learned
                // priors save its 2 bytes per group, about 3 kbit, 3-8% of a Kodak file at 0.1-0.25 bpp.
                .channelGain(allUnit(gains) ? null : new ChannelGainInfo(gains))
                .payload(payload)
                .build();
        return ContainerWriter.write(file);
    }

    private static boolean allUnit(int[] gains) {
        for (int g : gains) {
            if (g != ChannelGain.ONE) {
                return false;
            }
        }
        return true;
    }

    private static int[] unitGains(ImageTransform transform) {
        int[] gains = new int[transform.layout().channels() * transform.layout().frequencies()];
        java.util.Arrays.fill(gains, ChannelGain.ONE);
        return gains;
    }

    @Override
    public void close() {
        // Nothing held: the encoder reads only the model's fingerprint.
    }
}
