package dev.rdpc.tools;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.decoder.ProgressListener;
import dev.rdpc.decoder.archive.ArchiveReader;
import dev.rdpc.tools.curve.ClassicCodec;
import dev.rdpc.tools.curve.CurveCodec;
import dev.rdpc.tools.curve.CurveOutputs;
import dev.rdpc.tools.curve.CurvePlots;
import dev.rdpc.tools.curve.CurveRunner;
import dev.rdpc.tools.curve.CurveSummary;
import dev.rdpc.tools.curve.HtmlReport;
import dev.rdpc.tools.curve.ImageArchive;
import dev.rdpc.tools.curve.PointCache;
import dev.rdpc.tools.curve.RdpcCurveCodec;
import dev.rdpc.tools.curve.RunContext;
import dev.rdpc.tools.curve.SourceImage;
import dev.rdpc.tools.curve.ToolPath;
import dev.rdpc.tools.curve.synthetic.SyntheticOutputs;
import dev.rdpc.tools.curve.synthetic.SyntheticRunner;
import dev.rdpc.tools.curve.synthetic.SyntheticSource;
import dev.rdpc.tools.metrics.FeatureNetwork;
import dev.rdpc.tools.metrics.RealismIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rdpc curve --images DIR --out DIR}: rate-distortion-perception curves of rdpc and of the
 * classic codecs installed, measured by one harness on one image set, resumable through a cache in
 * {@code OUT/cache}. See {@link dev.rdpc.tools.curve} for the parts and {@code docs/curve-json.md}
 * for the JSON it writes.
 */
