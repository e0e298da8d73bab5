package dev.rdpc.decoder;

import java.util.concurrent.CancellationException;

/**
 * Runs denoiser calls for one decode: checks for cancellation (thread interrupt) before each
 * call, counts them and reports progress after each.
 */
final class CallCounter {

    private final int total;
    private final ProgressListener listener;
    private int completed;

    CallCounter(int total, ProgressListener listener) {
        this.total = total;
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /** Cancellation point; throws if the current thread is interrupted (the flag stays set). */
    static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("decode cancelled");
        }
    }

    void denoise(Denoiser denoiser, float[] x, TensorShape shape, double sigma, float[] out) {
        checkCancelled();
        if (completed >= total) {
            throw new IllegalStateException("more denoiser calls than the planned " + total);
        }
        denoiser.denoise(x, shape, sigma, out);
        completed++;
        listener.onProgress(completed, total);
    }

    void finish() {
        if (completed != total) {
            throw new IllegalStateException("made " + completed + " denoiser calls, planned " + total);
        }
    }
}
