package dev.rdpc.decoder.onnx;

import java.util.Arrays;

/**
 * Fractional timesteps of a {@link BetaSchedule}: {@code log alpha_bar(t)} interpolated linearly
 * between integer timesteps, and the conversions {@code t <-> sigma} with
 * {@code alpha_bar = 1 / (1 + sigma^2)}. Immutable; all transcendental functions are
 * {@link StrictMath}.
 */
final class VpTimesteps {

    private final double[] logAlphaBar;

    VpTimesteps(BetaSchedule schedule) {
        this.logAlphaBar = schedule.logAlphaBarTable();
    }

    /** Largest timestep, {@code T - 1}. */
    int lastTimestep() {
        return logAlphaBar.length - 1;
    }

    /** {@code log alpha_bar(t)}, {@code t} clamped into {@code [0, T - 1]}. */
    double logAlphaBar(double t) {
        int last = lastTimestep();
        double tc = Math.min(Math.max(t, 0.0), last);
        int i0 = (int) Math.min(Math.floor(tc), last - 1);
        double frac = tc - i0;
        return logAlphaBar[i0] + frac * (logAlphaBar[i0 + 1] - logAlphaBar[i0]);
    }

    /** {@code sigma(t) = sqrt(1 / alpha_bar(t) - 1)}, {@code t} clamped into {@code [0, T - 1]}. */
    double sigma(double t) {
        return Math.sqrt(StrictMath.expm1(-logAlphaBar(t)));
    }

    /** Smallest sigma of the schedule, {@code sigma(0)}. */
    double minSigma() {
        return sigma(0);
    }

    /** Largest sigma of the schedule, {@code sigma(T - 1)}. */
    double maxSigma() {
        return sigma(lastTimestep());
    }

    /**
     * The fractional timestep {@code t} with {@code alpha_bar(t) = 1 / (1 + sigma^2)}, clamped
     * into {@code [0, T - 1]} (sigmas outside the schedule give the end points).
     */
    double timestep(double sigma) {
        double target = -StrictMath.log1p(sigma * sigma); // log alpha_bar, decreasing in t
        int last = lastTimestep();
        if (!(target < logAlphaBar[0])) {
            return 0.0;
        }
        if (!(target > logAlphaBar[last])) {
            return last;
        }
        // largest i with logAlphaBar[i] >= target; the table is strictly decreasing
        int lo = 0;
        int hi = last;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (logAlphaBar[mid] >= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double frac = (logAlphaBar[lo] - target) / (logAlphaBar[lo] - logAlphaBar[lo + 1]);
        return lo + frac;
    }

    @Override
    public String toString() {
        return "VpTimesteps[T=" + logAlphaBar.length + ", sigma " + minSigma() + " .. " + maxSigma()
                + ", hash " + Arrays.hashCode(logAlphaBar) + "]";
    }
}
