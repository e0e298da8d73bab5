package dev.rdpc.rcc;

/**
 * Turns 16-bit integers into standard normal variates bit-exactly (docs/format.md §6.3, generator
 * RDPC-SM64-v2): variate x of a 16-bit value is Q[x], the binary32 normal quantile at the centre
 * (2x + 1) / 2^17 of the x-th of 65536 equiprobable cells, and every 64-bit word of a candidate's
 * stream gives four of them, most significant quarter first. The table is computed once from
 * {@link #inverseCdf(double)}, which uses only IEEE double arithmetic and {@link StrictMath}, so
 * every JVM builds the same table and draws the same variates. One table read per variate keeps the
 * encoder's search, which scores millions of candidates, at about a nanosecond per variate; the
 * 65536 atoms reproduce the normal's variance within 2.1e-5 and its kurtosis within 8e-4.
 */
public final class StandardNormal {
    private StandardNormal() {}

    /** Variates per 64-bit word. */
    public static final int PER_WORD = 4;
    static final int CELLS = 1 << 16;
    private static final float[] TABLE = new float[CELLS];

    /** The standard normal variate of one unsigned 16-bit value (bits above 16 are ignored). */
    public static float fromBits(int bits) {
        return TABLE[bits & 0xFFFF];
    }

    /** Variate {@code quarter} (0..3, most significant first) of a word. */
    static float quarter(long word, int quarter) {
        return TABLE[(int) (word >>> (48 - 16 * quarter)) & 0xFFFF];
    }

    /**
     * Fills {@code out[0..count)} with the normals of one candidate: normal t comes from quarter
     * t mod 4 of word 1 + t / 4 of the candidate's stream.
     */
    public static void fill(long candidateKey, float[] out, int count) {
        int t = 0;
        long index = 1;
        for (; t + PER_WORD <= count; t += PER_WORD, index++) {
            long w = CounterRng.word(candidateKey, index);
            out[t] = TABLE[(int) (w >>> 48)];
            out[t + 1] = TABLE[(int) (w >>> 32) & 0xFFFF];
            out[t + 2] = TABLE[(int) (w >>> 16) & 0xFFFF];
            out[t + 3] = TABLE[(int) w & 0xFFFF];
        }
        if (t < count) {
            long w = CounterRng.word(candidateKey, index);
            for (int q = 0; t < count; t++, q++) {
                out[t] = quarter(w, q);
            }
        }
    }

    /**
     * sum_t (a_t z_t + b_t) z_t over the first {@code count} normals of a candidate, in binary32,
     * accumulated in the order t = 0, 1, ...: the same variates as {@link #fill}.
     */
    static float quadraticScore(long candidateKey, float[] a, float[] b, int count) {
        float score = 0;
        int t = 0;
        long index = 1;
        for (; t + PER_WORD <= count; t += PER_WORD, index++) {
            long w = CounterRng.word(candidateKey, index);
            float z0 = TABLE[(int) (w >>> 48)];
            float z1 = TABLE[(int) (w >>> 32) & 0xFFFF];
            float z2 = TABLE[(int) (w >>> 16) & 0xFFFF];
            float z3 = TABLE[(int) w & 0xFFFF];
            score += (a[t] * z0 + b[t]) * z0;
            score += (a[t + 1] * z1 + b[t + 1]) * z1;
            score += (a[t + 2] * z2 + b[t + 2]) * z2;
            score += (a[t + 3] * z3 + b[t + 3]) * z3;
        }
        if (t < count) {
            long w = CounterRng.word(candidateKey, index);
            for (int q = 0; t < count; t++, q++) {
                float z = quarter(w, q);
                score += (a[t] * z + b[t]) * z;
            }
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

    // The table is built after the coefficients above: static initialisers run in textual order.
    static {
        for (int x = 0; x < CELLS; x++) {
            TABLE[x] = (float) inverseCdf((2.0 * x + 1) / (2.0 * CELLS));
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
