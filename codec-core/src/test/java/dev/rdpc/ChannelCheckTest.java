package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The channel check of DESIGN.md §3 on what the decoder regenerates from all layers: y_K - x must
 * look like white Gaussian noise at the file's final sigma (issue 16, requirement 6). The bounds are
 * the and stay there: noise energy within 2% of sigma^2, |corr(y_K - x, x)| below 0.01,
 * kurtosis within 3 +- 0.05, at about 0.1, 0.3 and 1 bpp on a Kodak crop (default model) and on
 * synthetic data (a synthetic photograph with the default model, and an iid Gaussian source with
 * the analytic prior, where every coefficient carries information and any pull of the channel
 * toward the denoiser's estimate shows as correlation with the source).
 */
class ChannelCheckTest {

    record Stats(double mean, double energy, double correlation, double kurtosis, double n) {
        double standardError() {
            return Math.sqrt(energy / n);
        }
    }

    /** Statistics of e = y - x over every value (x: the padded planar image). */
    static Stats noise(float[] x, float[] y) {
        double n = x.length;
        double xMean = 0;
        double eMean = 0;
        for (int i = 0; i < x.length; i++) {
            xMean += x[i];
            eMean += y[i] - x[i];
        }
        xMean /= n;
        eMean /= n;
        double squares = 0;
        double fourth = 0;
        double cross = 0;
        double xSquares = 0;
        for (int i = 0; i < x.length; i++) {
            double e = y[i] - x[i] - eMean;
            double d = x[i] - xMean;
            squares += e * e;
            fourth += e * e * e * e;
            cross += e * d;
            xSquares += d * d;
        }
        double variance = squares / n;
        return new Stats(eMean, variance, cross / Math.sqrt(xSquares * squares), fourth / n / (variance * variance), n);
    }

    /** Encodes, regenerates the channel from every layer and checks it against the bounds. */
    static Stats check(RdpcEncoder encoder, RasterImage image, EncodeOptions options, String what) throws Exception {
        EncodeResult encoded = encoder.encode(image, options);
        RdpcDecoder.Channel channel;
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            channel = decoder.channel(encoded.file(), DecodeOptions.fromFile());
        }
        return check(channel.transform().pad(ModelSpace.toPlanar(image)), channel, encoded, what);
    }

    static Stats check(float[] x, RdpcDecoder.Channel channel, EncodeResult encoded, String what) {
        Stats s = noise(x, channel.paddedPlanar());
        double sigma = channel.sigma();
        double energy = s.energy() / (sigma * sigma);
        System.out.printf("channel %s: %.4f bpp, sigma %.4f, %d layers: mean %+.2e (SE %.1e), energy/sigma^2 %.4f, "
                        + "corr %+.4f, kurtosis %.3f%n", what, encoded.bpp(), sigma, channel.layers(), s.mean(),
                s.standardError(), energy, s.correlation(), s.kurtosis());
        assertEquals(encoded.sigma(), sigma, 0.0, "the decoder ends at the encoder's final sigma");
        assertEquals(0, s.mean(), 4 * s.standardError(), what + ": noise mean within 4 standard errors of 0");
        assertEquals(1, energy, 0.02, what + ": noise energy within 2% of sigma^2");
        assertTrue(Math.abs(s.correlation()) < 0.01, what + ": |corr(y - x, x)| = " + Math.abs(s.correlation()));
        assertEquals(3, s.kurtosis(), 0.05, what + ": kurtosis");
        return s;
    }

    @ParameterizedTest(name = "kodim23 crop at {0} bpp")
    @ValueSource(doubles = {0.1, 0.3, 1.0})
    void kodakCrop(double bpp) throws Exception {
        RasterImage image = TestImages.kodak("kodim23.png").crop(192, 128, 384, 256);
        try (RdpcEncoder encoder = new RdpcEncoder()) {
            check(encoder, image, EncodeOptions.bpp(bpp), "kodim23 384x256");
        }
    }

    @ParameterizedTest(name = "synthetic photograph at {0} bpp")
    @ValueSource(doubles = {0.1, 0.3, 1.0})
    void syntheticPhotograph(double bpp) throws Exception {
        RasterImage image = TestImages.synthetic(384, 256, 3, 17);
        try (RdpcEncoder encoder = new RdpcEncoder()) {
            check(encoder, image, EncodeOptions.bpp(bpp), "synthetic 384x256");
        }
    }

    @ParameterizedTest(name = "iid Gaussian source at {0} bit per value")
    @ValueSource(doubles = {0.1, 0.3, 1.0})
    void gaussianSource(double bitsPerValue) throws Exception {
        int side = GaussianSourceTest.SIDE;
        float[] u = GaussianSourceTest.source(29);
        double sigma = GaussianSourceTest.sigmaFor(bitsPerValue);
        EncodeResult encoded = RdpcEncoder.analytic().encodeModelSpace(u, 1, side, side, EncodeOptions.sigma(sigma), null);
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            RdpcDecoder.Channel channel = decoder.channel(encoded.file(), DecodeOptions.fromFile());
            check(channel.transform().pad(u), channel, encoded, "Gaussian source");
        }
    }
}
