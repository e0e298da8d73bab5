package dev.rdpc.tools;

import dev.rdpc.DecodeOptions;
import dev.rdpc.DecodeResult;
import dev.rdpc.EncodeOptions;
import dev.rdpc.EncodeResult;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
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
 * Where a file's bits go, against the model's own limit (issue 16, acceptance 1 and 2). For every
 * image and rate setting it encodes with the model, decodes at perception 0, and sets beside it the
 * same model's denoising of a true AWGN observation at the file's final sigma (DenoiseBench) and
 * the I-MMSE limit at that sigma ({@link RateLimit}, per image). Per setting it prints the means:
 *
 * <ul>
 *   <li>file bpp = limit + ladder loss (the layers' KL minus the limit) + coding overhead (payload
 *       minus KL) + side information (file minus payload);</li>
 *   <li>the decoded PSNR beside DenoiseBench's PSNR at the file's sigma: equal within the channel's
 *       exactness.</li>
 * </ul>
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.RateBreakdown --model models/default/rdpc-default.onnx \
 *     --images ../shared/data/eval/kodak --bpp 0.1,0.3,1 [--sigma 0.6,0.3,0.15] [--limit N]
 * </pre>
 */
@Command(name = "RateBreakdown", mixinStandardHelpOptions = true,
        description = "File bits against the model's I-MMSE limit, and decoded PSNR against DenoiseBench at equal sigma.")
public final class RateBreakdown implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "ONNX", description = "the .onnx model with its card beside it")
    private Path model;

    @Option(names = "--images", required = true, paramLabel = "DIR|FILE", description = "a folder of images or one image")
    private Path images;

    @Option(names = "--limit", defaultValue = "0", description = "use only the first N images (0 = all)")
    private int limit;

    @Option(names = "--bpp", split = ",", paramLabel = "R", description = "bpp targets")
    private List<Double> bpps = new ArrayList<>();

    @Option(names = "--sigma", split = ",", paramLabel = "S", description = "final sigmas (model units)")
    private List<Double> sigmas = new ArrayList<>();

    @Option(names = "--per-octave", defaultValue = "4", description = "noise levels per octave of the limit's grid (default: ${DEFAULT-VALUE})")
    private int perOctave;

    /** One image at one setting. */
    record Row(String image, double bpp, double payloadBpp, double klBpp, double limitBpp, double sigma, int layers,
               double psnr, double benchPsnr, double encodeSeconds, double decodeSeconds) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RateBreakdown()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (bpps.isEmpty() && sigmas.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --bpp or --sigma");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = DenoiseBench.imageFiles(images, limit);
        List<Double> grid = new ArrayList<>();
        double min = 1;
        double max = 1024;
        int steps = (int) Math.ceil(perOctave * Math.log(max / min) / Math.log(2));
        for (int i = 0; i <= steps; i++) {
            grid.add(min * Math.pow(max / min, (double) i / steps));
        }
        List<String> settings = new ArrayList<>();
        bpps.forEach(b -> settings.add("bpp " + b));
        sigmas.forEach(s -> settings.add("sigma " + s));
        List<List<Row>> rows = new ArrayList<>();
        settings.forEach(s -> rows.add(new ArrayList<>()));
        try (OnnxDenoiser denoiser = OnnxDenoiser.load(model);
             RdpcEncoder encoder = RdpcEncoder.forModel(model);
             RdpcDecoder decoder = RdpcDecoder.forModel(model, dev.rdpc.format.ReaderLimits.defaults())) {
            int channels = denoiser.card().channels();
            for (Path file : files) {
                RasterImage image = ImageFiles.read(file);
                if (image.channels() != channels && channels == 3) {
                    image = image.toRgb();
                }
                DenoiseBench.Result bench = DenoiseBench.measure(denoiser, 0, List.of(file), grid, 0);
                List<RateLimit.Point> curve = RateLimit.integrate(bench.rows(), channels);
                double pixels = (double) image.width() * image.height();
                for (int s = 0; s < settings.size(); s++) {
                    EncodeOptions options = s < bpps.size() ? EncodeOptions.bpp(bpps.get(s))
                            : EncodeOptions.sigma(sigmas.get(s - bpps.size()));
                    EncodeResult encoded = encoder.encode(image, options);
                    DecodeResult decoded = decoder.decode(encoded.file(), DecodeOptions.fromFile());
                    double sigma255 = encoded.sigma() * 127.5;
                    RateLimit.Point at = RateLimit.interpolate(curve, sigma255);
                    double bench255 = DenoiseBench.measure(denoiser, 0, List.of(file), List.of(sigma255), 0).rows().get(0)
                            .denoisedPsnr();
                    Row row = new Row(file.getFileName().toString(), encoded.bpp(), encoded.payloadBits() / pixels,
                            encoded.klBits() / pixels, at.bitsPerPixel(), encoded.sigma(), encoded.layers().size(),
                            psnr(image, decoded.image()), bench255, encoded.seconds(), decoded.seconds());
                    rows.get(s).add(row);
                    spec.commandLine().getErr().printf(Locale.ROOT, "%s %s: %.4f bpp (payload %.4f, KL %.4f, limit %.4f), "
                                    + "sigma %.4f, %d layers, PSNR %.2f (DenoiseBench %.2f), encode %.1f s, decode %.1f s%n",
                            row.image(), settings.get(s), row.bpp(), row.payloadBpp(), row.klBpp(), row.limitBpp(), row.sigma(),
                            row.layers(), row.psnr(), row.benchPsnr(), row.encodeSeconds(), row.decodeSeconds());
                    spec.commandLine().getErr().flush();
                }
            }
        }
        out.printf(Locale.ROOT, "model %s, %d image(s); means over the images%n%n", model, files.size());
        out.println("| setting | file bpp | limit | ladder loss (KL - limit) | coding overhead (payload - KL) | side info "
                + "(file - payload) | file / limit | KL / limit | payload / KL | PSNR P=0 | DenoiseBench PSNR | difference "
                + "| encode s (median) | decode s (median) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int s = 0; s < settings.size(); s++) {
            List<Row> r = rows.get(s);
            double bpp = mean(r, Row::bpp);
            double limitBpp = mean(r, Row::limitBpp);
            double kl = mean(r, Row::klBpp);
            double payload = mean(r, Row::payloadBpp);
            double psnr = mean(r, Row::psnr);
            double bench = mean(r, Row::benchPsnr);
            out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %+.4f | %+.4f | %+.4f | %.3f | %.3f | %.3f | %.2f | %.2f | %+.2f | %.1f | %.1f |%n",
                    settings.get(s), bpp, limitBpp, kl - limitBpp, payload - kl, bpp - payload, bpp / limitBpp,
                    kl / limitBpp, payload / kl, psnr, bench, psnr - bench, median(r, Row::encodeSeconds),
                    median(r, Row::decodeSeconds));
        }
        out.flush();
        return 0;
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double median(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        double[] v = rows.stream().mapToDouble(f).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    /** RGB PSNR of two 8-bit images of one size, in dB. */
    static double psnr(RasterImage a, RasterImage b) {
        byte[] x = a.samples();
        byte[] y = b.samples();
        double se = 0;
        for (int i = 0; i < x.length; i++) {
            double e = (x[i] & 0xFF) - (y[i] & 0xFF);
            se += e * e;
        }
        return 10 * Math.log10(255.0 * 255.0 / (se / x.length));
    }
}
