package dev.rdpc.tools;

import dev.rdpc.EncodeOptions;
import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.Chunking;
import dev.rdpc.rcc.Kl;
import dev.rdpc.rcc.RccEncoder;
import dev.rdpc.rcc.RccParameters;
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
 * region, format §7.1) instead of one mean per channel (docs/measurements.md §16). With
 * {@code --index-contexts} it runs the codec's channel search at {@code --sigma} (proposal kind 2,
 * default chunk budget) and measures how much a richer context for the index octave could save:
 * the empirical conditional entropy of the octaves L_j = floor(log2 K_j) given today's context
 * round(E_j), given that and the previous chunk's octave, and given the chunk's true KL rounded
 * down (an oracle the decoder cannot have), beside the L_j - 1 bits below the leading one
 * (docs/measurements.md §16).
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

    @Option(names = "--index-contexts",
            description = "Also run the channel search and report the index octave's entropy under richer contexts.")
    boolean indexContexts;

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
            if (indexContexts) {
                line.append(indexContexts(c, layout));
            }
            System.out.println(line);
        }
        return 0;
    }

    /** The index-octave entropies of one channel search under the codec's own proposal and parameters. */
    private String indexContexts(float[] c, CoefficientLayout layout) {
        PerFrequencyProposal proposal = PerFrequencyProposal.estimateRegional(c, layout, PerFrequencyProposal.DEFAULT_REGION_BLOCKS);
        float[] m = proposal.priorMeans(layout);
        float[] v = proposal.proposalVariances(layout, sigma);
        RccParameters parameters = EncodeOptions.sigma(sigma).rccParameters();
        RccEncoder.Result r = RccEncoder.encode(c, m, v, sigma, EncodeOptions.DEFAULT_SEED, parameters,
                new RccEncoder.Search(EncodeOptions.DEFAULT_SEARCH_MARGIN_BITS, Runtime.getRuntime().availableProcessors()));
        Chunking chunks = Chunking.of(v, sigma, parameters.chunkBudgetBits(), parameters.maxChunkDimensions());
        double sigma2 = sigma * sigma;
        int n = chunks.count();
        long[] context = new long[n];
        long[] octave = new long[n];
        long[] oracle = new long[n];
        double kl = 0;
        long belowLeadingOne = 0;
        for (int j = 0; j < n; j++) {
            double chunkKl = 0;
            for (int i = chunks.start(j); i < chunks.end(j); i++) {
                chunkKl += Kl.bits(c[i], m[i], v[i], sigma2);
            }
            kl += chunkKl;
            octave[j] = 63 - Long.numberOfLeadingZeros(r.indices()[j]);
            belowLeadingOne += octave[j];
            context[j] = Math.min(31, Math.max(0, Math.round(RccEncoder.expectedBits(v, chunks, j, sigma2))));
            oracle[j] = Math.min(40, (long) Math.floor(chunkKl));
        }
        long[] withPrevious = new long[n];
        for (int j = 0; j < n; j++) {
            withPrevious[j] = context[j] * 64 + (j == 0 ? 63 : Math.min(octave[j - 1], 14) / 2);
        }
        double today = conditionalEntropyBits(context, octave);
        double previous = conditionalEntropyBits(withPrevious, octave);
        double known = conditionalEntropyBits(oracle, octave);
        return String.format(Locale.ROOT, " | %d chunks, KL %.0f bits, payload %d bits (%.3f x KL); octave entropy per chunk: "
                        + "%.2f bits given round(E_j), %.2f with the previous octave, %.2f given the true KL (oracle); "
                        + "%.2f bits per chunk below the leading one; (octave entropy + those bits) / KL: %.3f, %.3f, %.3f",
                n, kl, r.payloadBits(), r.payloadBits() / kl, today / n, previous / n, known / n, (double) belowLeadingOne / n,
                (today + belowLeadingOne) / kl, (previous + belowLeadingOne) / kl, (known + belowLeadingOne) / kl);
    }

    /** Sum over items of -log2 p(value | context) with p the empirical (plug-in) conditional frequencies. */
    static double conditionalEntropyBits(long[] contexts, long[] values) {
        java.util.Map<Long, Integer> contextCounts = new java.util.HashMap<>();
        java.util.Map<java.util.List<Long>, Integer> pairCounts = new java.util.HashMap<>();
        for (int i = 0; i < values.length; i++) {
            contextCounts.merge(contexts[i], 1, Integer::sum);
            pairCounts.merge(java.util.List.of(contexts[i], values[i]), 1, Integer::sum);
        }
        double bits = 0;
        for (var e : pairCounts.entrySet()) {
            double count = e.getValue();
            bits -= count * Math.log(count / contextCounts.get(e.getKey().get(0))) / Math.log(2);
        }
        return bits;
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
