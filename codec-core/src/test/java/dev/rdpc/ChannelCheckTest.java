package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.RccEncoder;
import dev.rdpc.transform.ImageTransform;
import org.junit.jupiter.api.Test;

/**
 * The channel check of DESIGN.md §3: the y the decoder regenerates, mapped back to pixels, must
 * be x plus white Gaussian noise of the level the file declares (the realised sigma), with mean 0
 * and no correlation with x.
 */
class ChannelCheckTest {

    record Stats(double mean, double varianceRatio, double correlation, double nominalRatio, double kurtosis, double standardError) {
    }

    static Stats check(RasterImage image, EncodeOptions options) throws Exception {
        EncodeResult encoded = new RdpcEncoder().encode(image, options, RccEncoder.Progress.NONE);
        RdpcDecoder.Channel channel = new RdpcDecoder().channel(encoded.file());
        ImageTransform transform = channel.transform();
        float[] x = transform.pad(ModelSpace.toPlanar(image));
        float[] y = channel.paddedPlanar();
        double n = x.length;
        double sum = 0;
        double squares = 0;
        double fourth = 0;
        double xMean = 0;
        for (int i = 0; i < x.length; i++) {
            xMean += x[i];
        }
        xMean /= n;
        double cross = 0;
        double xSquares = 0;
        for (int i = 0; i < x.length; i++) {
            double e = y[i] - x[i];
            sum += e;
            squares += e * e;
            fourth += e * e * e * e;
            cross += e * (x[i] - xMean);
            xSquares += (x[i] - xMean) * (x[i] - xMean);
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        double sigma = encoded.realisedSigma();
        Stats stats = new Stats(mean, variance / (sigma * sigma), cross / Math.sqrt(xSquares * squares),
                sigma / encoded.sigma(), fourth / n / (variance * variance), sigma / Math.sqrt(n));
        System.out.printf("channel %dx%d bpp=%.3f sigma=%.4f: mean=%.2e variance/realised^2=%.4f corr=%.4f realised/nominal=%.4f kurtosis=%.3f%n",
                image.width(), image.height(), encoded.bpp(), encoded.sigma(), stats.mean, stats.varianceRatio,
                stats.correlation, stats.nominalRatio, stats.kurtosis);
        return stats;
    }

    static void assertWhiteNoise(Stats s) {
        assertEquals(0, s.mean(), 4 * s.standardError(), "noise mean within 4 standard errors of 0");
        assertEquals(1, s.varianceRatio(), 0.02, "noise variance must match the realised sigma in the header within 2%");
        assertEquals(0, s.correlation(), 0.03, "noise must be uncorrelated with the image");
        assertEquals(3, s.kurtosis(), 0.3, "noise must look Gaussian (kurtosis 3)");
        // The capped search costs channel quality: after the gain correction the noise is white but
        // above the nominal level (docs/measurements.md); this bound catches a regression.
        assertTrue(s.nominalRatio() > 0.95 && s.nominalRatio() < 1.6, "realised/nominal sigma = " + s.nominalRatio());
    }

    @Test
    void syntheticImage() throws Exception {
        RasterImage image = TestImages.synthetic(128, 96, 3, 5);
        for (double sigma : new double[] {0.05, 0.2}) {
            Stats s = check(image, EncodeOptions.sigma(sigma));
            assertWhiteNoise(s);
        }
    }

    @Test
    void kodakCrop() throws Exception {
        RasterImage image = TestImages.crop(TestImages.kodak("kodim23.png"), 256, 128, 256, 256);
        for (double bpp : new double[] {0.25, 1.0}) {
            Stats s = check(image, EncodeOptions.bpp(bpp));
            assertWhiteNoise(s);
        }
    }
}
