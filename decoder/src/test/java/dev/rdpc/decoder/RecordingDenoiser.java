package dev.rdpc.decoder;

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
}