@Command(name = "curve", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = RdpcCli.Version.class,
        description = {"Rate-distortion-perception curves: sweeps rdpc's rate (--bpp or --sigma) and, from one encode "
                + "per image and rate, its decode modes and perception knob; and sweeps the classic codecs installed "
                + "(JPEG, WebP, AVIF, JPEG XL, HEIC) over their quality. Every point is measured the same way: bpp from "
                + "the real file size, RGB PSNR, MS-SSIM, encode and decode wall seconds, and per curve point a realism "
                + "index over the whole image set (sliced Wasserstein distance of patch distributions, docs/metrics.md).",
                "Writes into OUT: one JSON per curve (docs/curve-json.md), curve.csv, plots/*.png, crops/*.png and "
                        + "report.html. Finished points are cached in OUT/cache and skipped when the command is run "
                        + "again, so an interrupted run resumes and extra settings cost only the new points. Delete "
                        + "OUT/cache after changing the codec without changing its version.",
                "Codecs whose programs are missing are skipped with a message; tools/setup-codecs.sh installs them. "
                        + "A point that fails on an image is reported, left out of the means and marked incomplete; "
                        + "the exit code stays 0.",
                "--source gaussian[:VAR] or gmm codes a synthetic i.i.d. source with rdpc instead and writes the "
                        + "measured points beside their closed forms: synthetic-*.json, synthetic.csv and "
                        + "plots/synthetic-rate-mse.png (docs/curve-json.md, Synthetic sources); no cache, no "
                        + "report."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {RdpcCli.EXIT_0, RdpcCli.EXIT_1, RdpcCli.EXIT_2, RdpcCli.EXIT_3, RdpcCli.EXIT_4})
final class CurveCommand implements Callable<Integer>, RdpcCli.Verbosity {
    /** The classic codecs' names, then rdpc: what --codecs accepts besides auto. */
    static final List<String> CODEC_NAMES = codecNames();

    @Spec
    CommandSpec spec;

    @Option(names = "--images", paramLabel = "DIR", order = 0,
            description = "Folder of images (PNG, JPEG, PPM, PGM; 8-bit grey or RGB), taken in name order; or one image "
                    + "file; or an archive (.zip, .tar, .tar.gz, .tgz) of images, read without unpacking: image "
                    + "entries at any depth in name order, each named by its path in the archive, other entries "
                    + "skipped. Default: none; required with --source images, refused with a synthetic source; "
                    + "recommended: a set of photographs such as Kodak.")
    Path images;

    @Option(names = "--source", paramLabel = "SOURCE", order = 0,
            description = "What to code: images (the --images set), gaussian[:VAR] (i.i.d. zero-mean Gaussian of "
                    + "variance VAR in (0, 100] model units, default 0.25) or gmm (i.i.d. 0.5 N(-0.5, 0.05) + "
                    + "0.5 N(0.5, 0.05)). A synthetic source runs rdpc only, over its exact denoiser, reads --bpp as "
                    + "bits per dimension of the ideal rate (each in (0, 8]) or --sigma as the channel sigma, and "
                    + "writes synthetic-*.json beside closed forms (docs/curve-json.md, Synthetic sources). "
                    + "Default: images; recommended: images, or gaussian to check rdpc against theory.")
    String source = "images";

    @Option(names = "--dimensions", paramLabel = "N", order = 19,
            description = "Synthetic sources only: dimensions N coded per rate point, a multiple of 4 in [1024, "
                    + "16777216]. Default: 65536; recommended: 65536 (sampling error of MSE about 0.5%%), more for a "
                    + "smaller W2 floor.")
    Integer dimensions;

    @Option(names = "--out", paramLabel = "DIR", required = true, order = 1,
            description = "Output folder, created when missing; results there are replaced, the cache OUT/cache is "
                    + "reused (a fresh folder starts from scratch). Required (no default).")
    Path out;

    /** The rate sweep of rdpc: target bpp or sigma, not both. */
    static final class RateSweep {
        @Option(names = "--bpp", paramLabel = "R", split = ",", required = true,
                description = "rdpc's target bits per pixel, comma separated, each in (0, 24]. Default: 0.1,0.3,1 "
                        + "(when neither --bpp nor --sigma is given); recommended 0.05-2. With a synthetic --source: "
                        + "bits per dimension of the ideal rate I(U;Y), each in (0, 8]; recommended 0.1-3.")
        List<Double> bpp;

        @Option(names = "--sigma", paramLabel = "S", split = ",", required = true,
                description = "rdpc's channel sigmas instead of bpp targets, comma separated, each in (0, 10] "
                        + "(pixels span [-1, 1]). Default: none (bpp targets); recommended 0.02-0.5 (with a synthetic "
                        + "--source, in its model units: 0.05-1 for gaussian:0.25).")
        List<Double> sigma;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1", order = 2)
    RateSweep rate;

    @Option(names = "--limit", paramLabel = "N", order = 3,
            description = "Only the first N images, in [0, 100000]; 0 = all. Default: 0; recommended: a few for a "
                    + "quick look, all for results.")
    int limit;

    @Option(names = "--codecs", paramLabel = "CODEC", split = ",", order = 4,
            description = "Codecs to run, comma separated, from (rdpc, jpeg, webp, avif, jxl, heic), or auto = rdpc "
                    + "plus every classic codec whose programs are installed. jpeg: cjpeg/djpeg (Debian "
                    + "libjpeg-turbo-progs); webp: cwebp/dwebp (webp); avif: avifenc/avifdec (libavif-bin); jxl: "
                    + "cjxl/djxl (libjxl-tools); heic: heif-enc with heif-dec or heif-convert (libheif-examples). "
                    + "Missing programs skip their codec with a message. Default: auto; recommended: auto.")
    List<String> codecs = List.of("auto");

    @Option(names = "--quality", paramLabel = "CODEC=Q,Q...", order = 5,
            description = "A classic codec's sweep, repeatable, e.g. --quality jpeg=10,50,90; whole numbers. Default "
                    + "per codec, with its range: jpeg quality [1, 100], default 5,10,20,30,50,70,90; webp quality [0, 100], default "
                    + "2,10,25,50,75,90; avif quantizer [0, 63] (lower = better), default 60,52,44,36,28,20; jxl quality "
                    + "[0, 100], default 5,15,30,50,70,90; heic quality [0, 100], default 10,20,30,40,50,60. "
                    + "Recommended: the defaults, which span about 0.1-2 bpp on photographs.")
    Map<String, String> quality = new LinkedHashMap<>();

    @Option(names = "--modes", paramLabel = "MODE", split = ",", order = 6,
            description = "rdpc decode modes, comma separated, from (ode, interp, sde, map-rps); each is swept over "
                    + "--perception (or its --knobs list), all from the same encoded files. Default: ode; recommended: "
                    + "ode, plus sde for posterior samples.")
    List<String> modes = List.of("ode");

    @Option(names = "--perception", paramLabel = "P", split = ",", order = 7,
            description = "rdpc's perception knob values, comma separated, each in [0, 1] (0 = lowest distortion); "
                    + "used by every mode without its own --knobs. Default: 0,0.5,1; recommended: 3-5 values.")
    List<Double> perception = List.of(0.0, 0.5, 1.0);

    @Option(names = "--knobs", paramLabel = "MODE=P,P...", order = 8,
            description = "A mode's own knob values, repeatable, e.g. --knobs sde=0,1; each in [0, 1]; the mode must "
                    + "be in --modes. Default: none (--perception for every mode); recommended: as needed.")
    Map<String, String> knobs = new LinkedHashMap<>();

    @Option(names = "--model", paramLabel = "MODEL", order = 9,
            description = "rdpc's prior: default (the embedded default model when this build has one, else "
                    + "analytic), analytic (the per-frequency Gaussian prior the file carries; fast), or the PATH of an "
                    + "ONNX model with its .json card, or of a bundle (.zip, .tar, .tar.gz or .tgz holding one .onnx "
                    + "and its .json card). Default: default; recommended: default.")
    String model = "default";

    @Option(names = "--steps", paramLabel = "N", order = 10,
            description = "rdpc decode steps (Heun steps of the ODE; ancestral steps of sde), in [1, 10000]. Default: "
                    + DecodeSettings.DEFAULT_STEPS + "; recommended 12-50.")
    int steps = DecodeSettings.DEFAULT_STEPS;

    @Option(names = "--decode-seed", paramLabel = "N", order = 11,
            description = "Seed of the stochastic modes (sde, map-rps), any 64-bit value. Default: 0; recommended: "
                    + "the default.")
    long decodeSeed;

    @Option(names = "--threads", paramLabel = "N", order = 12,
            description = "rdpc encoder threads, in [1, 1024]; the files do not depend on it. Default: all cores "
                    + "(${DEFAULT-VALUE} here); recommended: the default.")
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Option(names = "--tool-path", paramLabel = "DIRS", order = 13,
            description = "Where to look for the classic codecs' programs: folders separated by ':' (';' on "
                    + "Windows), any number in [0, ...). Default: the PATH environment variable; recommended: the "
                    + "default.")
    String toolPath;

    @Option(names = "--crop-image", paramLabel = "NAME", order = 14,
            description = "File name of the image whose crops the report shows (one of the --images files; in an "
                    + "archive, the entry's path). Default: "
                    + "the first image; recommended: a detailed one.")
    String cropImage;

    @Option(names = "--crop-bpp", paramLabel = "R", order = 15,
            description = "The report's crops show each curve at its point nearest this bpp, in (0, 24]. Default: 0.3; "
                    + "recommended: a low rate, where codecs differ most.")
    double cropBpp = 0.3;

    @Option(names = "--crop-size", paramLabel = "PIXELS", order = 16,
            description = "Edge of the square crops in the report, in [16, 4096] (smaller images give smaller crops). "
                    + "Default: 192; recommended 128-256.")
    int cropSize = 192;

    @Option(names = "--features", paramLabel = "MODEL.onnx", order = 17,
            description = "Also measure FID and KID with this feature network (any number of feature dimensions): "
                    + "ONNX, one float32 input [N, 3, H, W] taking RGB in [0, 1], first output [N, D] "
                    + "(docs/metrics.md section 4). Default: none (no FID/KID); recommended: an Inception-v3 "
                    + "pool feature export for numbers comparable with papers.")
    Path features;

    @Option(names = "--compare-bpp", paramLabel = "R", split = ",", order = 17,
            description = "Bit rates at which the report and summary.json read off every curve's PSNR, MS-SSIM and "
                    + "realism index (interpolated, never extrapolated), each in (0, 24]. Default: 0.1,0.3; "
                    + "recommended: low rates, where codecs differ most.")
    List<Double> compareBpp = List.of(0.1, 0.3);

    @Option(names = "--features-patch", paramLabel = "PIXELS", order = 18,
            description = "Patch edge for --features when the network leaves H and W dynamic, in [16, 4096]. "
                    + "Default: 256; recommended: 256 (half-shifted grids add overlapping patches).")
    int featuresPatch = 256;

    @Option(names = {"-v", "--verbose"}, order = 101,
            description = "Print one line per image and rate coded, a summary at the end, and stack traces of "
                    + "internal errors. Default: quiet.")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    /** Folders on which codecs are looked up; tests point it elsewhere through --tool-path. */
    private ToolPath tools() {
        return toolPath == null ? ToolPath.fromEnvironment() : ToolPath.parse(toolPath);
    }

    @Override
    public Integer call() throws Exception {
        if (!source.strip().equalsIgnoreCase("images")) {
            return synthetic();
        }
        if (images == null) {
            throw badOption("--images is required with --source images (the default)");
        }
        if (dimensions != null) {
            throw badOption("--dimensions applies only to a synthetic --source (gaussian, gmm)");
        }
        List<CurveCodec.Rate> rates = rates();
        List<RdpcCurveCodec.ModeSweep> sweeps = sweeps();
        Map<String, List<Double>> qualities = qualities();
        Set<String> wanted = wantedCodecs();
        checkRange("--limit", limit, 0, 100000);
        checkRange("--steps", steps, 1, DecodeSettings.MAX_STEPS);
        checkRange("--threads", threads, 1, 1024);
        checkRange("--crop-size", cropSize, 16, 4096);
        checkRange("--features-patch", featuresPatch, 16, 4096);
        for (double b : compareBpp) {
            checkOpen("--compare-bpp", b, 24);
        }
        if (!(cropBpp > 0 && cropBpp <= 24)) {
            throw badOption("--crop-bpp must lie in (0, 24], got " + cropBpp);
        }
        // The codec programs run in the work folder under OUT, so every path they get must be absolute.
        out = out.toAbsolutePath().normalize();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw CliException.usage("--out " + out + ": exists and is not a folder");
        }

        List<SourceImage> sources = ArchiveReader.isArchive(images) ? archiveImages() : folderImages();
        if (sources.isEmpty()) {
            throw CliException.input(images + ": no PNG, JPEG, PPM or PGM images", null);
        }
        if (cropImage != null && sources.stream().noneMatch(s -> s.name().equals(cropImage))) {
            throw badOption("--crop-image " + cropImage + " is not one of the images");
        }

        FeatureNetwork featureNetwork = null;
        if (features != null) {
            try {
                featureNetwork = FeatureNetwork.load(features, featuresPatch);
            } catch (IOException e) {
                throw CliException.input("--features " + features + ": " + ExitCodes.describe(e), e);
            } catch (IllegalArgumentException e) {
                throw CliException.input("--features: " + e.getMessage(), e);
            }
        }
        try (FeatureNetwork network = featureNetwork) {
            return run(sources, rates, sweeps, qualities, wanted, network);
        }
    }

    /** The images of the --images folder or file, in name order. */
    private List<SourceImage> folderImages() throws dev.rdpc.image.ImageReadException {
        List<Path> files;
        try {
            files = DenoiseBench.imageFiles(images, limit);
        } catch (IOException e) {
            throw CliException.input(ExitCodes.describe(e), e);
        }
        List<SourceImage> sources = new ArrayList<>();
        for (Path f : files) {
            try {
                sources.add(SourceImage.read(f));
            } catch (dev.rdpc.image.ImageReadException e) {
                throw e;
            } catch (IOException e) {
                throw CliException.input("cannot read " + f + ": " + ExitCodes.describe(e), e);
            }
        }
        return sources;
    }

    /** The images of the --images archive, in entry-name order. */
    private List<SourceImage> archiveImages() throws dev.rdpc.image.ImageReadException {
        if (!Files.isRegularFile(images)) {
            throw CliException.input(images + ": no such archive", null);
        }
        try {
            return ImageArchive.read(images, limit);
        } catch (dev.rdpc.image.ImageReadException e) {
            throw e;
        } catch (IOException e) {
            throw CliException.input("cannot read the images of " + images + ": " + ExitCodes.describe(e), e);
        }
    }

    private Integer run(List<SourceImage> sources, List<CurveCodec.Rate> rates, List<RdpcCurveCodec.ModeSweep> sweeps,
                        Map<String, List<Double>> qualities, Set<String> wanted, FeatureNetwork featureNetwork)
            throws Exception {
        Files.createDirectories(out);
        PointCache cache = new PointCache(out.resolve("cache"));
        Path work = Files.createTempDirectory(cache.dir(), "work-");
        List<String> notes = new ArrayList<>();
        List<CurveCodec> chosen = new ArrayList<>();
        try {
            if (wanted.contains("rdpc")) {
                chosen.add(new RdpcCurveCodec(new RdpcCli.Version().getVersion()[0], model, rates, sweeps, steps,
                        decodeSeed, threads, w -> info("warning: " + w)));
            }
            ToolPath path = tools();
            for (ClassicCodec.Spec s : ClassicCodec.SPECS) {
                if (!wanted.contains(s.name())) {
                    continue;
                }
                ClassicCodec.Lookup found;
                try {
                    found = ClassicCodec.find(s, path, qualities.getOrDefault(s.name(), List.of()), work);
                } catch (IllegalArgumentException e) {
                    throw badOption("--quality: " + e.getMessage());
                }
                if (found.codec() == null) {
                    String line = "skipping " + s.name() + ": " + found.missing();
                    info(line);
                    notes.add("Skipped " + s.name() + ": " + found.missing() + ".");
                } else {
                    chosen.add(found.codec());
                }
            }
            if (chosen.isEmpty()) {
                throw CliException.usage("no codec to run: every codec asked for was skipped");
            }
            for (CurveCodec c : chosen) {
                if (verbose) {
                    info(String.format(Locale.ROOT, "%s (%s): %d rate(s) x %d variant(s)", c.name(), c.version(),
                            c.rates().size(), c.variants().size()));
                }
            }
            CurveRunner.Result result;
            PrintWriter err = spec.commandLine().getErr();
            try (ProgressBar bar = verbose ? null : ProgressBar.forTerminal(err, "curve", "points")) {
                RunContext context = new RunContext(work, cache, line -> {
                    if (verbose) {
                        info(line);
                    }
                });
                CurveRunner runner = new CurveRunner(context, this::info,
                        bar == null ? ProgressListener.NONE : bar, RealismIndex.Settings.defaults(), featureNetwork);
                result = runner.run(sources, chosen);
            }
            List<String> jsonFiles = CurveOutputs.write(result, out, cache);
            List<CurvePlots.Plot> plots = CurvePlots.write(result, out);
            CurveSummary.Summary summary = CurveSummary.of(result, compareBpp);
            CurveSummary.write(summary, out);
            Path report = HtmlReport.write(result, out, cache, plots, jsonFiles,
                    new HtmlReport.CropSettings(cropImage, cropBpp, cropSize), notes, summary, compareBpp);
            if (verbose) {
                info(String.format(Locale.ROOT,
                        "%d point(s): %d computed (%d encode(s)), %d from the cache, %d failed; %d curve(s); report %s",
                        result.computed() + result.cached() + result.failed(), result.computed(), result.encodes(),
                        result.cached(), result.failed(), result.curves().size(), report));
            }
        } finally {
            for (CurveCodec c : chosen) {
                c.close();
            }
            for (SourceImage s : sources) {
                s.deleteWorkFiles();
            }
            deleteTree(work);
        }
        return ExitCodes.OK;
    }

    /**
     * {@code --source gaussian[:VAR]} or {@code gmm}: rdpc's channel and diffusion decoder on a synthetic source with
     * known answers ({@link dev.rdpc.tools.curve.synthetic}); options that concern images or classic codecs are
     * refused.
     */
    private Integer synthetic() throws IOException {
        SyntheticSource synthetic;
        try {
            synthetic = SyntheticSource.parse(source);
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        }
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : List.of("--images", "--limit", "--quality", "--model", "--tool-path", "--crop-image",
                "--crop-bpp", "--crop-size", "--features", "--features-patch")) {
            if (parsed != null && parsed.hasMatchedOption(option)) {
                throw badOption(option + " applies only to --source images, not to the synthetic source "
                        + synthetic.kind());
            }
        }
        for (String c : codecs) {
            String name = c.strip().toLowerCase(Locale.ROOT);
            if (!name.equals("auto") && !name.equals("rdpc")) {
                throw badOption("--codecs " + c.strip() + ": a synthetic source is coded by rdpc only (auto means "
                        + "rdpc); classic codecs code images");
            }
        }
        List<CurveCodec.Rate> rates = rates();
        List<RdpcCurveCodec.ModeSweep> sweeps = sweeps();
        checkRange("--steps", steps, 1, DecodeSettings.MAX_STEPS);
        checkRange("--threads", threads, 1, 1024);
        int n = dimensions == null ? SyntheticRunner.DEFAULT_DIMENSIONS : dimensions;
        checkRange("--dimensions", n, SyntheticRunner.MIN_DIMENSIONS, SyntheticRunner.MAX_DIMENSIONS);
        if (n % 4 != 0) {
            throw badOption("--dimensions must be a multiple of 4, got " + n);
        }
        for (CurveCodec.Rate r : rates) {
            if (r.knob().equals("bpp")) {
                checkOpen("--bpp (bits per dimension with a synthetic source)", r.value(),
                        SyntheticRunner.MAX_BITS_PER_DIMENSION);
                double sigma = SyntheticRunner.sigmaOf(synthetic, r);
                if (!(sigma <= 10)) {
                    throw badOption(String.format(Locale.ROOT, "--bpp %s needs sigma %.3g, above the largest "
                            + "sigma 10; ask for a higher rate", FileCommand.fmt(r.value()), sigma));
                }
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw CliException.usage("--out " + out + ": exists and is not a folder");
        }
        SyntheticRunner.Settings settings = new SyntheticRunner.Settings(synthetic, n, rates, sweeps, steps,
                decodeSeed, threads);
        if (verbose) {
            info(String.format(Locale.ROOT, "synthetic source %s (variance %.6g), %d dimensions: %d rate(s) x %d "
                    + "decode setting(s)", synthetic.label(), synthetic.variance(), n, rates.size(),
                    sweeps.stream().mapToInt(s -> s.knobs().size()).sum()));
        }
        SyntheticRunner.Result result = SyntheticRunner.run(settings, line -> {
            if (verbose) {
                info(line);
            }
        });
        List<String> files = SyntheticOutputs.write(result, out, new RdpcCli.Version().getVersion()[0]);
        if (verbose) {
            info(String.format(Locale.ROOT, "%d curve(s) written to %s (W2 floor %.5f)", files.size(), out,
                    result.w2Floor()));
        }
        return ExitCodes.OK;
    }

    private List<CurveCodec.Rate> rates() {
        List<CurveCodec.Rate> r = new ArrayList<>();
        if (rate != null && rate.sigma != null) {
            for (double s : rate.sigma) {
                checkOpen("--sigma", s, 10);
                r.add(new CurveCodec.Rate("sigma", s));
            }
        } else {
            List<Double> bpp = rate != null && rate.bpp != null ? rate.bpp : List.of(0.1, 0.3, 1.0);
            for (double b : bpp) {
                checkOpen("--bpp", b, 24);
                r.add(new CurveCodec.Rate("bpp", b));
            }
        }
        if (r.stream().map(CurveCodec.Rate::label).distinct().count() != r.size()) {
            throw badOption("the rate list repeats a value");
        }
        return r;
    }

    private List<RdpcCurveCodec.ModeSweep> sweeps() {
        Map<DecodeMode, List<Double>> byMode = new LinkedHashMap<>();
        for (String m : modes) {
            DecodeMode mode = mode(m, "--modes");
            if (byMode.containsKey(mode)) {
                throw badOption("--modes lists " + mode.id() + " twice");
            }
            byMode.put(mode, perception);
        }
        for (Map.Entry<String, String> e : knobs.entrySet()) {
            DecodeMode mode = mode(e.getKey(), "--knobs");
            if (!byMode.containsKey(mode)) {
                throw badOption("--knobs names mode " + mode.id() + ", which --modes does not list");
            }
            byMode.put(mode, numbers("--knobs " + mode.id(), e.getValue()));
        }
        List<RdpcCurveCodec.ModeSweep> sweeps = new ArrayList<>();
        for (Map.Entry<DecodeMode, List<Double>> e : byMode.entrySet()) {
            List<Double> values = e.getValue();
            if (values.isEmpty() || values.stream().distinct().count() != values.size()) {
                throw badOption("the knob values of mode " + e.getKey().id() + " are empty or repeat a value");
            }
            for (double p : values) {
                if (!(p >= 0 && p <= 1)) {
                    throw badOption("perception values must lie in [0, 1], got " + p + " for mode " + e.getKey().id());
                }
            }
            sweeps.add(new RdpcCurveCodec.ModeSweep(e.getKey(), List.copyOf(values)));
        }
        return sweeps;
    }

    private DecodeMode mode(String id, String option) {
        try {
            return DecodeMode.fromId(id);
        } catch (IllegalArgumentException e) {
            throw badOption(option + ": " + e.getMessage());
        }
    }

    private Map<String, List<Double>> qualities() {
        Map<String, List<Double>> q = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : quality.entrySet()) {
            String name = e.getKey().strip().toLowerCase(Locale.ROOT);
            if (ClassicCodec.spec(name).isEmpty()) {
                throw badOption("--quality names " + e.getKey() + ", not a classic codec (jpeg, webp, avif, jxl, heic)");
            }
            List<Double> values = numbers("--quality " + name, e.getValue());
            if (values.isEmpty() || values.stream().distinct().count() != values.size()) {
                throw badOption("--quality " + name + " is empty or repeats a value");
            }
            q.put(name, values);
        }
        return q;
    }

    private Set<String> wantedCodecs() {
        Set<String> wanted = new LinkedHashSet<>();
        for (String c : codecs) {
            String n = c.strip().toLowerCase(Locale.ROOT);
            if (n.equals("auto")) {
                wanted.addAll(CODEC_NAMES);
            } else if (CODEC_NAMES.contains(n)) {
                wanted.add(n);
            } else {
                throw badOption("--codecs: unknown codec '" + c + "', expected auto or one of " + CODEC_NAMES);
            }
        }
        return wanted;
    }

    private static List<String> codecNames() {
        List<String> names = new ArrayList<>();
        names.add("rdpc");
        for (ClassicCodec.Spec s : ClassicCodec.SPECS) {
            names.add(s.name());
        }
        return List.copyOf(names);
    }

    private List<Double> numbers(String option, String list) {
        List<Double> values = new ArrayList<>();
        for (String s : list.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            try {
                values.add(Double.parseDouble(s.strip()));
            } catch (NumberFormatException e) {
                throw badOption(option + ": '" + s.strip() + "' is not a number");
            }
        }
        return values;
    }

    private void checkOpen(String option, double v, double max) {
        if (!(v > 0 && v <= max)) {
            throw badOption(option + " values must lie in (0, " + FileCommand.fmt(max) + "], got " + v);
        }
    }

    private void checkRange(String option, long value, long low, long high) {
        if (value < low || value > high) {
            throw badOption(option + " must lie in [" + low + ", " + high + "], got " + value);
        }
    }

    private ParameterException badOption(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private void info(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("rdpc: " + line);
        err.flush();
    }

    /** Removes the run's work folder; what cannot be removed is left for the next run's user to see. */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            // The folder is the run's own, under OUT, so the insecure walk (where the OS lacks a secure one) is safe.
            MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
        } catch (IOException e) {
            // best effort: a leftover temporary folder under OUT/cache does no harm
        }
    }
}
