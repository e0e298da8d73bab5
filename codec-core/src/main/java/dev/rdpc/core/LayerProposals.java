package dev.rdpc.core;

import dev.rdpc.rcc.LayerCoder;
import dev.rdpc.transform.CoefficientLayout;

/**
 * The per-coefficient distributions of each layer (DESIGN.md §7, docs/format.md §7.1 and §7.2), as
 * the layer coder reads them. Both sides build them from the same integers and sigmas of the file;
 * only the denoiser output D, which ONNX Runtime computes on each side, may differ in the last bits,
 * and it enters the proposal means alone.
 */
public final class LayerProposals {
    private LayerProposals() {}

    /**
     * Layer 0: target N(c, sigma_0^2) against PROPOSAL's fixed prior N(m_i, v_g + sigma_0^2).
     *
     * @param coefficients the image's coefficients (encoder), or null (decoder)
     */
    public static LayerCoder.Targets first(PerFrequencyProposal proposal, CoefficientLayout layout, double sigma0,
                                           float[] coefficients) {
        float[] groupVariance = new float[layout.channels() * layout.frequencies()];
        double sigma2 = sigma0 * sigma0;
        for (int c = 0; c < layout.channels(); c++) {
            for (int f = 0; f < layout.frequencies(); f++) {
                groupVariance[c * layout.frequencies() + f] = (float) (proposal.groupVariance(c, f) + sigma2);
            }
        }
        int blocks = layout.blocksPerChannel();
        return new LayerCoder.Targets() {
            @Override
            public int dimensions() {
                return layout.size();
            }

            @Override
            public float mean(int i) {
                return proposal.priorMean(layout, i);
            }

            @Override
            public float variance(int i) {
                return groupVariance[i / blocks];
            }

            @Override
            public double sigma() {
                return sigma0;
            }

            @Override
            public float target(int i) {
                return coefficients[i];
            }
        };
    }

    /**
     * Layer k &gt;= 1, the step sigmaPrevious -&gt; sigma: target N(rho y + (1 - rho) c, tau^2) against
     * N(rho y + (1 - rho) D, s_g^2), where y is the previous layer's output and D the denoiser's
     * estimate from it, both in coefficient order.
     *
     * @param groupVariances s_g^2 of {@link PosteriorVariance#proposalVariances}
     * @param coefficients   the image's coefficients (encoder), or null (decoder)
     */
    public static LayerCoder.Targets step(CoefficientLayout layout, float[] previous, float[] denoised,
                                          float[] groupVariances, double sigmaPrevious, double sigma,
                                          float[] coefficients) {
        PosteriorVariance.Step step = new PosteriorVariance.Step(sigmaPrevious, sigma);
        double rho = step.rho;
        double gain = step.gain;
        double tau = Math.sqrt(step.tau2);
        int blocks = layout.blocksPerChannel();
        return new LayerCoder.Targets() {
            @Override
            public int dimensions() {
                return layout.size();
            }

            @Override
            public float mean(int i) {
                return (float) (rho * previous[i] + gain * denoised[i]);
            }

            @Override
            public float variance(int i) {
                return groupVariances[i / blocks];
            }

            @Override
            public double sigma() {
                return tau;
            }

            @Override
            public float target(int i) {
                return (float) (rho * previous[i] + gain * coefficients[i]);
            }
        };
    }
}
