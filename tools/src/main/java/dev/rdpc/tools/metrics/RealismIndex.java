package dev.rdpc.tools.metrics;

import dev.rdpc.image.RasterImage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A realism index that needs no trained network: the multi-scale sliced Wasserstein distance (SWD)
 * between the distribution of small patches of the reconstructions and that of the originals, after
 * the idea of Karras et al. (2018), "Progressive growing of GANs", section 5 (SWD on Laplacian
 * pyramid patches). The code here is this project's own; the normative definition, precise enough to
 * reimplement the numbers, is {@code docs/metrics.md} section 2. In short, for each level k of a
 * Laplacian pyramid of every image (band-pass at the finer levels, low-pass at the coarsest):
 *
 * <ol>
 *   <li>P patches of p x p x 3 at pseudo-random positions per image (the same positions for the
 *       original and the reconstruction of the same image index);</li>
 *   <li>each channel normalised with the mean and standard deviation of that channel over all
 *       patches of the <em>original</em> set at that level (the same affine map is applied to the
 *       reconstruction set);</li>
 *   <li>R random unit directions; both sets projected, sorted, and the mean absolute difference of
 *       the sorted projections (the 1-D Wasserstein-1 distance) averaged over the directions;</li>
 *   <li>the level value is that average times 1000 (the scale of the paper's tables).</li>
 * </ol>
 *
 * <p>The index is the mean of the level values. Lower is more realistic; it is exactly 0 when the
 * two patch sets coincide and 0 only if every projected distribution matches. It measures local
 * patch statistics only: it is no substitute for FID or a user study, ignores anything larger than
 * a patch at the coarsest level, and, being a distance between distributions, rewards a
 * reconstruction that is a plausible but different sample nearly as much as the original itself.
 *
 * <p>Deterministic: the same inputs and settings give bit-identical results (random numbers come
 * from {@link SplittableRandom}, whose algorithm is fixed by its specification, and the directions
 * use {@link StrictMath}). Single-threaded; memory is proportional to the number of patches plus one
 * image pyramid.
 */
public final class RealismIndex {
    /** Largest number of pyramid levels accepted. */
    public static final int MAX_LEVELS = 16;
    /** Scale factor of the reported values (as in Karras et al. 2018). */
    public static final double SCALE = 1000.0;
    /** Multiplier that separates the position streams of different (image, level) pairs. */
    static final long POSITION_STREAM = 0xBF58476D1CE4E5B9L;
    /** Multiplier that separates the direction streams of different levels. */
    static final long DIRECTION_STREAM = 0x94D049BB133111EBL;
    /** Binomial 5-tap kernel [1 4 6 4 1] / 16. */
    private static final double[] BINOMIAL = {1 / 16.0, 4 / 16.0, 6 / 16.0, 4 / 16.0, 1 / 16.0};
    private static final int CHANNELS = 3;

    private RealismIndex() {}

    /**
     * Parameters of the index.
     *
     * @param levels pyramid levels L (1..16); levels 0..L-2 are band-pass, level L-1 low-pass
     * @param patchSize side p of the square patches (at least 1)
     * @param patchesPerImage patches P drawn per image and level (at least 1)
     * @param directions random projection directions R per level (at least 1)
     * @param seed seed of the patch positions and directions
     */
    public record Settings(int levels, int patchSize, int patchesPerImage, int directions, long seed) {
        public Settings {
            if (levels < 1 || levels > MAX_LEVELS) {
                throw new IllegalArgumentException("levels must be in 1.." + MAX_LEVELS + ", got " + levels);
            }
            if (patchSize < 1) {
                throw new IllegalArgumentException("patchSize must be at least 1, got " + patchSize);
            }
            if (patchesPerImage < 1) {
                throw new IllegalArgumentException("patchesPerImage must be at least 1, got " + patchesPerImage);
            }
            if (directions < 1) {
                throw new IllegalArgumentException("directions must be at least 1, got " + directions);
            }
        }

        /** 3 levels, 7x7 patches, 256 patches per image and level, 128 directions, seed 2018. */
        public static Settings defaults() {
            return new Settings(3, 7, 256, 128, 2018L);
        }

        /** These settings with another seed. */
        public Settings withSeed(long newSeed) {
            return new Settings(levels, patchSize, patchesPerImage, directions, newSeed);
        }
    }

    /**
     * The outcome: one SWD value per pyramid level (finest first, times {@link #SCALE}) and their
     * mean, the index.
     */
    public record Result(double[] perLevel, double index) {
        public Result {
            perLevel = perLevel.clone();
        }

        /** The per-level values (a copy), finest level first. */
        @Override
        public double[] perLevel() {
            return perLevel.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && Arrays.equals(perLevel, r.perLevel)
                    && Double.compare(index, r.index) == 0;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(perLevel) * 31 + Double.hashCode(index);
        }

        @Override
        public String toString() {
            return "Result[perLevel=" + Arrays.toString(perLevel) + ", index=" + index + "]";
        }
    }

    /**
     * The realism index of {@code reconstructions} with respect to {@code originals}: element i of
     * one list is paired with element i of the other.
     *
     * @throws IllegalArgumentException if the lists are empty or differ in length, a pair differs in
     *     width or height, or an image is too small for the coarsest level to hold one patch
     */
    public static Result compute(List<RasterImage> originals, List<RasterImage> reconstructions, Settings s) {
        Objects.requireNonNull(originals, "originals");
        Objects.requireNonNull(reconstructions, "reconstructions");
        Objects.requireNonNull(s, "settings");
        int n = originals.size();
        if (n == 0) {
            throw new IllegalArgumentException("no images");
        }
        if (reconstructions.size() != n) {
            throw new IllegalArgumentException("got " + n + " originals but " + reconstructions.size()
                    + " reconstructions");
        }
        for (int i = 0; i < n; i++) {
            RasterImage o = Objects.requireNonNull(originals.get(i), "original " + i);
            RasterImage r = Objects.requireNonNull(reconstructions.get(i), "reconstruction " + i);
            if (o.width() != r.width() || o.height() != r.height()) {
                throw new IllegalArgumentException("pair " + i + " differs in size: original " + o.width() + "x"
                        + o.height() + ", reconstruction " + r.width() + "x" + r.height());
            }
            int w = o.width();
            int h = o.height();
            for (int k = 1; k < s.levels(); k++) {
                w = (w + 1) / 2;
                h = (h + 1) / 2;
            }
            if (w < s.patchSize() || h < s.patchSize()) {
                throw new IllegalArgumentException("image " + i + " (" + o.width() + "x" + o.height()
                        + ") is too small: its level " + (s.levels() - 1) + " is " + w + "x" + h
                        + ", smaller than a " + s.patchSize() + "x" + s.patchSize() + " patch");
            }
        }

        int levels = s.levels();
        int p = s.patchSize();
        int dim = p * p * CHANNELS;
        int perImage = s.patchesPerImage();
        long total = (long) n * perImage;
        if (total * dim > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many patches: " + n + " images x " + perImage + " x " + dim
                    + " values per level");
        }
        double[][] origPatches = new double[levels][(int) (total * dim)];
        double[][] recPatches = new double[levels][(int) (total * dim)];
        for (int i = 0; i < n; i++) {
            Plane3[] po = laplacianPyramid(originals.get(i), levels);
            Plane3[] pr = laplacianPyramid(reconstructions.get(i), levels);
            for (int k = 0; k < levels; k++) {
                SplittableRandom rng = new SplittableRandom(positionSeed(s.seed(), i, k));
                int offset = i * perImage * dim;
                for (int t = 0; t < perImage; t++) {
                    int px = rng.nextInt(po[k].w - p + 1);
                    int py = rng.nextInt(po[k].h - p + 1);
                    po[k].extract(px, py, p, origPatches[k], offset + t * dim);
                    pr[k].extract(px, py, p, recPatches[k], offset + t * dim);
                }
            }
        }

        double[] perLevel = new double[levels];
        double sum = 0;
        for (int k = 0; k < levels; k++) {
            normalise(origPatches[k], recPatches[k], (int) total, p);
            double[][] dirs = directions(s.seed(), k, s.directions(), dim);
            perLevel[k] = SCALE * slicedWasserstein(origPatches[k], recPatches[k], (int) total, dirs);
            origPatches[k] = null;
            recPatches[k] = null;
            sum += perLevel[k];
        }
        return new Result(perLevel, sum / levels);
    }

    /** Seed of the position stream of image {@code image} at level {@code level}. */
    static long positionSeed(long seed, int image, int level) {
        return seed + POSITION_STREAM * ((long) image * MAX_LEVELS + level + 1);
    }

    /** Seed of the direction stream of level {@code level}. */
    static long directionSeed(long seed, int level) {
        return seed ^ (DIRECTION_STREAM * (level + 1));
    }

    /**
     * {@code count} unit vectors of dimension {@code dim}: components are standard normal
     * (Box-Muller from two {@code nextDouble()} values, cosine branch only) and each vector is divided
     * by its Euclidean norm.
     */
    static double[][] directions(long seed, int level, int count, int dim) {
        SplittableRandom rng = new SplittableRandom(directionSeed(seed, level));
        double[][] dirs = new double[count][dim];
        for (double[] d : dirs) {
            double norm2 = 0;
            for (int j = 0; j < dim; j++) {
                double u1 = rng.nextDouble();
                double u2 = rng.nextDouble();
                double g = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
                d[j] = g;
                norm2 += g * g;
            }
            double norm = StrictMath.sqrt(norm2);
            if (norm == 0) {
                d[0] = 1.0; // probability zero; keeps the vector a unit vector
                norm = 1.0;
                for (int j = 1; j < dim; j++) {
                    d[j] = 0;
                }
            }
            for (int j = 0; j < dim; j++) {
                d[j] /= norm;
            }
        }
        return dirs;
    }

    /**
     * Per-channel standardisation with the statistics of the original set: mean and population
     * standard deviation of channel c over all patches and patch pixels of {@code orig}; a standard
     * deviation of 0 is replaced by 1.
     */
    static void normalise(double[] orig, double[] rec, int count, int p) {
        int values = count * p * p;
        for (int c = 0; c < CHANNELS; c++) {
            double sum = 0;
            for (int i = c; i < orig.length; i += CHANNELS) {
                sum += orig[i];
            }
            double mean = sum / values;
            double sq = 0;
            for (int i = c; i < orig.length; i += CHANNELS) {
                double d = orig[i] - mean;
                sq += d * d;
            }
            double std = Math.sqrt(sq / values);
            if (std == 0) {
                std = 1.0;
            }
            for (int i = c; i < orig.length; i += CHANNELS) {
                orig[i] = (orig[i] - mean) / std;
                rec[i] = (rec[i] - mean) / std;
            }
        }
    }

    /** Mean over the directions of the 1-D Wasserstein-1 distance between the projected sets. */
    static double slicedWasserstein(double[] a, double[] b, int count, double[][] dirs) {
        int dim = dirs[0].length;
        double[] pa = new double[count];
        double[] pb = new double[count];
        double total = 0;
        for (double[] d : dirs) {
            for (int i = 0; i < count; i++) {
                int base = i * dim;
                double sa = 0;
                double sb = 0;
                for (int j = 0; j < dim; j++) {
                    sa += a[base + j] * d[j];
                    sb += b[base + j] * d[j];
                }
                pa[i] = sa;
                pb[i] = sb;
            }
            Arrays.sort(pa);
            Arrays.sort(pb);
            double w = 0;
            for (int i = 0; i < count; i++) {
                w += Math.abs(pa[i] - pb[i]);
            }
            total += w / count;
        }
        return total / dirs.length;
    }

    /** A 3-channel plane of doubles, interleaved like {@link RasterImage}. */
    static final class Plane3 {
        final int w;
        final int h;
        final double[] v;

        Plane3(int w, int h) {
            this.w = w;
            this.h = h;
            this.v = new double[w * h * CHANNELS];
        }

        double get(int x, int y, int c) {
            return v[(y * w + x) * CHANNELS + c];
        }

        /** Copies the p x p patch at (px, py) to {@code out}: index (dy * p + dx) * 3 + c. */
        void extract(int px, int py, int p, double[] out, int offset) {
            for (int dy = 0; dy < p; dy++) {
                System.arraycopy(v, ((py + dy) * w + px) * CHANNELS, out, offset + dy * p * CHANNELS, p * CHANNELS);
            }
        }
    }

    /** The image as RGB doubles 0..255 (grey replicated to three channels). */
    static Plane3 toPlane(RasterImage img) {
        RasterImage rgb = img.toRgb();
        Plane3 pl = new Plane3(rgb.width(), rgb.height());
        for (int i = 0; i < pl.v.length; i++) {
            pl.v[i] = rgb.sampleAt(i);
        }
        return pl;
    }

    /**
     * Gaussian pyramid step: separable [1 4 6 4 1]/16 blur with clamp-to-edge indices, keeping the
     * even positions: out(x, y) = sum_{i,j=-2..2} b_i b_j in(clamp(2x + i), clamp(2y + j)), size
     * ceil(w/2) x ceil(h/2).
     */
    static Plane3 reduce(Plane3 in) {
        int ow = (in.w + 1) / 2;
        int oh = (in.h + 1) / 2;
        // Horizontal first: ow x in.h.
        Plane3 tmp = new Plane3(ow, in.h);
        for (int y = 0; y < in.h; y++) {
            for (int x = 0; x < ow; x++) {
                for (int c = 0; c < CHANNELS; c++) {
                    double s = 0;
                    for (int i = -2; i <= 2; i++) {
                        s += BINOMIAL[i + 2] * in.get(clamp(2 * x + i, in.w), y, c);
                    }
                    tmp.v[(y * ow + x) * CHANNELS + c] = s;
                }
            }
        }
        Plane3 out = new Plane3(ow, oh);
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                for (int c = 0; c < CHANNELS; c++) {
                    double s = 0;
                    for (int j = -2; j <= 2; j++) {
                        s += BINOMIAL[j + 2] * tmp.get(x, clamp(2 * y + j, in.h), c);
                    }
                    out.v[(y * ow + x) * CHANNELS + c] = s;
                }
            }
        }
        return out;
    }

    /**
     * Burt-Adelson expansion of {@code in} to {@code w x h}: out(x, y) = 4 sum b_i b_j
     * in(clamp((x + i) / 2), clamp((y + j) / 2)) over i, j in -2..2 with x + i and y + j even;
     * separable, horizontal pass first. Constants are preserved exactly up to rounding.
     */
    static Plane3 expand(Plane3 in, int w, int h) {
        Plane3 tmp = new Plane3(w, in.h);
        for (int y = 0; y < in.h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < CHANNELS; c++) {
                    double s = 0;
                    for (int i = -2; i <= 2; i++) {
                        if (((x + i) & 1) == 0) {
                            s += BINOMIAL[i + 2] * in.get(clamp((x + i) / 2, in.w), y, c);
                        }
                    }
                    tmp.v[(y * w + x) * CHANNELS + c] = 2 * s;
                }
            }
        }
        Plane3 out = new Plane3(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < CHANNELS; c++) {
                    double s = 0;
                    for (int j = -2; j <= 2; j++) {
                        if (((y + j) & 1) == 0) {
                            s += BINOMIAL[j + 2] * tmp.get(x, clamp((y + j) / 2, in.h), c);
                        }
                    }
                    out.v[(y * w + x) * CHANNELS + c] = 2 * s;
                }
            }
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }

    /**
     * Laplacian pyramid with {@code levels} levels: level k &lt; levels-1 is G_k - expand(G_{k+1}),
     * the last level is G_{levels-1}, where G_0 is the image and G_{k+1} = reduce(G_k).
     */
    static Plane3[] laplacianPyramid(RasterImage img, int levels) {
        Plane3[] g = new Plane3[levels];
        g[0] = toPlane(img);
        for (int k = 1; k < levels; k++) {
            g[k] = reduce(g[k - 1]);
        }
        Plane3[] l = new Plane3[levels];
        l[levels - 1] = g[levels - 1];
        for (int k = 0; k < levels - 1; k++) {
            Plane3 up = expand(g[k + 1], g[k].w, g[k].h);
            Plane3 band = new Plane3(g[k].w, g[k].h);
            for (int i = 0; i < band.v.length; i++) {
                band.v[i] = g[k].v[i] - up.v[i];
            }
            l[k] = band;
        }
        return l;
    }
}
