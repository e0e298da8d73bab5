package dev.rdpc.tools;

import dev.rdpc.DecodeOptions;
import dev.rdpc.DecodeResult;
import dev.rdpc.EncodeOptions;
import dev.rdpc.EncodeResult;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.RdpcException;
import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.ContainerWriter;
import dev.rdpc.format.MalformedInputException;
import dev.rdpc.format.ModelInfo;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.format.ReaderLimits;
import dev.rdpc.ModelRuntime;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The codec end to end on a folder of images: for every image and target bpp, one encode (rate
 * control to the target) and one decode per perception value, with the real file size, RGB PSNR
 * and wall times; then the mean per rate. Output: markdown tables on standard output.
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.CodecEval --images ../shared/data/eval/kodak \
 *     --bpp 0.1,0.3,1 --perception 0,1 [--limit N] [--model default|analytic|PATH] [--steps N]
 * </pre>
 */
@Command(name = "CodecEval", mixinStandardHelpOptions = true,
        description = "Rate, PSNR and times of the codec on a folder of images.")
public final class CodecEval implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--images", required = true, description = "folder of images (or one image)")
    private Path images;

    @Option(names = "--bpp", split = ",", required = true, description = "target bits per pixel, comma separated")
    private List<Double> rates;

    @Option(names = "--perception", split = ",", defaultValue = "0", description = "perception values (default 0)")
    private List<Double> perceptions;

    @Option(names = "--limit", defaultValue = "0", description = "first N images only (0 = all)")
    private int limit;

    @Option(names = "--model", defaultValue = "default", description = "default, analytic, or an ONNX model path")
    private String model;

    @Option(names = "--steps", defaultValue = "0", description = "Heun steps (0 = the file's suggestion)")
    private int steps;

    @Option(names = "--also-analytic", description = "also decode each file at P = 0 with the analytic prior it "
            + "carries (the same payload with the MODEL record rewritten; no second encode)")
    private boolean alsoAnalytic;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CodecEval()).execute(args));
    }

    @Override
    public Integer call() throws IOException, RdpcException, MalformedInputException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = DenoiseBench.imageFiles(images, limit);
        int np = perceptions.size();
        double[][] sums = new double[rates.size()][5 + np]; // bpp, encode s, decode s, count, psnr per P, analytic
        StringBuilder header = new StringBuilder("| image | target | bpp | encode s |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|");
        for (double p : perceptions) {
            header.append(String.format(Locale.ROOT, " PSNR P=%s |", FileCommand.fmt(p)));
            rule.append("---|");
        }
        if (alsoAnalytic) {
            header.append(" PSNR analytic P=0 |");
            rule.append("---|");
        }
        header.append(" decode s (each) |");
        rule.append("---|");
        out.println(header);
        out.println(rule);
        try (RdpcEncoder encoder = PriorChoice.encoder(model);
             RdpcDecoder analyticDecoder = new RdpcDecoder(); // an analytic-prior file decodes with its own prior
             RdpcDecoder decoder = PriorChoice.decoder(model, ReaderLimits.defaults(), ModelRuntime.defaults(), w -> { })) {
            for (Path file : files) {
                RasterImage original = ImageFiles.read(file).toRgb();
                for (int r = 0; r < rates.size(); r++) {
                    long t0 = System.nanoTime();
                    EncodeResult encoded = encoder.encode(original, EncodeOptions.bpp(rates.get(r)));
                    double encodeSeconds = (System.nanoTime() - t0) / 1e9;
                    double bpp = encoded.file().length * 8.0 / original.pixelCount();
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %.4f | %.1f |",
                            file.getFileName(), FileCommand.fmt(rates.get(r)), bpp, encodeSeconds));
                    double decodeSeconds = 0;
                    for (int k = 0; k < np; k++) {
                        DecodeOptions options = DecodeOptions.fromFile().withPerception(perceptions.get(k));
                        if (steps > 0) {
                            options = options.withSteps(steps);
                        }
                        DecodeResult decoded = decoder.decode(encoded.file(), options);
                        double psnr = ImageCompare.psnr(original, decoded.image().toRgb());
                        decodeSeconds += decoded.seconds();
                        sums[r][4 + k] += psnr;
                        row.append(String.format(Locale.ROOT, " %.2f |", psnr));
                    }
                    if (alsoAnalytic) {
                        RdpcFile parsed = ContainerReader.read(encoded.file(), ReaderLimits.defaults());
                        byte[] twin = ContainerWriter.write(parsed.toBuilder().model(ModelInfo.analyticGaussian()).build());
                        DecodeResult analytic = analyticDecoder.decode(twin, DecodeOptions.fromFile().withPerception(0));
                        double psnr = ImageCompare.psnr(original, analytic.image().toRgb());
                        sums[r][4 + np] += psnr;
                        row.append(String.format(Locale.ROOT, " %.2f |", psnr));
                    }
                    row.append(String.format(Locale.ROOT, " %.1f |", decodeSeconds / np));
                    sums[r][0] += bpp;
                    sums[r][1] += encodeSeconds;
                    sums[r][2] += decodeSeconds / np;
                    sums[r][3] += 1;
                    out.println(row);
                    out.flush();
                }
            }
        }
        out.println();
        out.println(header.toString().replace("| image | target |", "| mean over images | target |"));
        out.println(rule);
        for (int r = 0; r < rates.size(); r++) {
            double n = sums[r][3];
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d images | %s | %.4f | %.1f |",
                    (int) n, FileCommand.fmt(rates.get(r)), sums[r][0] / n, sums[r][1] / n));
            for (int k = 0; k < np; k++) {
                row.append(String.format(Locale.ROOT, " %.2f |", sums[r][4 + k] / n));
            }
            if (alsoAnalytic) {
                row.append(String.format(Locale.ROOT, " %.2f |", sums[r][4 + np] / n));
            }
            row.append(String.format(Locale.ROOT, " %.1f |", sums[r][2] / n));
            out.println(row);
        }
        out.flush();
        return 0;
    }
}
