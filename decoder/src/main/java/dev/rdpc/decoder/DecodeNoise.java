package dev.rdpc.decoder;

/**
 * The counter-based Gaussian noise of the stochastic decode modes ({@link DecodeMode#SDE},
 * {@link DecodeMode#MAP_RPS}). Every normal is a pure function of {@code (decode seed, stream,
 * element index)}, so a decode is bit-identical on every platform, for every thread count and
 * however the element range is split into chunks. No state, no dependence on any other module.
 *
 * <p>The exact algorithm (it is part of the decoded-image contract; changing it changes images):
 *
 * <pre>
 *   mix64(z)     = SplitMix64 finalizer: z ^= z >>> 30; z *= 0xBF58476D1CE4E5B9;
 *                                        z ^= z >>> 27; z *= 0x94D049BB133111EB; z ^= z >>> 31
 *   key(seed, s) = mix64( mix64(seed ^ 0x2B7E151628AED2A6) + (s + 1) * 0xD1B54A32D192ED03 )
 *   pair p = index / 2 (the two normals 2p, 2p + 1 form one Marsaglia polar pair):
 *     w_0 = mix64( key + (p + 1) * 0x9E3779B97F4A7C15 ),  w_k = mix64( w_0 + k * 0x9E3779B97F4A7C15 )  (k >= 1)
 *     for attempt k = 0, 1, ..., 63:
 *       a = ((w_k >>> 32) + 0.5) * 2^-31 - 1,   b = ((w_k &amp; 0xFFFFFFFF) + 0.5) * 2^-31 - 1   (both in (-1, 1))
 *       q = a * a + b * b;  if q &lt; 1:  f = StrictMath.sqrt(-2 * StrictMath.log(q) / q),
 *                                       normal(2p) = a * f,  normal(2p + 1) = b * f;  stop
 *     (64 rejections in a row, probability 0.215^64 &lt; 1e-42: both normals are 0)
 * </pre>
 *
 * (all arithmetic in 64-bit longs with wrap-around, and IEEE doubles). This is a SplitMix64-style
 * counter hash keyed by {@code (seed, stream)} and indexed by the pair number, with each 64-bit word
 * split into two 32-bit uniforms for the Marsaglia polar method; the rejection loop is driven by the
 * attempt counter, so it stays a pure function of the index. {@link StrictMath} (fdlibm) and Java's
 * IEEE double arithmetic make every value reproducible bit for bit. The largest magnitude is about
 * {@code 9.4}.
 *
 * <p>Thread-safe (stateless).
 */
public final class DecodeNoise {

    private static final long SEED_SALT = 0x2B7E151628AED2A6L;
    private static final long STREAM_GAMMA = 0xD1B54A32D192ED03L;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double INV_2_31 = 0x1.0p-31;
    private static final int MAX_ATTEMPTS = 64;

    private DecodeNoise() {
    }

    /** The SplitMix64 output function (Stafford's mix 13). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The key of one noise stream: {@code key(seed, stream)} of the class comment. */
    public static long key(long seed, long stream) {
        return mix64(mix64(seed ^ SEED_SALT) + (stream + 1) * STREAM_GAMMA);
    }

    /** The standard normal number {@code index} (>= 0) of stream {@code stream} under {@code seed}. */
    public static double normal(long seed, long stream, long index) {
        return normalAt(key(seed, stream), index);
    }

    /** The standard normal number {@code index} (>= 0) of the stream with the given {@link #key}. */
    public static double normalAt(long key, long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        double[] pair = new double[2];
        polarPair(key, index >>> 1, pair, 0, 2);
        return pair[(int) (index & 1L)];
    }

    /**
     * Writes {@code normalAt(key, e)} into {@code out[e]} for {@code from <= e < to} (both normals of a
     * pair from one polar draw where the range allows).
     */
    public static void fill(long key, double[] out, int from, int to) {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        if (from < 0 || to > out.length || from > to) {
            throw new IllegalArgumentException("bad range [" + from + ", " + to + ") for length " + out.length);
        }
        int e = from;
        if (e < to && (e & 1) != 0) {
            out[e] = normalAt(key, e);
            e++;
        }
        for (; e + 1 < to; e += 2) {
            polarPair(key, e >>> 1, out, e, 2);
        }
        if (e < to) {
            out[e] = normalAt(key, e);
        }
    }

    /** Writes the first {@code count} (1 or 2) normals of pair {@code pair} to {@code out[at...]}. */
    private static void polarPair(long key, long pair, double[] out, int at, int count) {
        long w0 = mix64(key + (pair + 1) * GOLDEN_GAMMA);
        long w = w0;
        for (int k = 0; k < MAX_ATTEMPTS; k++) {
            if (k > 0) {
                w = mix64(w0 + k * GOLDEN_GAMMA);
            }
            double a = ((w >>> 32) + 0.5) * INV_2_31 - 1.0;
            double b = ((w & 0xFFFFFFFFL) + 0.5) * INV_2_31 - 1.0;
            double q = a * a + b * b;
            if (q < 1.0) {
                double f = StrictMath.sqrt(-2.0 * StrictMath.log(q) / q);
                out[at] = a * f;
                if (count > 1) {
                    out[at + 1] = b * f;
                }
                return;
            }
        }
        out[at] = 0.0;
        if (count > 1) {
            out[at + 1] = 0.0;
        }
    }
}
