package dev.rdpc.tools;

import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.TensorShape;
import dev.rdpc.decoder.TiledDenoiser;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures an ONNX denoiser (through {@link OnnxDenoiser}, i.e. through the project's adapter and
 * model card) as a plain Gaussian denoiser, the way denoising papers do:
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.DenoiseBench --model local/models/ffdnet-color.onnx \
 *     --images ../shared/data/eval/cbsd68 --sigmas 15,25,50 [--limit N] [--seed S]
 * </pre>
 *
 * <p>For every image {@code v} (8-bit, in [0, 255]) and every sigma (in /255 units) the noisy image
 * is {@code y = v + sigma n} in float, not clipped and not rounded, with {@code n ~ N(0, I)} drawn
 * from a {@link SplittableRandom} seeded by the seed and the image's index (the same unit noise is
 * scaled for every sigma). It is mapped to model space ({@code u = 2 y / 255 - 1},
 * {@code sigma_model = 2 sigma / 255}), denoised with {@code D(u; sigma_model)}, mapped back
 * ({@code 255 (D + 1) / 2}) and clipped to [0, 255] without rounding; the PSNR against the 8-bit
 * original is averaged over the images (mean of per-image PSNRs). The noisy PSNR is computed the
 * same way on the clipped noisy image. Times are wall-clock times of {@code denoise} calls, after
 * one untimed warm-up call on the first image.
 *
 * <p>Output: a markdown table with one row per sigma on standard output. Exit code 0, 1 for bad
 * options, 2 when a model or image cannot be used.
 */
@Command(name = "DenoiseBench", mixinStandardHelpOptions = true,
        description = "Mean PSNR of an ONNX denoiser (with its model card) on noisy images, per noise level.")
