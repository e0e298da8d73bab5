package dev.rdpc.tools;

import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.TensorShape;
import dev.rdpc.decoder.TiledDenoiser;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.Kl;
import dev.rdpc.transform.CoefficientLayout;
import dev.rdpc.transform.ImageTransform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Study of the layered design (DESIGN.md section 7) behind the ladder and posterior-variance
 * choices of format 2.0: the ideal-channel KL of each layer (no coding overhead) under several
 * structures of the posterior-variance term w, from per-pixel oracle to one scalar. Prints one row
 * per layer and the totals in bits per pixel; docs/measurements.md §19 quotes it.
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.LadderStudy MODEL.onnx DIR:N[,DIR:N...] SIGMA0 SIGMA_K LAYERS [CROP [geometric|power]]
 * </pre>
 */
public final class LadderStudy {
    static final int[] BAND_EDGES = {0, 1, 3, 6, 10, 15, 21, 28, 36, 64};

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        List<Path> files = new ArrayList<>();
        for (String dir : args[1].split(",")) {
            String[] parts = dir.split(":");
            files.addAll(DenoiseBench.imageFiles(Path.of(parts[0]), Integer.parseInt(parts[1])));
        }
        double sigma0 = Double.parseDouble(args[2]);
        double sigmaK = Double.parseDouble(args[3]);
        int layers = Integer.parseInt(args[4]);
        int crop = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        String spacing = args.length > 6 ? args[6] : "geometric";
        double[] sigmas = ladder(sigma0, sigmaK, layers, spacing);
        String[] names = {"scalar", "channel", "chanFreq", "chanBand", "localWiener", "wienerScale", "wienerPow", "dcEnergy", "wienerBand", "wienerBandLocal", "oracle"};
        double[][] totals = new double[layers + 1][names.length];
        double pixelsTotal = 0;
        double psnrSum = 0;
        double layer0Side = 0;
        try (OnnxDenoiser onnx = OnnxDenoiser.load(model)) {
            Denoiser d = TiledDenoiser.of(onnx, 1024);
            int index = 0;
            for (Path f : files) {
                RasterImage img = ImageFiles.read(f);
                if (img.channels() == 1) {
                    img = img.toRgb();
                }
                if (crop > 0) {
                    int w = Math.min(crop, img.width());
                    int h = Math.min(crop, img.height());
                    img = img.crop((img.width() - w) / 2, (img.height() - h) / 2, w, h);
                }
                ImageTransform t = new ImageTransform(3, img.width(), img.height(), 8, 8);
                CoefficientLayout layout = t.layout();
                float[] c = t.forwardModel(ModelSpace.toPlanar(img));
                int n = c.length;
                double pixels = (double) img.width() * img.height();
                pixelsTotal += pixels;
                PerFrequencyProposal p = PerFrequencyProposal.estimateRegional(c, layout, 8);
                float[] means = p.priorMeans(layout);
                float[] vars = p.proposalVariances(layout, sigma0);
                double kl0 = Kl.totalBits(c, means, vars, sigma0);
                totals[0][0] += kl0;
                layer0Side += 8.0 * p.toBytes().length;
                SplittableRandom rnd = new SplittableRandom(1234 + index++);
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    y[i] = (float) (c[i] + sigma0 * rnd.nextGaussian());
                }
                TensorShape shape = new TensorShape(3, t.paddedHeight(), t.paddedWidth());
                float[] pix = new float[n];
                float[] den = new float[n];
                float[] dc = new float[n];
                for (int k = 1; k <= layers; k++) {
                    double sPrev = sigmas[k - 1];
                    double s = sigmas[k];
                    t.inverse(y, pix);
                    d.denoise(pix, shape, sPrev, den);
                    t.forward(den, dc);
                    double dg = 1 / (s * s) - 1 / (sPrev * sPrev);
                    double[] kl = layerKl(c, dc, layout, dg, sPrev, p.priorVariances(layout));
                    for (int m = 0; m < names.length; m++) {
                        totals[k][m] += kl[m] / Kl.LN2;
                    }
                    double rho = (s * s) / (sPrev * sPrev);
                    double tau = s * Math.sqrt(1 - rho);
                    for (int i = 0; i < n; i++) {
                        y[i] = (float) (rho * y[i] + (1 - rho) * c[i] + tau * rnd.nextGaussian());
                    }
                }
                t.inverse(y, pix);
                d.denoise(pix, shape, sigmaK, den);
                float[] u = t.pad(ModelSpace.toPlanar(img));
                double se = 0;
                for (int i = 0; i < n; i++) {
                    double e = 127.5 * (Math.max(-1, Math.min(1, den[i])) - u[i]);
                    se += e * e;
                }
                psnrSum += 10 * Math.log10(255.0 * 255 / (se / n));
                System.err.printf(Locale.ROOT, "%s done%n", f.getFileName());
            }
        }
        System.out.printf(Locale.ROOT, "sigma0 %.3f sigmaK %.3f K %d %s, %d images, layer0 %.4f bpp (+side %.4f), PSNR(P=0) %.2f dB%n",
                sigma0, sigmaK, layers, spacing, files.size(), totals[0][0] / pixelsTotal, layer0Side / pixelsTotal, psnrSum / files.size());
        System.out.print("layer sigma");
        for (String nm : names) {
            System.out.print(" " + nm);
        }
        System.out.println();
        double[] sum = new double[names.length];
        for (int k = 1; k <= layers; k++) {
            System.out.printf(Locale.ROOT, "%d %.4f", k, sigmas[k]);
            for (int m = 0; m < names.length; m++) {
                System.out.printf(Locale.ROOT, " %.4f", totals[k][m] / pixelsTotal);
                sum[m] += totals[k][m] / pixelsTotal;
            }
            System.out.println();
        }
        System.out.print("sum(layers>=1)");
        for (int m = 0; m < names.length; m++) {
            System.out.printf(Locale.ROOT, " %.4f", sum[m]);
        }
        System.out.println();
        System.out.print("total bpp incl. layer0");
        for (int m = 0; m < names.length; m++) {
            System.out.printf(Locale.ROOT, " %.4f", sum[m] + totals[0][0] / pixelsTotal);
        }
        System.out.println();
    }

    static double[] ladder(double s0, double sK, int k, String spacing) {
        double[] s = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            double f = (double) i / k;
            if (spacing.equals("geometric")) {
                s[i] = s0 * Math.pow(sK / s0, f);
            } else if (spacing.startsWith("power")) {
                // gamma = 1/s^2 uniform in gamma^(1/p)
                double p = Double.parseDouble(spacing.substring(5));
                double g0 = Math.pow(1 / (s0 * s0), 1 / p);
                double gK = Math.pow(1 / (sK * sK), 1 / p);
                double g = Math.pow(g0 + f * (gK - g0), p);
                s[i] = 1 / Math.sqrt(g);
            }
        }
        return s;
    }

    /** KL in nats of one layer with proposal variance tau^2 (1 + dg w) and target offset e, for each w structure. */
    static double[] layerKl(float[] c, float[] dc, CoefficientLayout layout, double dg, double sigmaPrev, float[] prior) {
        int n = c.length;
        int channels = layout.channels();
        int freqs = layout.frequencies();
        int blocks = layout.blocksPerChannel();
        double[] e2 = new double[n];
        double total = 0;
        double oracle = 0;
        for (int i = 0; i < n; i++) {
            double e = c[i] - dc[i];
            e2[i] = e * e;
            total += e2[i];
            oracle += 0.5 * Math.log1p(dg * e2[i]);
        }
        double scalar = groupKl(e2, 0, n, total / n, dg);
        double channel = 0;
        double chanFreq = 0;
        double chanBand = 0;
        for (int ch = 0; ch < channels; ch++) {
            int s0 = layout.groupStart(ch, 0);
            double sumC = 0;
            for (int i = s0; i < s0 + blocks * freqs; i++) {
                sumC += e2[i];
            }
            channel += groupKl(e2, s0, s0 + blocks * freqs, sumC / (blocks * freqs), dg);
            for (int f = 0; f < freqs; f++) {
                int g0 = layout.groupStart(ch, f);
                double sum = 0;
                for (int i = g0; i < g0 + blocks; i++) {
                    sum += e2[i];
                }
                chanFreq += groupKl(e2, g0, g0 + blocks, sum / blocks, dg);
            }
            for (int b = 0; b + 1 < BAND_EDGES.length; b++) {
                int g0 = layout.groupStart(ch, BAND_EDGES[b]);
                int g1 = layout.groupStart(ch, BAND_EDGES[b + 1] - 1) + blocks;
                double sum = 0;
                for (int i = g0; i < g1; i++) {
                    sum += e2[i];
                }
                chanBand += groupKl(e2, g0, g1, sum / (g1 - g0), dg);
            }
        }
        // Local Wiener: w_i = a_g * sigma^2 * h(t_i / sigma^2), t_i = block-smoothed dc^2 of the same group.
        double local = 0;
        double s2 = sigmaPrev * sigmaPrev;
        int bx = layout.blocksX();
        int by = layout.blocksY();
        double[] shape = new double[n];
        double[] shapeT = new double[n];
        double[] tRel = new double[n];
        for (int ch = 0; ch < channels; ch++) {
            for (int f = 0; f < freqs; f++) {
                int g0 = layout.groupStart(ch, f);
                for (int row = 0; row < by; row++) {
                    for (int col = 0; col < bx; col++) {
                        double sum = 0;
                        int count = 0;
                        for (int dr = -1; dr <= 1; dr++) {
                            for (int dcn = -1; dcn <= 1; dcn++) {
                                int r = row + dr;
                                int q = col + dcn;
                                if (r >= 0 && r < by && q >= 0 && q < bx) {
                                    double v = dc[g0 + r * bx + q];
                                    sum += v * v;
                                    count++;
                                }
                            }
                        }
                        double tt = sum / count / s2;
                        shape[g0 + row * bx + col] = Math.min(1, Math.sqrt(tt)) + 1e-3;
                        shapeT[g0 + row * bx + col] = sum / count;
                    }
                }
            }
        }
        for (int ch = 0; ch < channels; ch++) {
            for (int b = 0; b + 1 < BAND_EDGES.length; b++) {
                int g0 = layout.groupStart(ch, BAND_EDGES[b]);
                int g1 = layout.groupStart(ch, BAND_EDGES[b + 1] - 1) + blocks;
                local += bestScaleKl(e2, shape, g0, g1, dg);
            }
        }
        double wScale = 0;
        double wPow = 0;
        double dcEnergy = 0;
        for (int ch = 0; ch < channels; ch++) {
            double[] logW = new double[freqs];
            double[] logT = new double[freqs];
            double[][] groupE2 = new double[freqs][];
            for (int f = 0; f < freqs; f++) {
                int g0 = layout.groupStart(ch, f);
                double v = prior[g0];
                logW[f] = Math.log(v * s2 / (v + s2));
                double sum = 0;
                for (int i = g0; i < g0 + blocks; i++) {
                    sum += (double) dc[i] * dc[i];
                }
                double tt = sum / blocks / s2;
                double r = (-tt + Math.sqrt(tt * tt + 4 * tt)) / 2;
                logT[f] = Math.log(Math.max(r * s2, 1e-12));
                groupE2[f] = java.util.Arrays.copyOfRange(e2, g0, g0 + blocks);
            }
            wScale += fitPow(groupE2, logW, dg, false);
            wPow += fitPow(groupE2, logW, dg, true);
            dcEnergy += fitPow(groupE2, logT, dg, false);
        }
        double wBand = 0;
        double wBandLocal = Double.POSITIVE_INFINITY;
        double[] betas = {0.125, 0.25, 0.375, 0.5};
        double[] bandLocal = new double[betas.length];
        double[] wiener = new double[n];
        for (int ch = 0; ch < channels; ch++) {
            for (int f = 0; f < freqs; f++) {
                int g0 = layout.groupStart(ch, f);
                double v = prior[g0];
                double tbar = 0;
                for (int i = g0; i < g0 + blocks; i++) {
                    tbar += shapeT[i];
                }
                tbar = tbar / blocks + 1e-12;
                for (int i = g0; i < g0 + blocks; i++) {
                    wiener[i] = v * s2 / (v + s2);
                    tRel[i] = (shapeT[i] + 1e-12) / tbar;
                }
            }
        }
        for (int ch = 0; ch < channels; ch++) {
            for (int b = 0; b + 1 < BAND_EDGES.length; b++) {
                int g0 = layout.groupStart(ch, BAND_EDGES[b]);
                int g1 = layout.groupStart(ch, BAND_EDGES[b + 1] - 1) + blocks;
                wBand += bestScaleKl(e2, wiener, g0, g1, dg);
                for (int q = 0; q < betas.length; q++) {
                    double[] sh = new double[n];
                    for (int i = g0; i < g1; i++) {
                        sh[i] = wiener[i] * Math.pow(tRel[i], betas[q]);
                    }
                    bandLocal[q] += bestScaleKl(e2, sh, g0, g1, dg);
                }
            }
        }
        for (double v : bandLocal) {
            wBandLocal = Math.min(wBandLocal, v);
        }
        return new double[] {scalar, channel, chanFreq, chanBand, local, wScale, wPow, dcEnergy, wBand, wBandLocal, oracle};
    }

    static double fitPow(double[][] e2, double[] logW, double dg, boolean power) {
        int freqs = logW.length;
        double[] sums = new double[freqs];
        int[] counts = new int[freqs];
        for (int f = 0; f < freqs; f++) {
            for (double v : e2[f]) {
                sums[f] += v;
            }
            counts[f] = e2[f].length;
        }
        double best = Double.POSITIVE_INFINITY;
        double[] bs = power ? new double[] {0.5, 0.625, 0.75, 0.875, 1, 1.125, 1.25, 1.5} : new double[] {1};
        for (double b : bs) {
            for (double la = -10; la <= 10; la += 0.125) {
                double total = 0;
                for (int f = 0; f < freqs; f++) {
                    double w = Math.exp(la + b * logW[f]);
                    double x = dg * w;
                    total += 0.5 * counts[f] * (Math.log1p(x) - 1) + 0.5 * (counts[f] + dg * sums[f]) / (1 + x);
                }
                best = Math.min(best, total);
            }
        }
        return best;
    }

    static double groupKl(double[] e2, int from, int to, double w, double dg) {
        double x = dg * w;
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += 0.5 * (Math.log1p(x) + (1 + dg * e2[i]) / (1 + x) - 1);
        }
        return sum;
    }

    static double bestScaleKl(double[] e2, double[] shape, int from, int to, double dg) {
        double best = Double.POSITIVE_INFINITY;
        for (double la = -14; la <= 14; la += 0.25) {
            double a = Math.pow(2, la);
            double sum = 0;
            for (int i = from; i < to; i++) {
                double x = dg * a * shape[i];
                sum += 0.5 * (Math.log1p(x) + (1 + dg * e2[i]) / (1 + x) - 1);
            }
            best = Math.min(best, sum);
        }
        return best;
    }
}
