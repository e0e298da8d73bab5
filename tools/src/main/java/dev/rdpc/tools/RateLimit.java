package dev.rdpc.tools;

import dev.rdpc.decoder.onnx.OnnxDenoiser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The model's own rate limit (DESIGN.md §7, the I-MMSE relation): coding y = u + sigma n in many
 * small layers, each against the model's reverse step, costs in the limit
 * {@code R(sigma) = 1/2 * integral from 0 to 1/sigma^2 of mse(gamma) d gamma} nats per value, with
 * mse the denoiser's mean squared error (model space) at noise level gamma^(-1/2). The tool measures
 * mse with {@link DenoiseBench} on a geometric grid of noise levels, integrates it (trapezoids in
 * gamma; below the largest sigma measured, mse is held at its value there, the image variance), and
 * prints, per noise level, the limit in bits per pixel beside the denoiser's PSNR: the curve rdpc
 * would reach with no coding overhead and no ladder loss.
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.RateLimit --model models/default/rdpc-default.onnx \
 *     --images ../shared/data/eval/kodak [--limit N] [--per-octave 4] [--at 80,60,40,30,20,15,10,5]
 * </pre>
 */
@Command(name = "RateLimit", mixinStandardHelpOptions = true,
        description = "The I-MMSE rate limit of a denoiser on an image set, from DenoiseBench's mean squared errors.")
public final class RateLimit implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "ONNX", description = "the .onnx model with its card beside it")
    private Path model;

    @Option(names = "--images", required = true, paramLabel = "DIR|FILE", description = "a folder of images or one image")
    private Path images;

    @Option(names = "--limit", defaultValue = "0", description = "use only the first N images (0 = all)")
    private int limit;

    @Option(names = "--min-sigma", defaultValue = "1", description = "smallest noise level measured, /255 units (default: ${DEFAULT-VALUE})")
    private double minSigma;

    @Option(names = "--max-sigma", defaultValue = "1024", description = "largest noise level measured, /255 units (default: ${DEFAULT-VALUE})")
    private double maxSigma;

    @Option(names = "--per-octave", defaultValue = "4", description = "noise levels per octave of sigma (default: ${DEFAULT-VALUE})")
    private int perOctave;

    @Option(names = "--at", split = ",", paramLabel = "S", defaultValue = "80,60,40,30,20,15,10,5",
            description = "noise levels (/255) to report, interpolated in log sigma (default: ${DEFAULT-VALUE})")
    private List<Double> at;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the noise (default: ${DEFAULT-VALUE})")
    private long seed;

    /** One measured noise level and the limit integrated up to it. */
    public record Point(double sigma255, double sigmaModel, double mse, double psnr, double bitsPerPixel) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RateLimit()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (!(minSigma > 0 && maxSigma > minSigma) || perOctave < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need 0 < --min-sigma < --max-sigma and --per-octave >= 1");
        }
        List<Double> sigmas = new ArrayList<>();
        int steps = (int) Math.ceil(perOctave * Math.log(maxSigma / minSigma) / Math.log(2));
        for (int i = 0; i <= steps; i++) {
            sigmas.add(minSigma * Math.pow(maxSigma / minSigma, (double) i / steps));
        }
        List<Path> files = DenoiseBench.imageFiles(images, limit);
        DenoiseBench.Result result;
        int channels;
        try (OnnxDenoiser denoiser = OnnxDenoiser.load(model)) {
            channels = denoiser.card().channels();
            result = DenoiseBench.measure(denoiser, 0, files, sigmas, seed);
        }
        List<Point> points = integrate(result.rows(), channels);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "model %s, %d image(s), %d noise levels from %s to %s /255, seed %d%n%n", model,
                files.size(), sigmas.size(), minSigma, maxSigma, seed);
        out.println("| sigma (/255) | sigma (model) | PSNR at perception 0 (dB) | limit (bpp) |");
        out.println("|---:|---:|---:|---:|");
        for (double s : at) {
            Point p = interpolate(points, s);
            out.printf(Locale.ROOT, "| %s | %.4f | %.2f | %.4f |%n", fmt(s), p.sigmaModel(), p.psnr(), p.bitsPerPixel());
        }
        out.flush();
        return 0;
    }

    /**
     * The limit at every measured level. Rows in any order; the result runs from the largest sigma
     * (smallest gamma) down. Bits per pixel count every channel.
     */
    public static List<Point> integrate(List<DenoiseBench.Row> rows, int channels) {
        List<DenoiseBench.Row> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Double.compare(b.sigma255(), a.sigma255()));
        List<Point> points = new ArrayList<>();
        double nats = 0;
        double previousGamma = 0;
        double previousMse = sorted.isEmpty() ? 0 : sorted.get(0).meanSquaredError();
        for (DenoiseBench.Row row : sorted) {
            double sigmaModel = 2 * row.sigma255() / 255;
            double gamma = 1 / (sigmaModel * sigmaModel);
            nats += 0.5 * 0.5 * (previousMse + row.meanSquaredError()) * (gamma - previousGamma);
            previousGamma = gamma;
            previousMse = row.meanSquaredError();
            points.add(new Point(row.sigma255(), sigmaModel, row.meanSquaredError(), row.denoisedPsnr(),
                    channels * nats / Math.log(2)));
        }
        return points;
    }

    /** Limit and PSNR at {@code sigma255}, linear in log sigma between the measured levels. */
    public static Point interpolate(List<Point> points, double sigma255) {
        for (int i = 0; i + 1 < points.size(); i++) {
            Point a = points.get(i);
            Point b = points.get(i + 1);
            if (sigma255 <= a.sigma255() && sigma255 >= b.sigma255()) {
                double t = Math.log(a.sigma255() / sigma255) / Math.log(a.sigma255() / b.sigma255());
                return new Point(sigma255, 2 * sigma255 / 255, a.mse() + t * (b.mse() - a.mse()),
                        a.psnr() + t * (b.psnr() - a.psnr()), a.bitsPerPixel() + t * (b.bitsPerPixel() - a.bitsPerPixel()));
            }
        }
        throw new IllegalArgumentException("sigma " + sigma255 + "/255 lies outside the measured range");
    }

    private static String fmt(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
