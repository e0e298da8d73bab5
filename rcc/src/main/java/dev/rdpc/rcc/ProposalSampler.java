package dev.rdpc.rcc;

/**
 * Candidate k of a chunk as the decoder sees it: y_i = m_i + sqrt(s_i^2) z_i (docs/format.md §7.3),
 * computed in double from binary32 inputs and rounded to binary32, identically on both sides.
 */
final class ProposalSampler {
    private ProposalSampler() {}

    static void sample(long seed, int chunk, long candidate, float[] means, float[] variances,
                       int start, int end, float[] normalsScratch, float[] out) {
        long key = CounterRng.candidateKey(CounterRng.chunkKey(seed, chunk), candidate);
        int d = end - start;
        StandardNormal.fill(key, normalsScratch, d);
        for (int i = 0; i < d; i++) {
            int c = start + i;
            out[c] = (float) (means[c] + Math.sqrt(variances[c]) * normalsScratch[i]);
        }
    }

    static void checkInputs(float[] means, float[] variances, double sigma, int n) {
        if (means.length != n || variances.length != n) {
            throw new IllegalArgumentException("means and variances must both have " + n + " entries");
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite: " + sigma);
        }
        double sigma2 = sigma * sigma;
        for (int i = 0; i < n; i++) {
            if (!(variances[i] >= sigma2 * (1 - 1e-6)) || Float.isInfinite(variances[i]) || !Float.isFinite(means[i])) {
                throw new IllegalArgumentException("proposal " + i + " must have finite mean and variance >= sigma^2 (variance "
                        + variances[i] + ", sigma^2 " + sigma2 + ")");
            }
        }
    }
}
