package dev.rdpc.tools;

import dev.rdpc.EncodeOptions;
import dev.rdpc.EncodeResult;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.ImageReadException;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code rdpc compress IN OUT}: encodes a PNG, JPEG, PPM or PGM image into an .rdpc file. */
@Command(name = "compress", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = RdpcCli.Version.class,
        description = {"Compress an image (PNG, JPEG, binary PPM/PGM; 8-bit grey or RGB) into an .rdpc file.",
                "Give exactly one rate target: --bpp, --sigma or --quality.",
                "A fully opaque alpha channel is dropped (with a note); real transparency is refused. An embedded ICC "
                        + "colour profile is dropped with a warning: the samples are coded as stored. 16-bit samples "
                        + "are rounded to 8 bits with a warning. IN larger than 1 GiB is refused, also from a device "
                        + "or pipe (exit 2)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {RdpcCli.EXIT_0, RdpcCli.EXIT_1, RdpcCli.EXIT_2, RdpcCli.EXIT_3, RdpcCli.EXIT_4})
final class CompressCommand extends FileCommand {
    /** Largest image input accepted, from a file, a device or standard input. */
    static final long MAX_INPUT_BYTES = 1L << 30;

    /** The rate target: exactly one of --bpp, --sigma and --quality. */
    static final class Rate {
        @Option(names = "--bpp", paramLabel = "R", required = true,
                description = "Target bits per pixel of the whole file, in (0, 24]; recommended 0.1-2. "
                        + "Rate control lands within a few percent.")
        Double bpp;

        @Option(names = "--sigma", paramLabel = "S", required = true,
                description = "Noise standard deviation of the channel the file simulates, in model units (pixels "
                        + "span [-1, 1]): the final sigma of the ladder, in (0, 10]; recommended 0.02-0.5. Larger = "
                        + "fewer bits, more distortion.")
        Double sigma;

        @Option(names = {"-q", "--quality"}, paramLabel = "Q", required = true,
                description = "Quality in [0, 100], mapped to the final noise level by sigma = 10^(-Q/50): 0 -> sigma 1, "
                        + "50 -> 0.1, 100 -> 0.01 (each 15 points roughly halves sigma). Recommended 40-80.")
        Double quality;
    }

    @ArgGroup(exclusive = true, multiplicity = "1", order = 0)
    Rate rate;

    @Option(names = "--seed", paramLabel = "N", order = 10, converter = SeedConverter.class,
            description = "Seed of the randomness shared with the decoder (stored in the file); any 64-bit value, "
                    + "decimal or 0x-hex. Default: 0x5EED = ${DEFAULT-VALUE}; recommended: the default.")
    long seed = EncodeOptions.DEFAULT_SEED;

    @Option(names = "--threads", paramLabel = "N", order = 11,
            description = "Encoder threads, in [1, 1024]. Default: all cores (${DEFAULT-VALUE} here); "
                    + "recommended: the default.")
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Option(names = "--chunk-bits", paramLabel = "B", order = 12,
            description = "KL bits per reverse-channel-coding chunk, in [2, 20]. Default: ${DEFAULT-VALUE}; recommended: "
                    + "the default; larger = fewer bits per pixel but exponentially slower (2^(B + margin) candidates "
                    + "per chunk).")
    double chunkBits = EncodeOptions.DEFAULT_CHUNK_BUDGET_BITS;

    @Option(names = "--search-margin", paramLabel = "M", order = 13,
            description = "Each chunk searches 2^(KL + M) candidates, M in [0, 8]. Default: ${DEFAULT-VALUE}; "
                    + "recommended: the default (larger = slower, slightly more faithful).")
    int searchMargin = EncodeOptions.DEFAULT_SEARCH_MARGIN_BITS;

    @Option(names = "--model", paramLabel = "MODEL", order = 14,
            description = "The prior the file is meant to be decoded with; its SHA-256 goes into the file. One of: "
                    + "`default` (the embedded default diffusion model, if this build has one; otherwise `analytic`), "
                    + "`analytic` (the per-frequency Gaussian prior the file carries: decodes in about a second, "
                    + "blurry at low rates), or the PATH of an ONNX model with its .json card beside it, or of a "
                    + "bundle (.zip, .tar, .tar.gz or .tgz holding one .onnx and its .json card; same SHA-256 as the "
                    + ".onnx file). The default model is for research and non-commercial use only. "
                    + "Default: default; recommended: default, or the model you will decode with.")
    String model = "default";

    @Parameters(index = "0", paramLabel = "IN", description = "Image to compress: PNG, JPEG, PPM (P6) or PGM (P5); - reads standard input.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The .rdpc file to write, replaced atomically (with "
            + "-f); - or /dev/stdout writes standard output; a character device (e.g. /dev/null) or FIFO is written "
            + "through, never replaced.")
    Path out;

    @Override
    public Integer call() throws Exception {
        EncodeOptions options = options();
        OutputTarget target = checkFiles(in, out);
        RasterImage image;
        try {
            byte[] bytes = readInput(in, MAX_INPUT_BYTES);
            String name = isStdio(in) ? "standard input" : in.toString();
            ImageFiles.ReadResult read = ImageFiles.readWithWarnings(new java.io.ByteArrayInputStream(bytes), name);
            image = read.image();
            read.warnings().forEach(this::warn);
            read.notes().forEach(this::note);
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(in, e);
        }
        EncodeResult result;
        try (RdpcEncoder encoder = PriorChoice.encoder(model);
             ProgressBar bar = progressBar("encoding", "1/1000 layers")) {
            result = encoder.encode(image, options, bar == null ? dev.rdpc.decoder.ProgressListener.NONE : bar);
        }
        writeOutput(target, o -> o.write(result.file()));
        if (verbose) {
            info(summary(image, options, result));
        }
        return ExitCodes.OK;
    }

    /** Validates the options (exit 1 on failure) and builds the encoder settings. */
    EncodeOptions options() {
        if (rate.bpp != null) {
            checkRange("--bpp", rate.bpp, 0, true, 24);
        } else if (rate.sigma != null) {
            checkRange("--sigma", rate.sigma, 0, true, 10);
        } else {
            checkRange("--quality", rate.quality, 0, false, 100);
        }
        checkRange("--threads", threads, 1, 1024);
        checkRange("--chunk-bits", chunkBits, 2, false, 20);
        checkRange("--search-margin", searchMargin, 0, 8);
        try {
            EncodeOptions o = rate.bpp != null ? EncodeOptions.bpp(rate.bpp)
                    : rate.sigma != null ? EncodeOptions.sigma(rate.sigma) : EncodeOptions.quality(rate.quality);
            return o.withSeed(seed).withThreads(threads).withChunkBudgetBits(chunkBits).withSearchMarginBits(searchMargin);
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        }
    }

    static String summary(RasterImage image, EncodeOptions options, EncodeResult r) {
        String target = options.hasBppTarget() ? String.format(Locale.ROOT, " (target %s)", fmtG(options.targetBpp())) : "";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%dx%d %s: bpp %.4f%s, sigma %.5g, %d layers, KL bits %.1f, payload bits %d (%.3f x KL), chunks %d, "
                        + "candidates %d, final-layer attempts %d, encode %.3f s",
                r.width(), r.height(), image.isGrey() ? "grey" : "RGB", r.bpp(), target, r.sigma(), r.layers().size(),
                r.klBits(), r.payloadBits(), r.payloadBits() / Math.max(1e-9, r.klBits()), r.chunkCount(),
                r.candidatesSearched(), r.attempts(), r.seconds()));
        b.append(", layers [");
        for (int k = 0; k < r.layers().size(); k++) {
            var layer = r.layers().get(k);
            b.append(String.format(Locale.ROOT, "%ssigma %.4g: %d bits", k == 0 ? "" : "; ", layer.sigma(),
                    layer.payloadBits()));
        }
        return b.append(']').toString();
    }

    private static String fmtG(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Parses a 64-bit seed: decimal (optionally negative) or 0x-prefixed hexadecimal (unsigned 64-bit). */
    static final class SeedConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String s = value.strip();
            try {
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    return Long.parseUnsignedLong(s.substring(2), 16);
                }
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a 64-bit integer (decimal or 0x-hex)");
            }
        }
    }
}
