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
 * stood in for by y = c + sigma n with a fixed seed (docs/measurements.md §16).
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
            System.out.println(line);
        }
        return 0;
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