public final class DenoiseBench implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "ONNX",
            description = "the .onnx model; its card (.json) must lie beside it. Repeat to compare models in one "
                    + "run, on the same noisy images")
    private List<Path> models;

    @Option(names = "--images", required = true, paramLabel = "DIR|FILE",
            description = "a folder of images (PNG, JPEG, PPM, PGM; read in name order) or one image file")
    private Path images;

    @Option(names = "--sigmas", split = ",", paramLabel = "S", defaultValue = "15,25,50",
            description = "noise levels in /255 units, comma separated (default: ${DEFAULT-VALUE})")
    private List<Double> sigmas;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "use only the first N images (0 = all; default: ${DEFAULT-VALUE})")
    private int limit;

    @Option(names = "--tile", paramLabel = "PIXELS", defaultValue = "0",
            description = "denoise through TiledDenoiser with this tile edge (0 = whole images; default: ${DEFAULT-VALUE})")
    private int tile;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "seed of the noise (default: ${DEFAULT-VALUE})")
    private long seed;

    /** One row of the result table. */
    /**
     * @param meanSquaredError mean over the images of the denoiser's mean squared error in model space
     *                         (values in [-1, 1]), unclipped: the mse of the I-MMSE rate limit
     *                         ({@link RateLimit})
     */
    public record Row(double sigma255, int images, double noisyPsnr, double denoisedPsnr, double meanForwardMillis,
                      double meanSquaredError) {
    }

    /** What {@link #measure} found. */
    public record Result(String modelName, List<String> sizes, List<Row> rows, long forwards, long clampedCalls) {
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A configured command line (tests redirect its writers). */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new DenoiseBench());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("DenoiseBench: " + ex.getMessage());
            ex.getCommandLine().getErr().flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("DenoiseBench: " + ex);
            cmd.getErr().flush();
            return ExitCodes.INPUT;
        });
        return cl;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
        }
        for (double s : sigmas) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--sigmas must be finite and > 0, got " + s);
            }
        }
        List<Path> files = imageFiles(images, limit);
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no images in " + images);
        }
        for (Path model : models) {
            Result r;
            try (OnnxDenoiser denoiser = OnnxDenoiser.load(model)) {
                r = measure(denoiser, tile, files, sigmas, seed);
            }
            out.print(table(r, model, seed));
            out.flush();
        }
        return 0;
    }

    /** The image files of {@code dirOrFile} in name order, at most {@code limit} (0 = all). */
    static List<Path> imageFiles(Path dirOrFile, int limit) throws IOException {
        if (!Files.isDirectory(dirOrFile)) {
            if (!Files.isRegularFile(dirOrFile)) {
                throw new IOException("no such image or folder: " + dirOrFile);
            }
            return List.of(dirOrFile);
        }
        try (Stream<Path> s = Files.list(dirOrFile)) {
            List<Path> all = s.filter(Files::isRegularFile)
                    .filter(p -> dev.rdpc.tools.curve.ImageArchive.isImageName(p.getFileName().toString()))
                    .sorted().collect(Collectors.toList());
            return limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
        }
    }

    /** Runs the benchmark. */
    public static Result measure(OnnxDenoiser denoiser, List<Path> files, List<Double> sigmas, long seed)
            throws IOException {
        return measure(denoiser, 0, files, sigmas, seed);
    }

    /** Runs the benchmark, through {@link TiledDenoiser} with tile edge {@code tile} unless it is 0. */
    public static Result measure(OnnxDenoiser denoiser, int tile, List<Path> files, List<Double> sigmas, long seed)
            throws IOException {
        int channels = denoiser.card().channels();
        Denoiser run = tile > 0 ? TiledDenoiser.of(denoiser, tile) : denoiser; // not closed: it would close the model
        int ns = sigmas.size();
        double[] noisySum = new double[ns];
        double[] denoisedSum = new double[ns];
        double[] squaredErrorSum = new double[ns];
        long[] nanos = new long[ns];
        List<String> sizes = new ArrayList<>();
        boolean warm = false;
        denoiser.resetCounters();
        for (int i = 0; i < files.size(); i++) {
            RasterImage img = ImageFiles.read(files.get(i));
            if (img.channels() != channels) {
                if (channels == 3) {
                    img = img.toRgb();
                } else {
                    throw new IOException(files.get(i) + " has " + img.channels() + " channels but model \""
                            + denoiser.card().name() + "\" takes " + channels);
                }
            }
            String size = img.width() + "x" + img.height();
            if (!sizes.contains(size)) {
                sizes.add(size);
            }
            int w = img.width();
            int h = img.height();
            TensorShape shape = new TensorShape(channels, h, w);
            int n = shape.size();
            float[] clean = new float[n];       // planar CHW, 0..255
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        clean[(c * h + y) * w + x] = img.sample(x, y, c);
                    }
                }
            }
            float[] unit = new float[n];
            SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            for (int k = 0; k < n; k++) {
                unit[k] = (float) rnd.nextGaussian();
            }
            float[] x = new float[n];
            float[] d = new float[n];
            float[] v = new float[n];
            for (int j = 0; j < ns; j++) {
                double sigma = sigmas.get(j);
                for (int k = 0; k < n; k++) {
                    v[k] = (float) (clean[k] + sigma * unit[k]);
                    x[k] = (float) (2.0 * v[k] / 255.0 - 1.0);
                }
                noisySum[j] += psnr(v, clean);
                double sigmaModel = 2.0 * sigma / 255.0;
                if (!warm) {
                    run.denoise(x, shape, sigmaModel, d);
                    warm = true;
                }
                long t0 = System.nanoTime();
                run.denoise(x, shape, sigmaModel, d);
                nanos[j] += System.nanoTime() - t0;
                double squared = 0;
                for (int k = 0; k < n; k++) {
                    v[k] = (float) (255.0 * (d[k] + 1.0) / 2.0);
                    double e = d[k] - (2.0 * clean[k] / 255.0 - 1.0);
                    squared += e * e;
                }
                squaredErrorSum[j] += squared / n;
                denoisedSum[j] += psnr(v, clean);
            }
        }
        List<Row> rows = new ArrayList<>();
        int m = files.size();
        for (int j = 0; j < ns; j++) {
            rows.add(new Row(sigmas.get(j), m, noisySum[j] / m, denoisedSum[j] / m, nanos[j] / 1e6 / m,
                    squaredErrorSum[j] / m));
        }
        return new Result(denoiser.card().name(), sizes, rows, denoiser.calls(), denoiser.clampedCalls());
    }

    /** PSNR of {@code a} clipped to [0, 255] against {@code ref} (0..255), in dB. */
    static double psnr(float[] a, float[] ref) {
        double sq = 0;
        for (int k = 0; k < a.length; k++) {
            double e = Math.min(255.0, Math.max(0.0, a[k])) - ref[k];
            sq += e * e;
        }
        double mse = sq / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** The markdown report. */
    static String table(Result r, Path model, long seed) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "model %s (%s), %d image(s) of size %s, seed %d, %d forward(s) "
                        + "incl. 1 warm-up, %d clamped%n%n", r.modelName(), model, r.rows().isEmpty() ? 0
                        : r.rows().get(0).images(), String.join(", ", r.sizes()), seed, r.forwards(),
                r.clampedCalls()));
        b.append("| sigma (/255) | images | noisy PSNR (dB) | denoised PSNR (dB) | gain (dB) | ms / forward |\n");
        b.append("|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : r.rows()) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %+.2f | %.1f |%n",
                    formatSigma(row.sigma255()), row.images(), row.noisyPsnr(), row.denoisedPsnr(),
                    row.denoisedPsnr() - row.noisyPsnr(), row.meanForwardMillis()));
        }
        return b.toString();
    }

    private static String formatSigma(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
