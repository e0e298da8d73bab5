package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.ProgressListener;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scalar Gaussian source of DESIGN.md §5 through the whole codec: a 256x256 grey "image" of
 * iid N(0, v) values in model space, encoded for the analytic prior. Every orthonormal transform
 * keeps it iid, the per-frequency proposal estimates v, and the analytic denoiser is the exact
 * posterior mean, so the layers' total KL is the mutual information 1/2 log2(1 + v/sigma^2) whatever
 * the ladder (DESIGN.md §7), and distortion and realism at the final sigma have closed forms.
 */
class GaussianSourceTest {
    static final int SIDE = 256;
    // 2^-2: an exact step of the quarter-octave variance quantizer, so the proposal carries v itself.
    static final double V = 0.25;

    static float[] source(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] u = new float[SIDE * SIDE];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) (random.nextGaussian() * Math.sqrt(V));
        }
        return u;
    }

    /** The sigma whose ideal rate 1/2 log2(1 + v/sigma^2) is {@code bitsPerValue}. */
    static double sigmaFor(double bitsPerValue) {
        return Math.sqrt(V / (Math.pow(2, 2 * bitsPerValue) - 1));
    }

    @ParameterizedTest(name = "{0} bits per dimension")
    @ValueSource(doubles = {0.1, 0.25, 0.5})
    void rateAndDistortionMatchClosedForms(double bitsPerDimension) throws Exception {
        float[] u = source(11);
        double sigma = sigmaFor(bitsPerDimension);
        EncodeResult encoded = RdpcEncoder.analytic().encodeModelSpace(u, 1, SIDE, SIDE, EncodeOptions.sigma(sigma),
                ProgressListener.NONE);
        double n = u.length;
        double idealBits = 0.5 * Math.log(1 + V / (sigma * sigma)) / Math.log(2) * n;
        double rateRatio = encoded.payloadBits() / idealBits;
        System.out.printf("GaussianSource R=%.2f sigma=%.4f layers=%d KL/R=%.4f payload/R=%.4f file/R=%.4f%n",
                bitsPerDimension, sigma, encoded.layers().size(), encoded.klBits() / idealBits, rateRatio,
                8.0 * encoded.file().length / idealBits);
        assertEquals((float) sigma, encoded.sigma(), 0.0, "the ladder ends at the requested sigma (binary32)");
        // The layered proposal with the exact denoiser and the Wiener posterior variance loses nothing:
        // the layers' KL adds up to the mutual information (the quarter-octave scales cost a little).
        assertEquals(1.0, encoded.klBits() / idealBits, 0.02, "total KL must match 1/2 log2(1 + v/sigma^2)");
        assertTrue(rateRatio > 1.0 && rateRatio < RATE_BOUND, "payload bits / ideal rate = " + rateRatio);

        double r = V / (V + sigma * sigma);
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            for (double p : new double[] {0, 0.5, 1}) {
                float[] x = decoder.decodeModelSpace(encoded.file(), DecodeOptions.fromFile().withMode(DecodeMode.ODE).withPerception(p),
                        ProgressListener.NONE).planar();
                double c = Math.pow(r, (2 - p) / 2);
                double expectedMse = V * (1 - c) * (1 - c) + c * c * sigma * sigma;
                double expectedW2 = Math.abs(Math.sqrt(V) - c * Math.sqrt(V + sigma * sigma));
                double mse = 0;
                double squares = 0;
                for (int i = 0; i < x.length; i++) {
                    double d = x[i] - u[i];
                    mse += d * d;
                    squares += (double) x[i] * x[i];
                }
                mse /= n;
                double w2 = Math.abs(Math.sqrt(V) - Math.sqrt(squares / n));
                System.out.printf("  P=%.1f mse=%.5f expected=%.5f (%.2f%%) w2=%.5f expected=%.5f%n", p, mse, expectedMse,
                        100 * (mse / expectedMse - 1), w2, expectedW2);
                assertEquals(expectedMse, mse, 0.03 * expectedMse, "MSE at P=" + p);
                assertEquals(expectedW2, w2, 0.03 * Math.sqrt(V), "W2 at P=" + p + " (tolerance 3% of sqrt(v))");
            }
        }
    }

    /**
     * Payload bits over the ideal rate 1/2 log2(1 + v/sigma^2). Issue 16 asks for 1.05 at 0.25 bit
     * per dimension; NOT MET: the layered code measures 1.33-1.34 here (docs/measurements.md §19). The
     * KL of the layers is the ideal rate (asserted above within 2%); the excess is the per-chunk
     * index cost of Poisson functional representation (about 1.4 bits per 9-bit chunk) and the
     * tilted search target that makes the channel exact (ChannelCheckTest), measured in
     * docs/measurements.md §19. This bound guards against regressions only.
     */
    static final double RATE_BOUND = 1.40;
}
