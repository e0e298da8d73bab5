package dev.rdpc.tools;

import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.Chunking;
import dev.rdpc.rcc.Kl;
import dev.rdpc.transform.BlockDct;
import dev.rdpc.transform.CoefficientLayout;
import dev.rdpc.transform.ImageTransform;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A study for issue 8, not part of the codec: how much total KL, how many chunks and how many
 * capped chunks a proposal would save if each block's prior variance at frequency f were scaled by
 * the block's normalised energy over the frequencies already decoded, h = ((A + 0.5) / 1.5)^gamma
 * clamped to [1/64, 64], with each group's scale refitted to the targets. The decoded values are
 * stood in for by y = c + sigma n with a fixed seed. With {@code --dc-region R} it also reports
 * the DC groups' KL under the codec's proposal kind 2 with R x R-block regions (one DC mean per
 * region, format §7.1) instead of one mean per channel (docs/measurements.md §16).
 */
@Command(name = "proposal-study", mixinStandardHelpOptions = true,
        description = "Total KL, chunks and capped chunks with block-activity-scaled proposal variances (docs/measurements.md §16).")
public final class ProposalStudy implements Callable<Integer> {
    @Parameters(paramLabel = "IMAGE", description = "PNG images.")
    Path[] images;

    @Option(names = "--sigma", defaultValue = "0.35", description = "Channel noise level (model units). Default: ${DEFAULT-VALUE}.")
    double sigma;

    @Option(names = "--gammas", split = ",", defaultValue = "0,0.5,0.75,1",
            description = "Exponents of the activity scaling; 0 is today's proposal. Default: ${DEFAULT-VALUE}.")
    double[] gammas;

    @Option(names = "--dc-region", defaultValue = "0",
            description = "Also report the DC KL with one mean per R x R blocks (0: off). Default: ${DEFAULT-VALUE}.")
    int dcRegion;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProposalStudy()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (Path path : images) {
            RasterImage image = ImageFiles.read(path);
            ImageTransform transform = new ImageTransform(image.channels(), image.width(), image.height(), BlockDct.DEFAULT_BLOCK_SIZE);
            CoefficientLayout layout = transform.layout();
            float[] c = transform.forwardModel(ModelSpace.toPlanar(image));
            PerFrequencyProposal proposal = PerFrequencyProposal.estimate(c, layout);
            float[] m = proposal.priorMeans(layout);
            SplittableRandom random = new SplittableRandom(9);
            float[] y = new float[c.length];
            for (int i = 0; i < c.length; i++) {
                y[i] = (float) (c[i] + sigma * random.nextGaussian());
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s sigma %.3f:", path.getFileName(), sigma));
            for (double gamma : gammas) {
                float[] v = variances(c, m, y, proposal, layout, gamma);
                line.append(String.format(Locale.ROOT, " | gamma %.2f: KL %.0f bits, %s", gamma, Kl.totalBits(c, m, v, sigma),
                        chunkCounts(c, m, v)));
            }
            if (dcRegion > 0) {
                line.append(dcRegionMeans(c, m, proposal.proposalVariances(layout, sigma), layout));
            }
            System.out.println(line);
        }
        return 0;
    }

    /** DC groups' KL under kind 1 (m, v) and under the codec's kind-2 proposal with region side R. */
    private String dcRegionMeans(float[] c, float[] m, float[] v, CoefficientLayout layout) {
        PerFrequencyProposal regional = PerFrequencyProposal.estimateRegional(c, layout, dcRegion);
        float[] regionalMeans = regional.priorMeans(layout);
        float[] regionalVariances = regional.proposalVariances(layout, sigma);
        double sigma2 = sigma * sigma;
        double before = 0;
        double after = 0;
        for (int channel = 0; channel < layout.channels(); channel++) {
            int start = layout.groupStart(channel, 0);
            for (int i = start; i < start + layout.blocksPerChannel(); i++) {
                before += Kl.bits(c[i], m[i], v[i], sigma2);
                after += Kl.bits(c[i], regionalMeans[i], regionalVariances[i], sigma2);
            }
        }
        int means = regional.toBytes().length - PerFrequencyProposal.estimate(c, layout).toBytes().length - 1;
        return String.format(Locale.ROOT, " | DC KL %.0f bits, with %d-block regions' means %.0f bits (%d means)", before, dcRegion, after,
                means);
    }

    private float[] variances(float[] c, float[] m, float[] y, PerFrequencyProposal proposal, CoefficientLayout layout, double gamma) {
        double sigma2 = sigma * sigma;
        int blocks = layout.blocksPerChannel();
        float[] v = new float[c.length];
        for (int channel = 0; channel < layout.channels(); channel++) {
            double[] energy = new double[blocks];
            int seen = 0;
            for (int f = 0; f < layout.frequencies(); f++) {
                int start = layout.groupStart(channel, f);
                double prior = proposal.groupVariance(channel, f);
                double[] h = new double[blocks];
                double scale = 0;
                for (int b = 0; b < blocks; b++) {
                    double activity = seen == 0 ? 1 : energy[b] / seen;
                    h[b] = f == 0 || gamma == 0 ? 1 : Math.max(1.0 / 64, Math.min(64, Math.pow((activity + 0.5) / 1.5, gamma)));
                    double d = c[start + b] - m[start + b];
                    scale += d * d / h[b];
                }
                scale = gamma == 0 ? prior : Math.max(scale / blocks, 1e-10);
                for (int b = 0; b < blocks; b++) {
                    v[start + b] = (float) (scale * h[b] + sigma2);
                }
                if (f >= 1) {
                    for (int b = 0; b < blocks; b++) {
                        double d = y[start + b] - m[start + b];
                        energy[b] += d * d / (prior + sigma2);
                    }
                    seen++;
                }
            }
        }
        return v;
    }

    private String chunkCounts(float[] c, float[] m, float[] v) {
        double sigma2 = sigma * sigma;
        Chunking chunks = Chunking.of(v, sigma, 8, 1024);
        int capped = 0;
        for (int j = 0; j < chunks.count(); j++) {
            double kl = 0;
            for (int i = chunks.start(j); i < chunks.end(j); i++) {
                kl += Kl.bits(c[i], m[i], v[i], sigma2);
            }
            // Searched 2^(ceil(KL) + 2) candidates at the default margin, capped at 2^16 (B = 8).
            if (Math.ceil(kl) + 2 > 16) {
                capped++;
            }
        }
        return String.format(Locale.ROOT, "%d chunks, %d capped", chunks.count(), capped);
    }
}
