package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.core.RateControl;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.RccEncoder;
import dev.rdpc.rcc.RccParameters;
import dev.rdpc.transform.BlockDct;
import dev.rdpc.transform.ImageTransform;
import org.junit.jupiter.api.Test;

/** The rate controller's chunk-level payload prediction, which lets a bpp target take one search. */
class RateControlTest {

    private static double[] predictedAndActual(RasterImage image, double sigma) {
        ImageTransform transform = new ImageTransform(image.channels(), image.width(), image.height(), BlockDct.DEFAULT_BLOCK_SIZE);
        float[] coefficients = transform.forwardModel(ModelSpace.toPlanar(image));
        PerFrequencyProposal proposal = PerFrequencyProposal.estimate(coefficients, transform.layout());
        RccParameters parameters = EncodeOptions.sigma(sigma).rccParameters();
        RateControl rate = new RateControl(coefficients, proposal, transform.layout());
        RccEncoder.Result result = RccEncoder.encode(coefficients, proposal.priorMeans(transform.layout()),
                proposal.proposalVariances(transform.layout(), sigma), sigma, EncodeOptions.DEFAULT_SEED, parameters,
                new RccEncoder.Search(EncodeOptions.DEFAULT_SEARCH_MARGIN_BITS, 2));
        double predicted = rate.predictedPayloadBits(sigma, parameters);
        System.out.printf("%dx%d sigma %.3f: predicted %.0f, coded %d payload bits (%+.2f%%), KL %.0f%n", image.width(), image.height(),
                sigma, predicted, result.payloadBits(), 100 * (predicted / result.payloadBits() - 1), result.totalKlBits());
        return new double[] {predicted, result.payloadBits(), result.totalKlBits()};
    }

    @Test
    void predictionIsCloserToTheCodedPayloadThanTheKl() throws Exception {
        RasterImage crop = TestImages.kodak("kodim23.png").crop(256, 128, 256, 256);
        RasterImage synthetic = TestImages.synthetic(192, 128, 3, 11);
        // Calibrated on photographs (docs/measurements.md §6); the synthetic image's chunks differ more.
        double[] tolerance = {0.05, 0.10};
        RasterImage[] images = {crop, synthetic};
        for (int k = 0; k < images.length; k++) {
            RasterImage image = images[k];
            for (double sigma : new double[] {0.8, 0.3, 0.12}) {
                double[] r = predictedAndActual(image, sigma);
                assertEquals(1, r[0] / r[1], tolerance[k], "predicted / coded payload at sigma " + sigma);
                assertTrue(Math.abs(r[0] / r[1] - 1) < Math.abs(r[2] / r[1] - 1),
                        "the prediction should beat the bare KL at sigma " + sigma);
            }
        }
    }

    @Test
    void refinedSigmaMeetsThePredictedTarget() throws Exception {
        RasterImage image = TestImages.synthetic(192, 128, 3, 12);
        ImageTransform transform = new ImageTransform(image.channels(), image.width(), image.height(), BlockDct.DEFAULT_BLOCK_SIZE);
        float[] coefficients = transform.forwardModel(ModelSpace.toPlanar(image));
        PerFrequencyProposal proposal = PerFrequencyProposal.estimate(coefficients, transform.layout());
        RateControl rate = new RateControl(coefficients, proposal, transform.layout());
        RccParameters parameters = EncodeOptions.sigma(0.1).rccParameters();
        for (double bpp : new double[] {0.1, 0.5, 2}) {
            double target = bpp * image.width() * image.height();
            double fixed = 800;
            double start = rate.solveSigma(target, fixed, 1.0);
            double sigma = rate.refineSigma(start, target, fixed, 1.0, parameters, 0.002);
            double reached = fixed + rate.predictedPayloadBits(sigma, parameters);
            // 0.2% in log terms, plus the granularity of chunk boundaries moving with sigma.
            assertEquals(1, reached / target, 0.01, "bpp " + bpp + ": sigma " + sigma + " from " + start);
        }
    }
}
