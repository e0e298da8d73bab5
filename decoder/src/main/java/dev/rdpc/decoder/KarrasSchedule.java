package dev.rdpc.decoder;

import java.util.Arrays;

/**
 * The sigma schedule of the project (Karras et al. 2022, EDM):
 *
 * <pre>
 *   sigma_i = ( sigmaMax^(1/rho) + i/(n-1) * (sigmaMin^(1/rho) - sigmaMax^(1/rho)) )^rho,   i = 0..n-1
 * </pre>
 *
 * descending from {@code sigma_0 = sigmaMax} to {@code sigma_{n-1} = sigmaMin}. All powers use
 * {@link StrictMath#pow} so the grid is bit-identical on every JVM and platform. The two end points
 * are stored exactly (not round-tripped through the powers), and the interior points are clamped
 * into {@code [sigmaMin, previous point]}, so the grid is always non-increasing; it is strictly
 * descending whenever double precision can resolve {@code n} distinct points between the end points.
 *
 * <p>If {@code sigmaMax <= sigmaMin}, or {@code n == 1}, the schedule is the single point
 * {@code sigmaMax}.
 *
 * <p>Instances are immutable.
 */
public final class KarrasSchedule {

    /** Default curvature {@code rho = 7} (EDM). */
    public static final double DEFAULT_RHO = 7.0;
    /** Default smallest sigma, 0.002 (EDM). */
    public static final double DEFAULT_SIGMA_MIN = 0.002;

    private final double sigmaMax;
    private final double sigmaMin;
    private final double rho;
    private final double[] sigmas;

    private KarrasSchedule(double sigmaMax, double sigmaMin, double rho, double[] sigmas) {
        this.sigmaMax = sigmaMax;
        this.sigmaMin = sigmaMin;
        this.rho = rho;
        this.sigmas = sigmas;
    }

    /** A schedule of {@code n} points with {@link #DEFAULT_SIGMA_MIN} and {@link #DEFAULT_RHO}. */
    public static KarrasSchedule of(double sigmaMax, int n) {
        return of(sigmaMax, DEFAULT_SIGMA_MIN, n, DEFAULT_RHO);
    }

    /**
     * A schedule of {@code n} points from {@code sigmaMax} down to {@code sigmaMin}.
     *
     * @param sigmaMax first (largest) sigma, finite and {@code > 0}
     * @param sigmaMin last (smallest) sigma, finite and {@code > 0}
     * @param n        number of points, {@code >= 1} (ignored, i.e. 1, when
     *                 {@code sigmaMax <= sigmaMin})
     * @param rho      curvature, finite and {@code > 0}; larger values put more points near
     *                 {@code sigmaMin}
     * @throws IllegalArgumentException on invalid arguments, or when {@code rho} is so extreme that
     *                                  {@code sigma^(1/rho)} is not representable or does not
     *                                  separate the end points
     */
    public static KarrasSchedule of(double sigmaMax, double sigmaMin, int n, double rho) {
        if (!(sigmaMax > 0.0) || !Double.isFinite(sigmaMax)) {
            throw new IllegalArgumentException("sigmaMax must be finite and > 0, got " + sigmaMax);
        }
        if (!(sigmaMin > 0.0) || !Double.isFinite(sigmaMin)) {
            throw new IllegalArgumentException("sigmaMin must be finite and > 0, got " + sigmaMin);
        }
        if (n < 1) {
            throw new IllegalArgumentException("number of schedule points must be >= 1, got " + n);
        }
        if (!(rho > 0.0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and > 0, got " + rho);
        }
        if (sigmaMax <= sigmaMin || n == 1) {
            return new KarrasSchedule(sigmaMax, sigmaMin, rho, new double[] {sigmaMax});
        }
        double invRho = 1.0 / rho;
        double a = StrictMath.pow(sigmaMax, invRho);
        double b = StrictMath.pow(sigmaMin, invRho);
        if (!Double.isFinite(a) || !(b > 0.0)) {
            throw new IllegalArgumentException("rho = " + rho + " is too small for sigma range ["
                    + sigmaMin + ", " + sigmaMax + "]: sigma^(1/rho) is not representable");
        }
        if (!(a > b)) {
            throw new IllegalArgumentException("rho = " + rho + " is too large for sigma range ["
                    + sigmaMin + ", " + sigmaMax + "]: sigma^(1/rho) cannot tell the end points apart");
        }
        double[] s = new double[n];
        s[0] = sigmaMax;
        double span = b - a;
        double denom = n - 1;
        for (int i = 1; i < n - 1; i++) {
            double v = StrictMath.pow(a + (i / denom) * span, rho);
            if (!(v <= s[i - 1])) {
                v = s[i - 1];
            }
            if (!(v >= sigmaMin)) {
                v = sigmaMin;
            }
            s[i] = v;
        }
        s[n - 1] = sigmaMin;
        return new KarrasSchedule(sigmaMax, sigmaMin, rho, s);
    }

    /** Number of points. */
    public int size() {
        return sigmas.length;
    }

    /** The {@code i}-th point, {@code 0 <= i < size()}. */
    public double sigma(int i) {
        return sigmas[i];
    }

    /** A copy of all points, in descending order. */
    public double[] toArray() {
        return sigmas.clone();
    }

    /** The requested largest sigma (always {@code sigma(0)}). */
    public double sigmaMax() {
        return sigmaMax;
    }

    /** The requested smallest sigma (the last point unless the schedule collapsed to one point). */
    public double sigmaMin() {
        return sigmaMin;
    }

    /** The curvature parameter. */
    public double rho() {
        return rho;
    }

    @Override
    public String toString() {
        return "KarrasSchedule[n=" + sigmas.length + ", rho=" + rho + ", " + Arrays.toString(sigmas) + "]";
    }
}
