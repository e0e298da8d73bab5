package dev.rdpc.decoder;

import java.util.Arrays;

/**
 * Runs a denoiser on overlapping spatial tiles and blends them, so that the memory a network needs
 * for its activations is bounded by the tile size instead of the image size.
 *
 * <h2>Layout</h2>
 *
 * Along each axis of length {@code L}: if {@code L <= tile} there is one tile covering the axis (an
 * image no larger than the tile in both axes goes to the inner denoiser whole, unchanged).
 * Otherwise there are {@code k = ceil((L - overlap) / (tile - overlap))} tiles of length
 * {@code tile}, starting at {@code floor(i (L - tile) / (k - 1))} for {@code i = 0..k-1}; adjacent
 * tiles overlap by at least {@code overlap} samples.
 *
 * <h2>Blending</h2>
 *
 * Each tile's output is weighted by a separable profile {@code w(x) w(y)}. Across a zone where a
 * tile overlaps its neighbour by {@code ov} samples, with {@code g = floor(ov / 4)} and {@code d}
 * the distance (in samples, 0 at the tile's last sample) to the tile edge inside the zone,
 *
 * <pre>
 *   w(d) = 0                                   d &lt; g         (the guard band)
 *        = min(1, (d - g + 0.5) / (ov - 2 g))   otherwise
 * </pre>
 *
 * and {@code w = 1} away from interior edges. The two ramps of a zone sum to one. The result is
 * {@code sum_tiles w D_tile / sum_tiles w}. The guard band hides the samples whose receptive field
 * reaches past the tile: for a denoiser whose output at a sample depends only on inputs within
 * {@code g} samples of it, the tiled result equals the whole-image result up to float rounding;
 * for a larger receptive field the blend makes the seam gradual.
 *
 * <h2>Memory and determinism</h2>
 *
 * Besides the caller's arrays it holds two tile buffers of {@code channels x tile x tile} floats
 * and two weight profiles; the inner denoiser sees at most a {@code tile x tile} input. Tiles run
 * one after another in raster order and accumulate in a fixed order, so the output is
 * bit-identical for every thread count (given a deterministic inner denoiser). Each call allocates
 * its own tile buffers, so an instance is as thread-safe as its inner denoiser. The thread is
 * checked for interruption before every tile.
 */
public final class TiledDenoiser implements Denoiser {

    /** Default tile edge in samples: a 1024 x 1024 tile bounds a CNN's activations on a CPU. */
    public static final int DEFAULT_TILE = 1024;
    /** Smallest tile edge accepted. */
    public static final int MIN_TILE = 64;

    private final Denoiser inner;
    private final int tile;
    private final int overlap;

    /**
     * @param inner   the denoiser to run per tile; closed with this one
     * @param tile    tile edge in samples, {@code >= MIN_TILE}
     * @param overlap minimum overlap of adjacent tiles, in {@code [8, tile / 2]}
     */
    public TiledDenoiser(Denoiser inner, int tile, int overlap) {
        if (inner == null) {
            throw new IllegalArgumentException("inner denoiser must not be null");
        }
        if (tile < MIN_TILE) {
            throw new IllegalArgumentException("tile must be >= " + MIN_TILE + ", got " + tile);
        }
        if (overlap < 8 || overlap > tile / 2) {
            throw new IllegalArgumentException("overlap must be in [8, " + tile / 2 + "], got " + overlap);
        }
        this.inner = inner;
        this.tile = tile;
        this.overlap = overlap;
    }

    /** A tiling with the default overlap for {@code tile}: one eighth of the tile, at least 16. */
    public static TiledDenoiser of(Denoiser inner, int tile) {
        return new TiledDenoiser(inner, tile, defaultOverlap(tile));
    }

    /** One eighth of the tile, at least 16 (at most half the tile). */
    public static int defaultOverlap(int tile) {
        return Math.min(tile / 2, Math.max(16, tile / 8));
    }

    public int tile() {
        return tile;
    }

    public int overlap() {
        return overlap;
    }

