package dev.rdpc.tools;

import dev.rdpc.DecodeOptions;
import dev.rdpc.ModelRuntime;
import dev.rdpc.decoder.ProgressListener;
import dev.rdpc.decoder.TiledDenoiser;
import dev.rdpc.decoder.onnx.ExecutionDevice;
import dev.rdpc.DecodeResult;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.ErrorCode;
import dev.rdpc.RdpcException;
import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.MalformedInputException;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.format.ReaderLimits;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code rdpc decompress IN OUT}: decodes an .rdpc file into a PNG, PPM, PGM or JPEG image. */
@Command(name = "decompress", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = RdpcCli.Version.class,
        description = {"Decompress an .rdpc file into an image whose format OUT's extension names: .png (PNG), .ppm "
                + "(binary P6), .pgm (binary P5) or .jpg/.jpeg (JPEG through the JDK's ImageIO writer at quality "
                + "0.95, about libjpeg's 95). Other extensions, and a new file without one, are refused (exit 1) "
                + "unless --format says what to write.",
                "A grey image written as .ppm is expanded to RGB (R = G = B); a colour image cannot be written as "
                        + ".pgm (refused before decoding, exit 1: use .png, .ppm or .jpg).",
                "Options left out take the settings suggested by the file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {RdpcCli.EXIT_0, RdpcCli.EXIT_1, RdpcCli.EXIT_2, RdpcCli.EXIT_3, RdpcCli.EXIT_4})
final class DecompressCommand extends FileCommand {

    @Option(names = "--perception", paramLabel = "P", order = 0,
            description = "Distortion-perception trade-off, in [0, 1]: 0 = lowest distortion, 1 = most realistic. "
                    + "Default: from the file (0 for files of this encoder); recommended 0 for fidelity, "
                    + "0.5-1 for realism at low bpp.")
    Double perception;

    @Option(names = "--mode", paramLabel = "MODE", order = 1, converter = ModeConverter.class,
            completionCandidates = ModeCandidates.class,
            description = "How to traverse the trade-off: ${COMPLETION-CANDIDATES}. ode = score-scaled "
                    + "probability-flow ODE (--perception P sets kappa = 2 - P); interp = interpolation between the "
                    + "lowest-distortion and the ODE reconstructions (P = weight); sde = variance-scaled reverse "
                    + "diffusion (P = lambda, 1 = posterior sample); map-rps = MMSE estimate re-noised to P x sigma "
                    + "and sampled back consistently with the file. Default: from the file (interp for files of "
                    + "this encoder, whose P = 0 is the model's MMSE estimate in one call); recommended: interp.")
    DecodeMode mode;

    @Option(names = "--steps", paramLabel = "N", order = 2,
            description = "Heun steps of the ODE, in [1, 10000]. Default: from the file ("
                    + DecodeSettings.DEFAULT_STEPS + " for files of this encoder); recommended 12-50.")
    Integer steps;

    @Option(names = "--layers", paramLabel = "N", order = 2,
            description = "Decode from the first N layers only, in [1, the file's layer count] (`rdpc info` lists them): "
                    + "each prefix of layers is an exact noisy observation at its layer's sigma, so fewer layers read "
                    + "fewer bits and make fewer model calls, at a coarser image. Default: all layers; recommended: "
                    + "the default, fewer for a quick preview.")
    Integer layers;

    @Option(names = "--decode-seed", paramLabel = "N", order = 5,
            description = "Seed of the stochastic modes (sde, map-rps), any 64-bit value; the same seed gives the same "
                    + "image. Default: 0; recommended: any, vary it for different samples.")
    long decodeSeed;

    @Option(names = "--max-model-calls", paramLabel = "N", order = 9,
            description = "Refuse, before any work, a decode that needs more than N model calls, [1, "
                    + DecodeOptions.MAX_MODEL_CALLS + "]: the decode time per pixel is about N model passes, so this "
                    + "defuses files whose suggested steps are huge (decompression bombs). Default: "
                    + DecodeOptions.DEFAULT_MAX_MODEL_CALLS + " (100 Heun steps); recommended: the default.")
    int maxModelCalls = DecodeOptions.DEFAULT_MAX_MODEL_CALLS;

    @Option(names = "--max-model-work", paramLabel = "N", order = 9,
            description = "Refuse, before any work, a decode whose ONNX model calls times padded pixels exceed N "
                    + "pixel-calls, [1, 2^50]. The decode time grows with both: the default is about 4 minutes of the "
                    + "embedded model on a 2-core machine (about 2.5 us per pixel-call). The analytic prior is not "
                    + "counted. Default: " + DecodeOptions.DEFAULT_MAX_MODEL_WORK + "; recommended: the default, "
                    + "raised for very large images (an 8000x8000 image at perception 0 needs about 130 million).")
    long maxModelWork = DecodeOptions.DEFAULT_MAX_MODEL_WORK;

    @Option(names = "--max-pixels", paramLabel = "N", order = 10,
            description = "Refuse files whose image (or padded image) has more than N pixels, before allocating for it, "
                    + "[1, 2^40]. The decoder's memory grows with the pixel count (about 120 bytes per pixel of heap for "
                    + "a full ODE decode, docs/measurements.md §10). Default: 100000000; recommended: the default, or "
                    + "lower for untrusted files on small machines.")
    long maxPixels = ReaderLimits.defaults().maxPixels();

    @Parameters(index = "0", paramLabel = "IN", description = "The .rdpc file to decompress; - reads standard input.")
    Path in;

    @Option(names = "--model", paramLabel = "MODEL", order = 3,
            description = "The prior to decode with, as in `compress --model`: `analytic` (the analytic Gaussian prior "
                    + "the file carries), `default` (the embedded default model) or the PATH of an ONNX model with "
                    + "its .json card beside it, or of a bundle of both (.zip, .tar, .tar.gz or .tgz) (write ./analytic "
                    + "for a file of that name). The file must have been "
                    + "made for it; any other file is refused as a model mismatch (exit 2), and "
                    + "--allow-model-mismatch only applies to a PATH. Default: the prior the file names, when it is "
                    + "the analytic prior or the embedded default model; files encoded for another model need its "
                    + "PATH. Recommended: the default.")
    String model;

    @Option(names = "--format", paramLabel = "FORMAT", order = 11, converter = FormatConverter.class,
            description = "Image format to write, one of (png, ppm, pgm, jpeg): for - (standard output, PNG by "
                    + "default), devices and pipes, or a file name without an extension; it must agree with an "
                    + "extension OUT has. Default: from OUT's extension, PNG for standard output; recommended: "
                    + "name OUT with the extension instead.")
    OutputFormat formatOption;

    @Option(names = "--device", paramLabel = "DEVICE", order = 6, converter = DeviceConverter.class,
            description = "Where the ONNX model runs, one of (cpu, cuda). cuda needs the build's `cuda` Maven profile, CUDA 12 "
                    + "and a GPU, and falls back to the CPU with one warning otherwise. Default: cpu; recommended: cuda "
                    + "when available. A file's analytic prior always runs on the CPU.")
    ExecutionDevice device = ExecutionDevice.CPU;

    @Option(names = "--threads", paramLabel = "N", order = 7,
            description = "Threads ONNX Runtime uses for the model, [0, 1024]; 0 = one per core. The decoded image does "
                    + "not depend on it. Default: 0; recommended: 0, or fewer to leave cores to other work.")
    int threads;

    @Option(names = "--tile", paramLabel = "PIXELS", order = 8,
            description = "Largest tile edge the ONNX model sees, [" + TiledDenoiser.MIN_TILE + ", 65536]. Larger images "
                    + "are denoised in overlapping tiles blended together, which bounds the model's memory (figures "
                    + "in docs/measurements.md). Default: "
                    + TiledDenoiser.DEFAULT_TILE + "; recommended: the default on a CPU, larger on a GPU with memory "
                    + "to spare. Images no larger than the tile are not tiled.")
    int tile = TiledDenoiser.DEFAULT_TILE;

    @Option(names = "--allow-model-mismatch", order = 4,
            description = "Decode even if the file names another model than --model (prints a warning). Default: refuse.")
    boolean allowModelMismatch;

    @Parameters(index = "1", paramLabel = "OUT",
            description = "The image to write, in the format its extension names (.png, .ppm, .pgm, .jpg, .jpeg), "
                    + "replaced atomically (with -f); - or /dev/stdout writes PNG (or --format) to standard output; a "
                    + "character device (e.g. /dev/null) or FIFO is written through, never replaced.")
    Path out;

    @Override
    public Integer call() throws Exception {
        DecodeOptions options = options();
        OutputTarget target = checkFiles(in, out);
        OutputFormat format = OutputFormat.choose(target, formatOption);
        checkRange("--max-pixels", maxPixels, 1, 1L << 40);
        ReaderLimits limits = ReaderLimits.defaults().withMaxPixels(maxPixels);
        byte[] bytes = readInput(in, limits.maxFileBytes());
        RdpcFile header = headerOrNull(bytes, limits);
        checkChannels(header, format);
        DecodeResult result;
        boolean analyticFile = header != null && header.model().priorKindId() == FormatIds.PRIOR_ANALYTIC_GAUSSIAN;
        if (device == ExecutionDevice.CUDA && analyticFile && (model == null || PriorChoice.isBuiltIn(model))) {
            warn("--device cuda applies to ONNX models; this file's analytic prior runs on the CPU");
        }
        ModelRuntime runtime = ModelRuntime.defaults().withDevice(device).withThreads(threads).withTile(tile);
        try (RdpcDecoder decoder = decoder(header, limits, runtime);
             ProgressBar bar = progressBar("decoding", "model calls")) {
            if (allowModelMismatch && decoder.mismatches(bytes)) {
                warn("decoding with a model other than the one the file names");
            }
            result = decoder.decode(bytes, options.withAllowModelMismatch(allowModelMismatch),
                    bar == null ? ProgressListener.NONE : bar);
        }
        RasterImage image = result.image();
        if (format == OutputFormat.PGM && image.channels() != 1) {
            throw CliException.usage(out + ": PGM holds only grey images but the decoded image is in colour; write "
                    + ".png, .ppm or .jpg instead");
        }
        switch (format) {
            case PPM:
                RasterImage rgb = image.toRgb();
                writeOutput(target, o -> ImageFiles.writePpm(rgb, o));
                break;
            case PGM:
                writeOutput(target, o -> ImageFiles.writePpm(image, o));
                break;
            case JPEG:
                writeOutput(target, o -> ImageFiles.writeJpeg(image, o, JPEG_QUALITY));
                break;
            default:
                writeOutput(target, o -> ImageFiles.writePng(image, o));
                break;
        }
        if (verbose) {
            info(summary(image, result));
        }
        return ExitCodes.OK;
    }

    /** ImageIO's JPEG quality for .jpg output: rdpc's output is already lossy, so JPEG should add little. */
    static final float JPEG_QUALITY = 0.95f;

    /**
     * The decoder --model asks for. The built-in choices are checked against the file here, because the library's
     * default decoder accepts files for either built-in prior: a file for another prior is a model mismatch.
     */
    private RdpcDecoder decoder(RdpcFile header, ReaderLimits limits, ModelRuntime runtime) throws RdpcException {
        java.util.function.Consumer<String> warnings = message -> warn(message);
        if (model != null && !PriorChoice.isBuiltIn(model)) {
            return RdpcDecoder.forModel(Path.of(model), limits, runtime, warnings);
        }
        if (model != null && header != null) {
            String named = describePrior(header);
            boolean analyticFile = header.model().priorKindId() == FormatIds.PRIOR_ANALYTIC_GAUSSIAN;
            java.util.Optional<String> embedded = RdpcDecoder.embeddedModelFingerprint();
            boolean wantsAnalytic = model.equals(PriorChoice.ANALYTIC) || embedded.isEmpty();
            boolean matches = wantsAnalytic ? analyticFile
                    : !analyticFile && embedded.get().equals(HexFormat.of().formatHex(header.model().fingerprint()));
            if (!matches) {
                throw new RdpcException(ErrorCode.MODEL_MISMATCH, "model mismatch: the file names " + named
                        + " but --model " + model + " was given" + (allowModelMismatch
                        ? "; --allow-model-mismatch applies only to a model PATH" : "")
                        + "; decode it without --model, or with the model it names");
            }
        }
        return new RdpcDecoder(limits, runtime, warnings);
    }

    private static String describePrior(RdpcFile header) {
        if (header.model().priorKindId() == FormatIds.PRIOR_ANALYTIC_GAUSSIAN) {
            return "the analytic Gaussian prior";
        }
        String sha = HexFormat.of().formatHex(header.model().fingerprint());
        boolean embedded = RdpcDecoder.embeddedModelFingerprint().map(sha::equals).orElse(false);
        return (embedded ? "the embedded default model" : "the ONNX model") + " with SHA-256 " + sha;
    }

    /** Validates the options (exit 1 on failure) and builds the decoder settings. */
    DecodeOptions options() {
        DecodeOptions o = DecodeOptions.fromFile();
        checkRange("--threads", threads, 0, 1024);
        checkRange("--tile", tile, TiledDenoiser.MIN_TILE, 65536);
        checkRange("--max-model-calls", maxModelCalls, 1, DecodeOptions.MAX_MODEL_CALLS);
        o = o.withMaxModelCalls(maxModelCalls);
        checkRange("--max-model-work", maxModelWork, 1, DecodeOptions.MAX_MODEL_WORK);
        o = o.withMaxModelWork(maxModelWork);
        try {
            if (perception != null) {
                checkRange("--perception", perception, 0, false, 1);
                o = o.withPerception(perception);
            }
            if (steps != null) {
                checkRange("--steps", steps, 1, DecodeSettings.MAX_STEPS);
                o = o.withSteps(steps);
            }
            if (layers != null) {
                checkRange("--layers", layers, 1, 255);
                o = o.withLayers(layers);
            }
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        }
        o = o.withDecodeSeed(decodeSeed);
        return mode == null ? o : o.withMode(mode);
    }

    /** The parsed file, or null when it is malformed: the decoder then reports it with its usual message. */
    private static RdpcFile headerOrNull(byte[] bytes, ReaderLimits limits) {
        try {
            return ContainerReader.read(bytes, limits);
        } catch (MalformedInputException | RuntimeException e) {
            return null;
        }
    }

    /** A grey-only PGM cannot hold a colour image: refuse before the (slow) decode rather than after it. */
    private void checkChannels(RdpcFile header, OutputFormat format) {
        if (format != OutputFormat.PGM || header == null) {
            return;
        }
        if (header.image().channels() != 1) {
            throw CliException.usage(out + ": PGM holds only grey images but " + in
                    + " is a colour image; write .png, .ppm or .jpg instead");
        }
    }

    static String summary(RasterImage image, DecodeResult r) {
        DecodeSettings s = r.settings();
        return String.format(Locale.ROOT, "%dx%d %s: %d layers (sigma %.5g), mode %s, perception %s, steps %d, "
                        + "sigma-min %s, rho %s, decode %.3f s",
                image.width(), image.height(), image.isGrey() ? "grey" : "RGB", r.layers(), r.sigma(), s.mode().id(),
                fmt(s.perception()), s.steps(), fmt(s.sigmaMin()), fmt(s.rho()), r.seconds());
    }

    /** The image formats decompress writes, and the extensions that name them. */
    enum OutputFormat {
        PNG("png"), PPM("ppm"), PGM("pgm"), JPEG("jpg", "jpeg");

        private final List<String> extensions;

        OutputFormat(String... extensions) {
            this.extensions = List.of(extensions);
        }

        /** ".png, .ppm, .pgm, .jpg, .jpeg" */
        static String supportedExtensions() {
            List<String> all = new ArrayList<>();
            for (OutputFormat f : values()) {
                f.extensions.forEach(e -> all.add("." + e));
            }
            return String.join(", ", all);
        }

        /** The format an extension (lower case, without the dot) names, or null. */
        static OutputFormat ofExtension(String extension) {
            for (OutputFormat f : values()) {
                if (f.extensions.contains(extension)) {
                    return f;
                }
            }
            return null;
        }

        /** OUT's extension in lower case without the dot, or "" (a leading dot starts a hidden name, not one). */
        static String extensionOf(Path out) {
            Path name = out.getFileName();
            String n = name == null ? "" : name.toString();
            int dot = n.lastIndexOf('.');
            return dot <= 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
        }

        /**
         * The format to write: --format, or OUT's extension (they must agree when both are given); PNG for standard
         * output, devices and pipes without either (their extension counts only when it is an image format's). A
         * file rdpc creates must name its format.
         */
        static OutputFormat choose(OutputTarget target, OutputFormat option) {
            String extension = target.kind() == OutputTarget.Kind.STANDARD_OUTPUT ? "" : extensionOf(target.path());
            if (!target.isFileRdpcCreates() && ofExtension(extension) == null) {
                extension = ""; // a device or pipe named e.g. out.fifo: its name says nothing about the image
            }
            if (extension.isEmpty()) {
                if (option != null) {
                    return option;
                }
                if (!target.isFileRdpcCreates()) {
                    return PNG;
                }
                throw CliException.usage(target.path() + ": no extension to choose the image format by; name it "
                        + supportedExtensions() + ", or give --format");
            }
            OutputFormat named = ofExtension(extension);
            if (named == null) {
                throw CliException.usage(target.path() + ": unknown image extension ." + extension + "; supported: "
                        + supportedExtensions());
            }
            if (option != null && option != named) {
                throw CliException.usage("--format " + option.name().toLowerCase(Locale.ROOT) + " contradicts the ."
                        + extension + " of " + target.path());
            }
            return named;
        }
    }

    static final class FormatConverter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            OutputFormat f = OutputFormat.ofExtension(value.toLowerCase(Locale.ROOT));
            if (f == null) {
                throw new TypeConversionException("'" + value + "' is not one of png, ppm, pgm, jpeg");
            }
            return f;
        }
    }

    static final class DeviceConverter implements ITypeConverter<ExecutionDevice> {
        @Override
        public ExecutionDevice convert(String value) {
            try {
                return ExecutionDevice.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ModeConverter implements ITypeConverter<DecodeMode> {
        @Override
        public DecodeMode convert(String value) {
            try {
                return DecodeMode.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ModeCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> ids = new ArrayList<>();
            for (DecodeMode m : DecodeMode.values()) {
                ids.add(m.id());
            }
            return ids.iterator();
        }
    }
}
