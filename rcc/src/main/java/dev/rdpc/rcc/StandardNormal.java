package dev.rdpc.rcc;

/**
 * Turns 32-bit integers into standard normal variates bit-exactly (docs/format.md §6.3).
 *
 * <p>The 32-bit word is split into a 16-bit cell j and a 16-bit fraction f. For interior cells
 * the variate is a linear interpolation of the normal quantile function between the cell's
 * boundaries, z = Q[j] + f * S[j], evaluated in binary32 arithmetic from two binary32 tables;
 * the two tail cells evaluate the quantile function directly. The tables are computed once from
 * {@link #inverseCdf(double)}, which uses only IEEE double arithmetic and {@link StrictMath}, so
 * every JVM builds the same tables and draws the same variates.
 */
public final class StandardNormal {
    private StandardNormal() {}

    /** The standard normal variate of one unsigned 32-bit word. */
    public static float fromBits(int bits) {
        int cell = bits >>> 16;
        int fraction = bits & 0xFFFF;
        if (cell != 0 && cell != CELLS - 1) {
            return PACKED[2 * cell] + fraction * PACKED[2 * cell + 1];
        }
        return tailVariate(bits);
    }

    // Kept out of fromBits so that the hot path stays small enough for the JIT to inline everywhere.
    private static float tailVariate(int bits) {
        double p = ((bits & 0xFFFFFFFFL) + 0.5) / 4294967296.0;
        return (float) inverseCdf(p);
    }

    /**
     * Fills {@code out[0..count)} with the normals of one candidate: normal 2i comes from the high
     * half of word i+1 of the candidate's stream, normal 2i+1 from its low half.
     */
    public static void fill(long candidateKey, float[] out, int count) {
        int i = 0;
        long index = 1;
        for (; i + 1 < count; i += 2, index++) {
            long w = CounterRng.word(candidateKey, index);
            out[i] = fromBits((int) (w >>> 32));
            out[i + 1] = fromBits((int) w);
        }
        if (i < count) {
            out[i] = fromBits((int) (CounterRng.word(candidateKey, index) >>> 32));
        }
    }

    /**
     * sum_i (a_i z_i + b_i) z_i over the first {@code count} normals of a candidate, with the same
     * variates and the same binary32 operation order as {@link #fill} followed by that loop.
     */
    static float quadraticScore(long candidateKey, float[] a, float[] b, int count) {
        float score = 0;
        int i = 0;
        long index = 1;
        for (; i + 1 < count; i += 2, index++) {
            long w = CounterRng.word(candidateKey, index);
            float z0 = fromBits((int) (w >>> 32));
            float z1 = fromBits((int) w);
            score += (a[i] * z0 + b[i]) * z0;
            score += (a[i + 1] * z1 + b[i + 1]) * z1;
        }
        if (i < count) {
            float z = fromBits((int) (CounterRng.word(candidateKey, index) >>> 32));
            score += (a[i] * z + b[i]) * z;
        }
        return score;
    }

    // Acklam's rational approximation of the normal quantile (relative error below 1.2e-9).
    private static final double[] A = {
        -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {
        -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {
        -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    private static final double P_LOW = 0.02425;

    // Tables are built after the coefficients above: static initialisers run in textual order.
    static final int CELLS = 1 << 16;
    private static final float[] QUANTILE = new float[CELLS];
    private static final float[] SLOPE = new float[CELLS];
    /** Q and S interleaved, so that one variate touches one cache line: the search's hot path. */
    private static final float[] PACKED = new float[2 * CELLS];

    static {
        double previous = inverseCdf(1.0 / CELLS);
        for (int j = 1; j < CELLS - 1; j++) {
            double next = inverseCdf((j + 1.0) / CELLS);
            QUANTILE[j] = (float) previous;
            SLOPE[j] = (float) ((next - previous) / CELLS);
            PACKED[2 * j] = QUANTILE[j];
            PACKED[2 * j + 1] = SLOPE[j];
            previous = next;
        }
    }


    /**
     * The standard normal quantile function for p in (0, 1), evaluated exactly as written in
     * docs/format.md §6.3 (Horner order, StrictMath), hence reproducible bit for bit.
     */
    public static double inverseCdf(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must lie in (0, 1): " + p);
        }
        if (p < P_LOW) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            return tail(q);
        }
        if (p > 1 - P_LOW) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(1 - p));
            return -tail(q);
        }
        double q = p - 0.5;
        double r = q * q;
        double num = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q;
        double den = ((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1;
        return num / den;
    }

    private static double tail(double q) {
        double num = ((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5];
        double den = (((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1;
        return num / den;
    }
}
