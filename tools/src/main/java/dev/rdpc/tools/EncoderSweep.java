package dev.rdpc.tools;

import dev.rdpc.DecodeOptions;
import dev.rdpc.DecodeResult;
import dev.rdpc.EncodeOptions;
import dev.rdpc.EncodeResult;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.transform.ImageTransform;
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
 * The encoder's settings against rate, quality, exactness and time (docs/measurements.md §19). For
 * each setting it encodes centre crops of the given images at one final sigma with the embedded
 * model, decodes them at perception 0, and prints the means: bpp, PSNR, payload / KL, and the
 * channel's exactness (noise energy of y - x over sigma^2 minus 1, corr(y - x, x), kurtosis of
 * y - x), with encode and decode seconds. Meant for training images: tune nothing on eval/.
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.EncoderSweep --images a.jpg,b.jpg --crop 384 --sigma 0.3 \
 *     --settings B=9:m=3:tilt=0.3:r=0.6,B=10:m=2:tilt=0.3
 * </pre>
 */
@Command(name = "EncoderSweep", mixinStandardHelpOptions = true,
        description = "Encoder settings against bpp, PSNR, payload/KL, channel exactness and time.")
public final class EncoderSweep implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--images", required = true, split = ",", paramLabel = "FILE", description = "images (training images)")
    private List<Path> images;

    @Option(names = "--crop", defaultValue = "384", description = "centre crop edge (default: ${DEFAULT-VALUE})")
    private int crop;

    @Option(names = "--sigma", required = true, description = "final sigma (model units)")
    private double sigma;

    @Option(names = "--settings", split = ",", defaultValue = "default",
            description = "settings to compare: 'default', or KEY=VALUE pairs joined by ':' with keys B (chunk budget bits), "
                    + "m (search margin bits), tilt, r (ladder ratio), top (top sigma)")
    private List<String> settings;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EncoderSweep()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<RasterImage> crops = new ArrayList<>();
        for (Path file : images) {
            RasterImage image = ImageFiles.read(file);
            if (image.channels() == 1) {
                image = image.toRgb();
            }
            int edge = Math.min(crop, Math.min(image.width(), image.height()));
            crops.add(image.crop((image.width() - edge) / 2, (image.height() - edge) / 2, edge, edge));
        }
        out.printf(Locale.ROOT, "%d crop(s) of %d, sigma %.4g, embedded model; means over the crops%n%n", crops.size(), crop,
                sigma);
        out.println("| setting | bpp | PSNR P=0 | payload / KL | energy / sigma^2 - 1 | corr(y - x, x) | kurtosis | encode s | decode s |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        try (RdpcEncoder encoder = new RdpcEncoder(); RdpcDecoder decoder = new RdpcDecoder()) {
            for (String setting : settings) {
                EncodeOptions options = parse(setting, EncodeOptions.sigma(sigma));
                double[] sums = new double[8];
                for (RasterImage image : crops) {
                    EncodeResult encoded = encoder.encode(image, options);
                    DecodeResult decoded = decoder.decode(encoded.file(), DecodeOptions.fromFile());
                    double[] channel = channelStats(decoder, encoded.file(), image);
                    double[] row = {encoded.bpp(), RateBreakdown.psnr(image, decoded.image()),
                            encoded.payloadBits() / encoded.klBits(), channel[0], channel[1], channel[2], encoded.seconds(),
                            decoded.seconds()};
                    for (int i = 0; i < row.length; i++) {
                        sums[i] += row[i] / crops.size();
                    }
                }
                out.printf(Locale.ROOT, "| %s | %.4f | %.3f | %.3f | %+.4f | %+.4f | %.3f | %.1f | %.1f |%n", setting, sums[0],
                        sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7]);
                out.flush();
            }
        }
        return 0;
    }

    /** Settings such as {@code B=10:m=2:tilt=0.3} applied over {@code base}; {@code default} is the base. */
    static EncodeOptions parse(String setting, EncodeOptions base) {
        EncodeOptions options = base;
        if (setting.equals("default")) {
            return options;
        }
        for (String pair : setting.split(":")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("setting " + pair + " is not KEY=VALUE");
            }
            double value = Double.parseDouble(kv[1]);
            switch (kv[0]) {
                case "B": options = options.withChunkBudgetBits(value); break;
                case "m": options = options.withSearchMarginBits((int) value); break;
                case "tilt": options = options.withTilt(value); break;
                case "r": options = options.withLadderRatio(value); break;
                case "top": options = options.withTopSigma(value); break;
                default: throw new IllegalArgumentException("unknown setting key " + kv[0] + " (B, m, tilt, r, top)");
            }
        }
        return options;
    }

    /** Energy of y - x over sigma^2 minus 1, corr(y - x, x) and the kurtosis of y - x, over the padded image. */
    static double[] channelStats(RdpcDecoder decoder, byte[] file, RasterImage image) throws Exception {
        RdpcDecoder.Channel channel = decoder.channel(file, DecodeOptions.fromFile());
        float[] y = channel.paddedPlanar();
        ImageTransform transform = new ImageTransform(image.channels(), image.width(), image.height(), 8);
        float[] x = transform.pad(ModelSpace.toPlanar(image));
        double meanX = 0;
        double meanE = 0;
        for (int i = 0; i < x.length; i++) {
            meanX += x[i];
            meanE += y[i] - x[i];
        }
        meanX /= x.length;
        meanE /= x.length;
        double e2 = 0;
        double e4 = 0;
        double ex = 0;
        double xx = 0;
        for (int i = 0; i < x.length; i++) {
            double e = y[i] - x[i] - meanE;
            double d = x[i] - meanX;
            e2 += e * e;
            e4 += e * e * e * e;
            ex += e * d;
            xx += d * d;
        }
        double s2 = channel.sigma() * channel.sigma();
        int n = x.length;
        return new double[] {e2 / n / s2 - 1, ex / Math.sqrt(e2 * xx), (e4 / n) / ((e2 / n) * (e2 / n))};
    }
}
