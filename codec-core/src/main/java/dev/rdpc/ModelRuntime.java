package dev.rdpc;

import dev.rdpc.decoder.TiledDenoiser;
import dev.rdpc.decoder.onnx.ExecutionDevice;

/**
 * How an ONNX model runs: where, on how many threads, and in tiles of what size. None of these
 * changes the decoded image except {@code tile}, and that only for images larger than the tile.
 *
 * @param device  CPU (default) or CUDA; a CUDA request that cannot be met runs on the CPU with one warning
 * @param threads ONNX Runtime intra-op threads, 0 = one per core (default); the output does not depend on it
 * @param tile    largest tile edge in pixels the model sees, at least {@value TiledDenoiser#MIN_TILE}
 *                (default {@value TiledDenoiser#DEFAULT_TILE}); larger images are denoised in
 *                overlapping tiles blended together, which bounds the model's working memory
 */
public record ModelRuntime(ExecutionDevice device, int threads, int tile) {
    public ModelRuntime {
        if (device == null) {
            throw new IllegalArgumentException("device must not be null");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0: " + threads);
        }
        if (tile < TiledDenoiser.MIN_TILE) {
            throw new IllegalArgumentException("tile must be >= " + TiledDenoiser.MIN_TILE + ": " + tile);
        }
    }

    /** CPU, one thread per core, tiles of {@value TiledDenoiser#DEFAULT_TILE}. */
    public static ModelRuntime defaults() {
        return new ModelRuntime(ExecutionDevice.CPU, 0, TiledDenoiser.DEFAULT_TILE);
    }

    public ModelRuntime withDevice(ExecutionDevice value) {
        return new ModelRuntime(value, threads, tile);
    }

    public ModelRuntime withThreads(int value) {
        return new ModelRuntime(device, value, tile);
    }

    public ModelRuntime withTile(int value) {
        return new ModelRuntime(device, threads, value);
    }
}
