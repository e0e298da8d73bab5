package dev.rdpc.tools;

import dev.rdpc.EncodeOptions;
import dev.rdpc.EncodeResult;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.core.RateControl;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.transform.ImageTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures what reverse channel coding costs over the ideal rate: coded payload bits over total
 * KL, and how far the realised noise strays from the nominal sigma, for several chunk budgets B.
 * For each image the sigma is solved on the whole image so that its total KL alone gives the
 * target bpp; the encodes then run on a centre crop (the search costs about 2^(B+2) candidates
 * per coefficient, so whole images at B = 16 would take hours on two cores).
 */
@Command(name = "overhead-table", mixinStandardHelpOptions = true,
        description = "Table of coded bits / KL and noise-energy error per chunk budget (docs/measurements.md).")
public final class OverheadTable implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "Folder of PNG images (e.g. ../shared/data/eval/kodak).")
    Path images;

    @Option(names = "--limit", defaultValue = "8", description = "Use the first N images in name order. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--crop", defaultValue = "128", description = "Side of the centre crop that is encoded, pixels. Default: ${DEFAULT-VALUE}.")
    int crop;

    @Option(names = "--bpp", split = ",", defaultValue = "0.25,1", description = "KL-only bpp targets that fix sigma per image. Default: ${DEFAULT-VALUE}.")
    double[] bpps;

    @Option(names = "--budgets", split = ",", defaultValue = "8,12,16", description = "Chunk budgets B in bits. Default: ${DEFAULT-VALUE}.")
    double[] budgets;

    @Option(names = "--margin", defaultValue = "2", description = "Search margin bits. Default: ${DEFAULT-VALUE}.")
    int margin;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OverheadTable()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(images)) {
            files = list.filter(p -> p.toString().endsWith(".png")).sorted().limit(limit).toList();
        }
        if (files.isEmpty()) {
            System.err.println("overhead-table: no PNG images in " + images);
            return 2;
        }
        System.out.printf(Locale.ROOT, "images: %d x centre %dx%d crop of %s; search margin %d bits; threads %d%n",
                files.size(), crop, crop, images, margin, Runtime.getRuntime().availableProcessors());
        System.out.println("| target bpp (KL, whole image) | B bits | chunks | coded bits / KL | raw noise energy error | decoder level: sigma_dec^2 / sigma^2 - 1 | seconds |");
        System.out.println("|---|---|---|---|---|---|---|");
        List<RasterImage> loaded = new ArrayList<>();
        for (Path f : files) {
            loaded.add(ImageFiles.read(f));
        }
        for (double bpp : bpps) {
            double[] sigmas = new double[loaded.size()];
            for (int i = 0; i < loaded.size(); i++) {
                sigmas[i] = sigmaForKlBpp(loaded.get(i), bpp);
            }
            for (double budget : budgets) {
                double payload = 0;
                double kl = 0;
                double rawEnergy = 0;
                double energy = 0;
                double nominal = 0;
                long chunks = 0;
                long started = System.nanoTime();
                for (int i = 0; i < loaded.size(); i++) {
                    RasterImage image = loaded.get(i);
                    int side = Math.min(crop, Math.min(image.width(), image.height()));
                    RasterImage cropped = centreCrop(image, side);
                    EncodeResult r = RdpcEncoder.analytic().encode(cropped,
                            EncodeOptions.sigma(sigmas[i]).withChunkBudgetBits(budget).withSearchMarginBits(margin));
                    double n = (double) side * side * image.channels();
                    payload += r.payloadBits();
                    kl += r.klBits();
                    rawEnergy += r.rawRealisedSigma() * r.rawRealisedSigma() * n;
                    energy += r.realisedSigma() * r.realisedSigma() * n;
                    nominal += r.sigma() * r.sigma() * n;
                    chunks += r.chunkCount();
                }
                System.out.printf(Locale.ROOT, "| %.2f | %.0f | %d | %.4f | %+.2f%% | %+.2f%% | %.1f |%n", bpp, budget, chunks,
                        payload / kl, 100 * (rawEnergy / nominal - 1), 100 * (energy / nominal - 1),
                        (System.nanoTime() - started) / 1e9);
            }
        }
        return 0;
    }

    static double sigmaForKlBpp(RasterImage image, double bpp) {
        ImageTransform transform = ImageTransform.forImage(image);
        float[] coefficients = transform.forwardModel(ModelSpace.toPlanar(image));
        PerFrequencyProposal proposal = PerFrequencyProposal.estimate(coefficients, transform.layout());
        return new RateControl(coefficients, proposal, transform.layout())
                .solveSigma(bpp * image.width() * image.height(), 0, 1.0);
    }

    static RasterImage centreCrop(RasterImage image, int side) {
        return image.crop((image.width() - side) / 2, (image.height() - side) / 2, side, side);
    }
}
