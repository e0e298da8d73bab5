package dev.rdpc.decoder;

/**
 * Receives progress of a decode, counted in denoiser calls (the expensive unit). It is called on
 * the decoding thread after every denoiser call, so the last call is
 * {@code onProgress(total, total)}. Implementations should return quickly; an exception thrown
 * here aborts the decode.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = (completed, total) -> {
    };

    /**
     * @param completedDenoiserCalls denoiser calls finished so far, 1..total
     * @param totalDenoiserCalls     denoiser calls this decode makes in all
     */
    void onProgress(int completedDenoiserCalls, int totalDenoiserCalls);
}
