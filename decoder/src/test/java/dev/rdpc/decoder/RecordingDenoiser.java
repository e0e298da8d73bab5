package dev.rdpc.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Wraps a denoiser, records the sigmas it was called with, and can set the interrupt flag after a
 * given call.
 */
final class RecordingDenoiser implements Denoiser {

    /** For test classes that interrupt the test thread: clears the flag after every test. */
    interface ClearsInterrupt {
        @AfterEach
        default void clearInterrupt() {
            Thread.interrupted();
        }
    }

    final Denoiser inner;
    final List<Double> sigmas = new ArrayList<>();
    int interruptOnCall = -1;

    RecordingDenoiser(Denoiser inner) {
        this.inner = inner;
    }

    @Override
    public void denoise(float[] x, TensorShape shape, double sigma, float[] out) {
        sigmas.add(sigma);
        inner.denoise(x, shape, sigma, out);
        if (sigmas.size() == interruptOnCall) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Decodes through a recorder and checks the planned call count, the calls made and one progress
     * event per call ({@code (i + 1, expected)}); returns the recorder for further checks.
     */
    static RecordingDenoiser decodeCounted(Denoiser inner, float[] y, TensorShape shape, double sigmaY,
                                           DecodeSettings s, int expected) {
        RecordingDenoiser rec = new RecordingDenoiser(inner);
        List<int[]> events = new ArrayList<>();
        DiffusionDecoder.reconstruct(rec, y, shape, sigmaY, s, (done, total) -> events.add(new int[] {done, total}));
        assertEquals(expected, DiffusionDecoder.denoiserCalls(sigmaY, s), s + " sigma " + sigmaY);
        assertEquals(expected, rec.sigmas.size(), "denoiser calls for " + s);
        assertEquals(expected, events.size(), "progress events for " + s);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i)[0]);
            assertEquals(expected, events.get(i)[1]);
        }
        return rec;
    }
}
