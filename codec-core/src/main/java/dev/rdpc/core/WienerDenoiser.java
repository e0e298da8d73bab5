package dev.rdpc.core;

import dev.rdpc.transform.CoefficientLayout;

/**
 * The analytic prior's denoiser (MODEL priorKindId 0, docs/format.md §7.2): the posterior mean of
 * PROPOSAL's per-frequency Gaussian, D_i = binary32(m_i + v_g / (v_g + sigma^2) (y_i - m_i)) in
 * binary64 with v_g the group's prior variance. Exact arithmetic without any library function, so
 * it is bit-identical everywhere.
 */
public final class WienerDenoiser implements CoefficientDenoiser {
    private final PerFrequencyProposal proposal;
    private final CoefficientLayout layout;
    private final double[] variances;

    public WienerDenoiser(PerFrequencyProposal proposal, CoefficientLayout layout) {
        this.proposal = proposal;
        this.layout = layout;
        this.variances = new double[layout.channels() * layout.frequencies()];
        for (int c = 0; c < layout.channels(); c++) {
            for (int f = 0; f < layout.frequencies(); f++) {
                variances[c * layout.frequencies() + f] = (float) proposal.groupVariance(c, f);
            }
        }
    }

    @Override
    public void denoise(float[] y, double sigma, float[] out) {
        int blocks = layout.blocksPerChannel();
        double s2 = sigma * sigma;
        for (int g = 0; g < variances.length; g++) {
            double v = variances[g];
            double r = v / (v + s2);
            int start = g * blocks;
            for (int i = start; i < start + blocks; i++) {
                double m = proposal.priorMean(layout, i);
                out[i] = (float) (m + r * (y[i] - m));
            }
        }
    }
}
