package dev.rdpc.tools.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.RasterImage;
import dev.rdpc.tools.metrics.RealismIndex.Result;
import dev.rdpc.tools.metrics.RealismIndex.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RealismIndexTest {

    private static final int SIZE = 64;
    private static final int IMAGES = 4;
    /** Smaller than the defaults to keep the series of calls fast. */
    private static final Settings FAST = new Settings(3, 7, 128, 64, 2018L);

    /**
     * A 64x64 RGB texture: a sum of four oriented sinusoids whose frequencies, amplitudes and colour
     * offsets depend on {@code structureSeed}, with phases and pixel noise (sigma 6) drawn from
     * {@code sampleSeed}. Two sample seeds with the same structure seed give two different images of
     * the same texture process.
     */
    static RasterImage texture(long structureSeed, long sampleSeed) {
        Random s = new Random(structureSeed);
        Random r = new Random(sampleSeed);
        double[][] f = new double[4][];
        for (int k = 0; k < f.length; k++) {
            double freq = 0.15 + 0.6 * s.nextDouble();
            double angle = Math.PI * s.nextDouble();
            f[k] = new double[] {freq * Math.cos(angle), freq * Math.sin(angle), 12 + 18 * s.nextDouble(),
                s.nextDouble(), s.nextDouble(), s.nextDouble(), 2 * Math.PI * r.nextDouble()};
        }
        byte[] px = new byte[SIZE * SIZE * 3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 6 * r.nextGaussian();
                    for (double[] t : f) {
                        v += t[2] * (0.5 + t[3 + c]) * Math.sin(t[0] * x + t[1] * y + t[6]);
                    }
                    px[(y * SIZE + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return RasterImage.rgb(SIZE, SIZE, px);
    }

    static List<RasterImage> originals() {
        List<RasterImage> l = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            l.add(texture(100 + i, 200 + i));
        }
        return l;
    }

    static List<RasterImage> map(List<RasterImage> in, UnaryOperator<RasterImage> f) {
        List<RasterImage> out = new ArrayList<>();
        for (RasterImage img : in) {
            out.add(f.apply(img));
        }
        return out;
    }

    /** Box blur of radius {@code r} ((2r+1)^2 mean, indices clamped to the image). */
    static RasterImage boxBlur(RasterImage img, int r) {
        int w = img.width();
        int h = img.height();
        int ch = img.channels();
        int[] out = new int[w * h * ch];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < ch; c++) {
                    int sum = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            sum += img.sample(Math.max(0, Math.min(w - 1, x + dx)), Math.max(0, Math.min(h - 1, y + dy)), c);
                        }
                    }
                    out[(y * w + x) * ch + c] = Math.round(sum / (float) ((2 * r + 1) * (2 * r + 1)));
                }
            }
        }
        return RasterImage.ofInts(w, h, ch, out);
    }

    static RasterImage noisy(RasterImage img, double sigma, long seed) {
        Random r = new Random(seed);
        int[] v = img.samplesAsInts();
        for (int i = 0; i < v.length; i++) {
            v[i] = (int) Math.max(0, Math.min(255, Math.round(v[i] + sigma * r.nextGaussian())));
        }
        return RasterImage.ofInts(img.width(), img.height(), img.channels(), v);
    }

    static double mse(List<RasterImage> a, List<RasterImage> b) {
        double s = 0;
        long n = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int k = 0; k < a.get(i).sampleCount(); k++) {
                double d = a.get(i).sampleAt(k) - b.get(i).sampleAt(k);
                s += d * d;
                n++;
            }
        }
        return s / n;
    }

    @Test
    void identicalSetsGiveExactlyZero() {
        List<RasterImage> o = originals();
        Result r = RealismIndex.compute(o, new ArrayList<>(o), Settings.defaults());
        assertEquals(0.0, r.index());
        assertArrayEquals(new double[3], r.perLevel());
        // Grey images (replicated to RGB) and constant images (zero standard deviation) too.
        RasterImage grey = RasterImage.grey(20, 17, new byte[20 * 17]);
        List<RasterImage> g = List.of(grey, grey);
        assertEquals(0.0, RealismIndex.compute(g, g, new Settings(2, 7, 16, 8, 1)).index());
    }

    @Test
    void growsWithBlurStrength() {
        List<RasterImage> o = originals();
        double previous = 0;
        for (int radius = 1; radius <= 3; radius++) {
            int r = radius;
            Result res = RealismIndex.compute(o, map(o, img -> boxBlur(img, r)), FAST);
            assertTrue(res.index() > previous, "radius " + r + ": " + res + " !> " + previous);
            // Blur removes fine detail: the finest band-pass level is hit hardest.
            assertTrue(res.perLevel()[0] > res.perLevel()[2], res.toString());
            previous = res.index();
        }
    }

    @Test
    void growsWithNoiseStrength() {
        List<RasterImage> o = originals();
        double previous = 0;
        for (double sigma : new double[] {3, 6, 12, 24}) {
            Result res = RealismIndex.compute(o, map(o, img -> noisy(img, sigma, 7)), FAST);
            assertTrue(res.index() > previous, "sigma " + sigma + ": " + res + " !> " + previous);
            previous = res.index();
        }
    }

    @Test
    void freshSampleOfTheTextureBeatsABlurWithSmallerError() {
        List<RasterImage> o = originals();
        List<RasterImage> fresh = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            fresh.add(texture(100 + i, 900 + i)); // same process, other phases and noise
        }
        List<RasterImage> blurred = map(o, img -> boxBlur(img, 2));
        assertTrue(mse(o, fresh) > 4 * mse(o, blurred), mse(o, fresh) + " vs " + mse(o, blurred));
        double swdFresh = RealismIndex.compute(o, fresh, FAST).index();
        double swdBlur = RealismIndex.compute(o, blurred, FAST).index();
        assertTrue(swdFresh < swdBlur / 2, swdFresh + " vs " + swdBlur);
    }

    @Test
    void deterministicAndSeedDependent() {
        List<RasterImage> o = originals();
        List<RasterImage> n = map(o, img -> noisy(img, 10, 3));
        Result a = RealismIndex.compute(o, n, FAST);
        Result b = RealismIndex.compute(o, n, FAST);
        assertEquals(a, b);
        for (int k = 0; k < 3; k++) {
            assertEquals(Double.doubleToRawLongBits(a.perLevel()[k]), Double.doubleToRawLongBits(b.perLevel()[k]));
        }
        Result c = RealismIndex.compute(o, n, FAST.withSeed(2019));
        assertNotEquals(a.index(), c.index());
        // Another seed is another estimate of the same quantity.
        assertEquals(a.index(), c.index(), 0.25 * a.index());
        double mean = 0;
        for (double v : a.perLevel()) {
            mean += v / 3;
        }
        assertEquals(mean, a.index(), 1e-12);
    }

    /**
     * Pinned values for a set of two LCG pairs (see {@link MsSsimTest#lcgPair}: 64x48 RGB and 40x33
     * grey, which exercises odd sizes and grey replication). During development the index was
     * reimplemented independently in Python/numpy from docs/metrics.md alone (its own SplitMix64,
     * pyramid, patch extraction, normalisation and projections) and gave
     * Settings(3, 5, 50, 20, 77): [369.41721793504826, 71.51997082265814, 39.04265307539315], 159.99328061103319;
     * defaults: [286.76939002688795, 46.90757677504431, 39.745159621852224], 124.4740421412615.
     */
    @Test
    void agreesWithIndependentReimplementation() {
        RasterImage[] rgb = MsSsimTest.lcgPair(64, 48, 3);
        RasterImage[] grey = MsSsimTest.lcgPair(40, 33, 1);
        List<RasterImage> o = List.of(rgb[0], grey[0]);
        List<RasterImage> r = List.of(rgb[1], grey[1]);
        Result small = RealismIndex.compute(o, r, new Settings(3, 5, 50, 20, 77L));
        assertArrayEquals(new double[] {369.41721793504826, 71.51997082265814, 39.04265307539315}, small.perLevel(), 1e-9);
        assertEquals(159.99328061103319, small.index(), 1e-9);
        Result d = RealismIndex.compute(o, r, Settings.defaults());
        assertArrayEquals(new double[] {286.76939002688795, 46.90757677504431, 39.745159621852224}, d.perLevel(), 1e-9);
        assertEquals(124.4740421412615, d.index(), 1e-9);
    }

    @Test
    void positionsFollowTheImageIndex() {
        // Stream seeds are distinct for every (image, level) and documented.
        assertEquals(2018L + 0xBF58476D1CE4E5B9L * (5 * 16 + 2 + 1), RealismIndex.positionSeed(2018L, 5, 2));
        assertEquals(2018L ^ (0x94D049BB133111EBL * 3), RealismIndex.directionSeed(2018L, 2));
        SplittableRandom rng = new SplittableRandom(RealismIndex.positionSeed(2018L, 0, 0));
        int first = rng.nextInt(64 - 7 + 1);
        assertTrue(first >= 0 && first <= 57);
        // Directions are unit vectors.
        for (double[] d : RealismIndex.directions(2018L, 0, 5, 147)) {
            double n2 = 0;
            for (double v : d) {
                n2 += v * v;
            }
            assertEquals(1.0, n2, 1e-12);
        }
    }

    @Test
    void pyramidOfAConstantImageIsZeroBandPassAndConstantLowPass() {
        byte[] px = new byte[37 * 23 * 3];
        java.util.Arrays.fill(px, (byte) 77);
        RealismIndex.Plane3[] l = RealismIndex.laplacianPyramid(RasterImage.rgb(37, 23, px), 3);
        assertEquals(37, l[0].w);
        assertEquals(19, l[1].w);
        assertEquals(10, l[2].w);
        assertEquals(6, l[2].h);
        for (int k = 0; k < 2; k++) {
            for (double v : l[k].v) {
                assertEquals(0.0, v, 1e-12);
            }
        }
        for (double v : l[2].v) {
            assertEquals(77.0, v, 1e-12);
        }
    }

    @Test
    void refusesBadInput() {
        List<RasterImage> o = originals();
        Settings d = Settings.defaults();
        RasterImage other = RasterImage.rgb(SIZE, SIZE - 1, new byte[SIZE * (SIZE - 1) * 3]);
        assertThrows(IllegalArgumentException.class, () -> RealismIndex.compute(List.of(), List.of(), d));
        assertThrows(IllegalArgumentException.class, () -> RealismIndex.compute(o, o.subList(0, 3), d));
        assertThrows(IllegalArgumentException.class,
                () -> RealismIndex.compute(List.of(o.get(0)), List.of(other), d));
        // 3 levels: 24 -> 12 -> 6 is below a 7x7 patch; 25 -> 13 -> 7 fits.
        RasterImage small = RasterImage.grey(24, 40, new byte[24 * 40]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RealismIndex.compute(List.of(small), List.of(small), d));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        RasterImage fits = RasterImage.grey(25, 25, new byte[25 * 25]);
        assertEquals(0.0, RealismIndex.compute(List.of(fits), List.of(fits), d).index());
    }

    @Test
    void settingsValidateAndDefaults() {
        Settings d = Settings.defaults();
        assertEquals(new Settings(3, 7, 256, 128, 2018L), d);
        assertThrows(IllegalArgumentException.class, () -> new Settings(0, 7, 256, 128, 1));
        assertThrows(IllegalArgumentException.class, () -> new Settings(17, 7, 256, 128, 1));
        assertThrows(IllegalArgumentException.class, () -> new Settings(3, 0, 256, 128, 1));
        assertThrows(IllegalArgumentException.class, () -> new Settings(3, 7, 0, 128, 1));
        assertThrows(IllegalArgumentException.class, () -> new Settings(3, 7, 256, 0, 1));
    }
}
