package dev.rdpc.rcc;

/**
 * The natural logarithm the encoder's search uses for arrival times (docs/format.md §7.5): a
 * 256-cell table of log(centre) and 1/centre over [1, 2) plus a degree-5 series in the offset from
 * the cell centre, all in binary64 arithmetic with the table built by {@link StrictMath}, so every
 * platform computes the same value bit for bit. Absolute error below 1e-15 for arguments in
 * (0, 1]; about ten times cheaper than {@link StrictMath#log} on JDK 17, which matters because the
 * search takes one logarithm per candidate.
 */
final class ArrivalLog {
    private ArrivalLog() {}

    static final int CELL_BITS = 8;
    private static final int CELLS = 1 << CELL_BITS;
    private static final double[] LOG_CENTRE = new double[CELLS];
    private static final double[] INVERSE_CENTRE = new double[CELLS];
    private static final double[] CENTRE = new double[CELLS];
    private static final double LN2 = StrictMath.log(2.0);

    static {
        for (int j = 0; j < CELLS; j++) {
            double centre = 1 + (j + 0.5) / CELLS;
            CENTRE[j] = centre;
            LOG_CENTRE[j] = StrictMath.log(centre);
            INVERSE_CENTRE[j] = 1 / centre;
        }
    }

    /** log(x) for a positive, finite, normal x. */
    static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int exponent = (int) (bits >>> 52) - 1023;
        long mantissa = bits & 0x000F_FFFF_FFFF_FFFFL;
        if (mantissa == 0) {
            // Powers of two, 1 among them: u rounds to 1 for the largest word, and -log must give 0, not -1e-17.
            return exponent * LN2;
        }
        int cell = (int) (mantissa >>> (52 - CELL_BITS));
        // m and the centre share the binade [1, 2) and the centre has 10 significant bits: m - centre is exact.
        double m = Double.longBitsToDouble(mantissa | 0x3FF0_0000_0000_0000L);
        double r = (m - CENTRE[cell]) * INVERSE_CENTRE[cell];
        double series = r * (1 + r * (-0.5 + r * (1.0 / 3 + r * (-0.25 + r * 0.2))));
        return exponent * LN2 + (LOG_CENTRE[cell] + series);
    }

    /** The Exp(1) arrival increment of a candidate from its word 0: -log(((w >>> 11) + 0.5) 2^-53). */
    static double exponential(long word0) {
        return -log(((word0 >>> 11) + 0.5) * 0x1.0p-53);
    }
}
