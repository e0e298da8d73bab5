package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.ProgressListener;
import dev.rdpc.rcc.RccEncoder;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scalar Gaussian source of DESIGN.md §5 through the whole codec: a 256x256 grey "image" of
 * iid N(0, v) values in model space. Every orthonormal transform keeps it iid, the per-frequency
 * proposal estimates v, and the analytic denoiser is then the exact posterior mean, so rate and
 * distortion have closed forms. The decoder starts from the realised noise level written in the
 * file (docs/format.md §3.5), so the distortion checks use it.
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

    @ParameterizedTest(name = "{0} bits per dimension")
    @ValueSource(doubles = {0.1, 0.25, 0.5})
    void rateAndDistortionMatchClosedForms(double bitsPerDimension) throws Exception {
        float[] u = source(11);
        double sigma = Math.sqrt(V / (Math.pow(2, 2 * bitsPerDimension) - 1));
        EncodeResult encoded = RdpcEncoder.analytic().encodeModelSpace(u, 1, SIDE, SIDE, EncodeOptions.sigma(sigma), RccEncoder.Progress.NONE);
        double n = u.length;
        double idealBits = 0.5 * Math.log(1 + V / (sigma * sigma)) / Math.log(2) * n;
        double rateRatio = encoded.payloadBits() / idealBits;
        double sigmaR = encoded.realisedSigma();
        System.out.printf("GaussianSource R=%.2f sigma=%.4f realised/sigma=%.4f KL/R=%.4f payload/R=%.4f file/R=%.4f%n",
                bitsPerDimension, sigma, sigmaR / sigma, encoded.klBits() / idealBits, rateRatio, 8.0 * encoded.file().length / idealBits);
        assertEquals(1.0, encoded.klBits() / idealBits, 0.03, "total KL must match the mutual information 1/2 log2(1 + v/sigma^2)");
        assertTrue(rateRatio > 0.97 && rateRatio < RATE_BOUND, "payload bits / ideal rate = " + rateRatio);

        double r = V / (V + sigmaR * sigmaR);
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            for (double p : new double[] {0, 0.5, 1}) {
                float[] x = decoder.decodeModelSpace(encoded.file(), DecodeOptions.fromFile().withMode(DecodeMode.ODE).withPerception(p),
                        ProgressListener.NONE).planar();
                double c = Math.pow(r, (2 - p) / 2);
                double expectedMse = V * (1 - c) * (1 - c) + c * c * sigmaR * sigmaR;
                double expectedW2 = Math.abs(Math.sqrt(V) - c * Math.sqrt(V + sigmaR * sigmaR));
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
     * Payload bits over the ideal rate 1/2 log2(1 + v/sigma^2). The foundation issue aimed at 1.10;
     * truncated PFR at the default budget B = 8 measures 1.11, 1.16 and 1.20 at 0.1, 0.25 and 0.5
     * bit per dimension (docs/measurements.md), so this bound guards against regressions only.
     */
    static final double RATE_BOUND = 1.25;
}
