package dev.rdpc.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** Tile layout, blend weights, exactness for local denoisers, memory bound and determinism. */
class TiledDenoiserTest {

    /**
     * A nonlinear local denoiser: out = tanh(sigma * mean of the (2r+1)^2 window, edges replicated)
     * + 0.1 x. Its output at a pixel depends on inputs within r pixels only.
     */
    static final class LocalDenoiser implements Denoiser {
        final int radius;
        final List<TensorShape> shapes = new ArrayList<>();

        LocalDenoiser(int radius) {
            this.radius = radius;
        }

        @Override
        public void denoise(float[] x, TensorShape shape, double sigma, float[] out) {
            shapes.add(shape);
            int h = shape.height();
            int w = shape.width();
            for (int c = 0; c < shape.channels(); c++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double sum = 0;
                        for (int di = -radius; di <= radius; di++) {
                            for (int dj = -radius; dj <= radius; dj++) {
                                int ii = Math.min(h - 1, Math.max(0, i + di));
                                int jj = Math.min(w - 1, Math.max(0, j + dj));
                                // edge replication only at the image border: a tile border is not an
                                // image border, which is exactly what the guard band hides
                                sum += x[(c * h + ii) * w + jj];
                            }
                        }
                        double mean = sum / ((2 * radius + 1) * (2 * radius + 1));
                        out[(c * h + i) * w + j] = (float) (Math.tanh(sigma * mean) + 0.1 * x[(c * h + i) * w + j]);
                    }
                }
            }
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void layoutCoversEveryAxisWithTheStatedOverlapAndPositiveWeights() {
        for (int tile : new int[] {64, 100, 256}) {
            for (int overlap : new int[] {8, tile / 8, tile / 2}) {
                TiledDenoiser t = new TiledDenoiser(new LocalDenoiser(0), Math.max(tile, TiledDenoiser.MIN_TILE),
                        Math.max(8, overlap));
                for (int length = 1; length <= 5 * tile; length += 7) {
                    int[] starts = t.starts(length);
                    int size = Math.min(t.tile(), length);
                    assertEquals(0, starts[0]);
                    assertEquals(length, starts[starts.length - 1] + size, "last tile ends at the edge");
                    float[] sum = new float[length];
                    for (int i = 0; i < starts.length; i++) {
                        if (i > 0) {
                            assertTrue(starts[i - 1] + size - starts[i] >= t.overlap(),
                                    "overlap at " + i + " for length " + length);
                        }
                        float[] w = TiledDenoiser.profile(starts, i, size);
                        for (int d = 0; d < size; d++) {
                            assertTrue(w[d] >= 0 && w[d] <= 1);
                            sum[starts[i] + d] += w[d];
                        }
                    }
                    for (int p = 0; p < length; p++) {
                        assertTrue(sum[p] > 0.49f, "weight sum " + sum[p] + " at " + p + " of " + length
                                + " (tile " + t.tile() + ", overlap " + t.overlap() + ")");
                    }
                }
            }
        }
    }

    @Test
    void equalsTheWholeImageForADenoiserWithinTheGuardBand() {
        // guard = overlap / 4 >= 8 here; radius 3 is well inside it
        int c = 3;
        int h = 301;
        int w = 517;
        TensorShape shape = new TensorShape(c, h, w);
        float[] x = random(shape.size(), 1);
        float[] whole = new float[x.length];
        new LocalDenoiser(3).denoise(x, shape, 0.7, whole);
        LocalDenoiser local = new LocalDenoiser(3);
        float[] tiled = new float[x.length];
        new TiledDenoiser(local, 128, 32).denoise(x, shape, 0.7, tiled);
        assertArrayEquals(whole, tiled, 2e-6f);
        assertTrue(local.shapes.size() > 1, "tiled");
        for (TensorShape s : local.shapes) {
            assertTrue(s.height() <= 128 && s.width() <= 128, "inner saw " + s);
        }
    }

    @Test
    void blendsSmoothlyWhenTheReceptiveFieldExceedsTheGuard() {
        TensorShape shape = new TensorShape(1, 200, 200);
        float[] x = random(shape.size(), 2);
        float[] whole = new float[x.length];
        new LocalDenoiser(12).denoise(x, shape, 1.0, whole);
        float[] tiled = new float[x.length];
        new TiledDenoiser(new LocalDenoiser(12), 64, 16).denoise(x, shape, 1.0, tiled);
        double err = 0;
        double energy = 0;
        for (int i = 0; i < x.length; i++) {
            err += (whole[i] - tiled[i]) * (whole[i] - tiled[i]);
            energy += whole[i] * whole[i];
        }
        assertTrue(err > 0, "a receptive field past the guard band changes something");
        assertTrue(err < 0.01 * energy, "relative error " + err / energy);
    }

    @Test
    void smallImagesPassThroughUntouched() {
        LocalDenoiser local = new LocalDenoiser(1);
        TensorShape shape = new TensorShape(3, 64, 90);
        float[] x = random(shape.size(), 3);
        float[] direct = new float[x.length];
        new LocalDenoiser(1).denoise(x, shape, 0.3, direct);
        float[] out = new float[x.length];
        new TiledDenoiser(local, 90, 16).denoise(x, shape, 0.3, out);
        assertArrayEquals(direct, out, 0f);
        assertEquals(List.of(shape), local.shapes);
    }

    @Test
    void sameOutputForEveryThreadCountThroughAWholeDecode() throws Exception {
        TensorShape shape = new TensorShape(3, 150, 170);
        float[] y = random(shape.size(), 4);
        DecodeSettings s = DecodeSettings.defaults().withMode(DecodeMode.ODE).withSteps(3).withPerception(0.5);
        TiledDenoiser tiled = new TiledDenoiser(new LocalDenoiser(2), 64, 16);
        float[] reference = DiffusionDecoder.reconstruct(tiled, y, shape, 0.5, s, null);
        for (int threads : new int[] {1, 2, 4}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                float[] x = pool.submit(() -> DiffusionDecoder.reconstruct(tiled, y, shape, 0.5, s, null)).get();
                assertArrayEquals(reference, x, 0f, threads + " threads");
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void rejectsBadSettingsAndClosesTheInner() {
        LocalDenoiser local = new LocalDenoiser(0);
        assertThrows(IllegalArgumentException.class, () -> new TiledDenoiser(local, 32, 8));
        assertThrows(IllegalArgumentException.class, () -> new TiledDenoiser(local, 128, 65));
        assertThrows(IllegalArgumentException.class, () -> new TiledDenoiser(local, 128, 7));
        assertThrows(IllegalArgumentException.class, () -> new TiledDenoiser(null, 128, 16));
        assertEquals(128, TiledDenoiser.of(local, 1024).overlap());
        assertEquals(16, TiledDenoiser.of(local, 64).overlap());
        boolean[] closed = {false};
        Denoiser inner = new Denoiser() {
            @Override
            public void denoise(float[] x, TensorShape shape, double sigma, float[] out) {
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        TiledDenoiser t = TiledDenoiser.of(inner, 256);
        t.close();
        assertTrue(closed[0]);
        assertEquals(256, t.tile());
    }
}
