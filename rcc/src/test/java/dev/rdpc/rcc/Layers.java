package dev.rdpc.rcc;

import java.util.SplittableRandom;

/** Test-only layers for {@link LayerCoder}: synthetic targets and proposals, and bit-exact comparison. */
final class Layers {
    private Layers() {}

    /** A layer held in arrays: target q_i = N(targets[i], sigma^2), proposal p_i = N(means[i], variances[i]). */
    record Layer(float[] targets, float[] means, float[] variances, double sigma) implements LayerCoder.Targets {
        @Override
        public int dimensions() {
            return targets.length;
        }

        @Override
        public float mean(int i) {
            return means[i];
        }

        @Override
        public float variance(int i) {
            return variances[i];
        }

        @Override
        public float target(int i) {
            return targets[i];
        }

        /** The decoder's view: the proposal alone. */
        LayerCoder.Proposal proposal() {
            return Layers.proposal(means, variances);
        }

        double sigma2() {
            return sigma * sigma;
        }
    }

    static LayerCoder.Proposal proposal(float[] means, float[] variances) {
        return new LayerCoder.Proposal() {
            @Override
            public int dimensions() {
                return means.length;
            }

            @Override
            public float mean(int i) {
                return means[i];
            }

            @Override
            public float variance(int i) {
                return variances[i];
            }
        };
    }

    /**
     * Mixed proposals: prior variances spread over many octaves (one in eight zero, so s^2 = sigma^2),
     * means N(0, 1), targets mostly drawn from the prior and one in fifty pushed 4 sigma into the tail.
     */
    static Layer mixed(long seed, int n, double sigma) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] c = new float[n];
        float[] m = new float[n];
        float[] s2 = new float[n];
        double sigma2 = sigma * sigma;
        for (int i = 0; i < n; i++) {
            double v = random.nextInt(8) == 0 ? 0 : sigma2 * Math.exp(random.nextDouble(-4, 3));
            m[i] = (float) random.nextGaussian(0, 1);
            s2[i] = (float) Math.max(v + sigma2, sigma2);
            double deviation = Math.sqrt(v) * random.nextGaussian();
            if (random.nextInt(50) == 0) {
                deviation += 4 * sigma * (random.nextBoolean() ? 1 : -1);
            }
            c[i] = (float) (m[i] + deviation);
        }
        return new Layer(c, m, s2, sigma);
    }

    /**
     * The Gaussian channel at {@code bitsPerDimension}: iid means m_i ~ N(0, 1), proposal variance
     * s^2 = tau^2 2^(2 rate) (so that the mutual information is the rate) and targets t_i ~ N(m_i, s^2 - tau^2),
     * whose expected KL(q_i || p_i) is the rate.
     */
    static Layer channel(long seed, int n, double tau, double bitsPerDimension) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] t = new float[n];
        float[] m = new float[n];
        float[] s2 = new float[n];
        double tau2 = tau * tau;
        float variance = (float) (tau2 * Math.pow(2, 2 * bitsPerDimension));
        double spread = Math.sqrt(variance - tau2);
        for (int i = 0; i < n; i++) {
            m[i] = (float) random.nextGaussian();
            s2[i] = variance;
            t[i] = (float) (m[i] + spread * random.nextGaussian());
        }
        return new Layer(t, m, s2, tau);
    }

    /** Chunks of about {@code bitsPerChunk} bits for a layer with {@code klBits} in all, between 1 and n. */
    static int chunkCount(double klBits, double bitsPerChunk, int n) {
        return (int) Math.max(1, Math.min(n, Math.round(klBits / bitsPerChunk)));
    }

    static void assertBitIdentical(float[] expected, float[] actual, int n, String message) {
        for (int i = 0; i < n; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(message + ": value " + i + " differs: " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