    /** Tile starts along an axis of length {@code length} (one start, 0, if it fits one tile). */
    int[] starts(int length) {
        if (length <= tile) {
            return new int[] {0};
        }
        int count = (length - overlap + (tile - overlap) - 1) / (tile - overlap);
        count = Math.max(count, 2);
        int[] starts = new int[count];
        long span = length - tile;
        for (int i = 0; i < count; i++) {
            starts[i] = (int) (i * span / (count - 1));
        }
        return starts;
    }

    /**
     * The blend profile of tile {@code index} along an axis: {@code weights[d]} for the tile's
     * samples {@code d = 0..size-1}.
     */
    static float[] profile(int[] starts, int index, int size) {
        float[] w = new float[size];
        Arrays.fill(w, 1f);
        int begin = starts[index];
        if (index > 0) {
            int ov = starts[index - 1] + size - begin;
            for (int d = 0; d < ov; d++) {
                w[d] = Math.min(w[d], ramp(d, ov));
            }
        }
        if (index + 1 < starts.length) {
            int ov = begin + size - starts[index + 1];
            for (int d = 0; d < ov; d++) {
                w[size - 1 - d] = Math.min(w[size - 1 - d], ramp(d, ov));
            }
        }
        return w;
    }

    private static float ramp(int d, int ov) {
        int guard = ov / 4;
        if (d < guard) {
            return 0f;
        }
        return (float) Math.min(1.0, (d - guard + 0.5) / (ov - 2 * guard));
    }

    @Override
    public void denoise(float[] x, TensorShape shape, double sigma, float[] out) {
        Denoiser.checkArguments(x, shape, out);
        int h = shape.height();
        int w = shape.width();
        if (h <= tile && w <= tile) {
            inner.denoise(x, shape, sigma, out);
            return;
        }
        int channels = shape.channels();
        int[] ys = starts(h);
        int[] xs = starts(w);
        int th = Math.min(tile, h);
        int tw = Math.min(tile, w);
        float[][] wy = new float[ys.length][];
        float[][] wx = new float[xs.length][];
        float[] sumY = new float[h];
        float[] sumX = new float[w];
        for (int i = 0; i < ys.length; i++) {
            wy[i] = profile(ys, i, th);
            for (int d = 0; d < th; d++) {
                sumY[ys[i] + d] += wy[i][d];
            }
        }
        for (int j = 0; j < xs.length; j++) {
            wx[j] = profile(xs, j, tw);
            for (int d = 0; d < tw; d++) {
                sumX[xs[j] + d] += wx[j][d];
            }
        }
        TensorShape tileShape = new TensorShape(channels, th, tw);
        float[] tileIn = new float[tileShape.size()];
        float[] tileOut = new float[tileShape.size()];
        Arrays.fill(out, 0f);
        for (int i = 0; i < ys.length; i++) {
            for (int j = 0; j < xs.length; j++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.util.concurrent.CancellationException("denoising interrupted");
                }
                int y0 = ys[i];
                int x0 = xs[j];
                for (int c = 0; c < channels; c++) {
                    for (int r = 0; r < th; r++) {
                        System.arraycopy(x, (c * h + y0 + r) * w + x0, tileIn, (c * th + r) * tw, tw);
                    }
                }
                inner.denoise(tileIn, tileShape, sigma, tileOut);
                float[] py = wy[i];
                float[] px = wx[j];
                for (int c = 0; c < channels; c++) {
                    for (int r = 0; r < th; r++) {
                        float ry = py[r];
                        if (ry == 0f) {
                            continue;
                        }
                        int src = (c * th + r) * tw;
                        int dst = (c * h + y0 + r) * w + x0;
                        for (int q = 0; q < tw; q++) {
                            out[dst + q] += ry * px[q] * tileOut[src + q];
                        }
                    }
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < h; r++) {
                float sy = sumY[r];
                int base = (c * h + r) * w;
                for (int q = 0; q < w; q++) {
                    out[base + q] /= sy * sumX[q];
                }
            }
        }
    }

    @Override
    public String name() {
        return inner.name() + " (tiles " + tile + ", overlap " + overlap + ")";
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return name();
    }
}
