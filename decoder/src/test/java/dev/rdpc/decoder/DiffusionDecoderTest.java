package dev.rdpc.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class DiffusionDecoderTest implements RecordingDenoiser.ClearsInterrupt {

    private static final TensorShape SHAPE = TestBases.SHAPE_8X8;
    private static final DiagonalGaussianDenoiser GAUSS = TestBases.householderGaussian8x8();

    @Test
    void progressCountsMatchTheDocumentedNumberOfCalls() {
        float[] y = TestBases.gaussian(64, 2, 0.8);
        DecodeSettings base = DecodeSettings.defaults().withMode(DecodeMode.ODE).withSteps(7);
        Object[][] cases = {
            {base, 0.5, 15}, // ODE: 2 * 7 + 1
            {base.withPerception(1), 0.5, 15},
            {base.withMode(DecodeMode.INTERPOLATION).withPerception(0.5), 0.5, 15},
            {base.withMode(DecodeMode.INTERPOLATION).withPerception(1), 0.5, 15},
            {base.withMode(DecodeMode.INTERPOLATION), 0.5, 1}, // a = 0: just D(y; sigma_y)
            {base, 0.001, 1}, // sigma_y <= sigmaMin
            {base, 0.0, 1},
            {DecodeSettings.defaults().withMode(DecodeMode.ODE), 0.3, 49},
        };
        for (Object[] c : cases) {
            DecodeSettings s = (DecodeSettings) c[0];
            double sigmaY = (Double) c[1];
            int expected = (Integer) c[2];
            RecordingDenoiser rec = RecordingDenoiser.decodeCounted(GAUSS, y, SHAPE, sigmaY, s, expected);
            // first call is at sigma_y; for the ODE the last at sigmaMin
            assertEquals(sigmaY, rec.sigmas.get(0), 0.0);
            if (expected > 1) {
                assertEquals(s.sigmaMin(), rec.sigmas.get(expected - 1), 0.0);
            }
        }
        assertEquals(49, ScoreScaledOde.denoiserCalls(0.5, 0.002, 24));
        assertEquals(1, ScoreScaledOde.denoiserCalls(0.002, 0.002, 24));
    }

    @Test
    void odeVisitsTheKarrasGridWithHeun() {
        RecordingDenoiser rec = new RecordingDenoiser(GAUSS);
        int steps = 5;
        ScoreScaledOde.integrate(rec, TestBases.gaussian(64, 4, 1), SHAPE, 0.7, 2.0, steps, 0.002, 7, null);
        double[] grid = KarrasSchedule.of(0.7, 0.002, steps + 1, 7).toArray();
        assertEquals(2 * steps + 1, rec.sigmas.size());
        for (int i = 0; i < steps; i++) {
            assertEquals(grid[i], rec.sigmas.get(2 * i), 0.0, "predictor sigma, step " + i);
            assertEquals(grid[i + 1], rec.sigmas.get(2 * i + 1), 0.0, "corrector sigma, step " + i);
        }
        assertEquals(0.002, rec.sigmas.get(2 * steps), 0.0);
    }

    @Test
    void cancellationByInterrupt() {
        float[] y = TestBases.gaussian(64, 5, 1);
        RecordingDenoiser rec = new RecordingDenoiser(GAUSS);
        rec.interruptOnCall = 3;
        CancellationException ex = assertThrows(CancellationException.class,
                () -> DiffusionDecoder.reconstruct(rec, y, SHAPE, 0.5, DecodeSettings.defaults().withMode(DecodeMode.ODE), null));
        assertEquals("decode cancelled", ex.getMessage());
        assertEquals(3, rec.sigmas.size(), "no denoiser call after the interrupt");
        assertTrue(Thread.currentThread().isInterrupted(), "interrupt flag stays set");
        Thread.interrupted();

        RecordingDenoiser rec2 = new RecordingDenoiser(GAUSS);
        Thread.currentThread().interrupt();
        assertThrows(CancellationException.class, () -> DiffusionDecoder.reconstruct(rec2, y, SHAPE, 0.5,
                DecodeSettings.defaults().withMode(DecodeMode.INTERPOLATION).withPerception(0.5), null));
        assertEquals(0, rec2.sigmas.size());
        Thread.interrupted();
    }

    @Test
    void deterministicAndInputUntouched() {
        float[] y = TestBases.gaussian(64, 6, 0.9);
        float[] yCopy = y.clone();
        for (DecodeMode mode : DecodeMode.values()) {
            DecodeSettings s = DecodeSettings.defaults().withMode(mode).withPerception(0.37);
            float[] a = DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, 0.45, s, null);
            float[] b = DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, 0.45, s, ProgressListener.NONE);
            assertNotSame(a, b);
            assertEquals(64, a.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), mode + " element " + i);
            }
            assertArrayEquals(yCopy, y, 0f, "y was modified");
        }
    }

    @Test
    void smallSigmaYReturnsTheDenoisedInput() {
        float[] y = TestBases.gaussian(64, 8, 1);
        float[] expected = new float[64];
        GAUSS.denoise(y, SHAPE, 0.001, expected);
        for (DecodeMode mode : DecodeMode.values()) {
            float[] x = DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, 0.001,
                    DecodeSettings.defaults().withMode(mode).withPerception(0.8), null);
            assertArrayEquals(expected, x, 0f);
        }
    }

    @Test
    void modesAgreeWhereTheyShould() {
        float[] y = TestBases.gaussian(64, 10, 1);
        DecodeSettings ode = DecodeSettings.defaults().withMode(DecodeMode.ODE).withSteps(12);
        DecodeSettings interp = ode.withMode(DecodeMode.INTERPOLATION);
        // perception 1: both are the plain PF-ODE
        assertArrayEquals(DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, 0.4, ode.withPerception(1), null),
                DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, 0.4, interp.withPerception(1), null), 0f);
        // interpolation with a = 0 is Tweedie
        assertArrayEquals(Score.tweedie(GAUSS, y, SHAPE, 0.4),
                DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, 0.4, interp, null), 0f);
        // ODE at P=0 and P=1 differ
        assertFalse(java.util.Arrays.equals(
                DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, 0.4, ode, null),
                DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, 0.4, ode.withPerception(1), null)));
    }

    @Test
    void rejectsBadArguments() {
        float[] y = new float[64];
        DecodeSettings s = DecodeSettings.defaults().withMode(DecodeMode.ODE);
        assertThrows(IllegalArgumentException.class, () -> DiffusionDecoder.reconstruct(null, y, SHAPE, 0.5, s, null));
        assertThrows(IllegalArgumentException.class,
                () -> DiffusionDecoder.reconstruct(GAUSS, new float[63], SHAPE, 0.5, s, null));
        assertThrows(IllegalArgumentException.class, () -> DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, -0.1, s, null));
        assertThrows(IllegalArgumentException.class,
                () -> DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, Double.NaN, s, null));
        assertThrows(IllegalArgumentException.class, () -> DiffusionDecoder.reconstruct(GAUSS, y, SHAPE, 0.5, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> ScoreScaledOde.integrate(GAUSS, y, SHAPE, 0.5, -1, 4, 0.002, 7, null));
    }
}
