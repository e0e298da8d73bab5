package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.core.LayeredEncoder;
import dev.rdpc.image.RasterImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rate control on the ladder (issue 16, requirement 5): a bpp target lands within 3% of the file
 * size it asks for; the layers are coded in order and the final sigma is placed so that the total
 * reaches the budget, the final layer recoded with the measured overhead when it misses.
 */
class RateTargetTest {

    @ParameterizedTest(name = "{0} bpp, default model")
    @ValueSource(doubles = {0.1, 0.3, 1.0})
    void bppTargetLandsWithinThreePercent(double bpp) throws Exception {
        RasterImage image = TestImages.synthetic(256, 192, 3, 41);
        try (RdpcEncoder encoder = new RdpcEncoder()) {
            EncodeResult r = encoder.encode(image, EncodeOptions.bpp(bpp));
            System.out.printf("target %.2f bpp: %.4f bpp, sigma %.4f, %d layers, final-layer attempts %d%n", bpp, r.bpp(),
                    r.sigma(), r.layers().size(), r.attempts());
            assertEquals(1, r.bpp() / bpp, LayeredEncoder.RATE_TOLERANCE, "bpp reached for target " + bpp);
        }
    }

    @ParameterizedTest(name = "{0} bpp, analytic prior")
    @ValueSource(doubles = {0.05, 0.5, 2.0})
    void analyticPriorLandsWithinThreePercent(double bpp) throws Exception {
        RasterImage image = TestImages.synthetic(320, 240, 1, 43);
        EncodeResult r = RdpcEncoder.analytic().encode(image, EncodeOptions.bpp(bpp));
        System.out.printf("analytic, target %.2f bpp: %.4f bpp, sigma %.4f, %d layers%n", bpp, r.bpp(), r.sigma(), r.layers().size());
        assertEquals(1, r.bpp() / bpp, LayeredEncoder.RATE_TOLERANCE, "bpp reached for target " + bpp);
    }

    @ParameterizedTest(name = "sigma {0}")
    @ValueSource(doubles = {0.5, 0.15, 0.04})
    void sigmaIsTheFinalLayersSigma(double sigma) throws Exception {
        RasterImage image = TestImages.synthetic(96, 64, 3, 47);
        EncodeResult r = RdpcEncoder.analytic().encode(image, EncodeOptions.sigma(sigma));
        assertEquals((float) sigma, r.sigma(), 0.0, "--sigma is the final sigma (stored as binary32)");
        for (int k = 1; k < r.layers().size(); k++) {
            assertTrue(r.layers().get(k).sigma() < r.layers().get(k - 1).sigma(), "sigmas decrease");
        }
        EncodeResult q = RdpcEncoder.analytic().encode(image, EncodeOptions.quality(50));
        assertEquals((float) 0.1, q.sigma(), 0.0, "quality 50 is sigma 0.1");
    }

    @ParameterizedTest(name = "{0} bpp below the headers")
    @ValueSource(doubles = {0.001})
    void aTargetBelowTheHeadersIsRefused(double bpp) {
        RasterImage image = TestImages.synthetic(64, 48, 3, 48);
        RdpcException e = org.junit.jupiter.api.Assertions.assertThrows(RdpcException.class,
                () -> RdpcEncoder.analytic().encode(image, EncodeOptions.bpp(bpp)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("headers"), e.getMessage());
    }
}
