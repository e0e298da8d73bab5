package dev.rdpc.decoder.onnx;

/**
 * What an ONNX denoising network computes, as declared by the {@code parameterization} field of
 * its {@link ModelCard}. {@link OnnxDenoiser} turns every one of them into the project's single
 * convention {@code D(x; sigma) ~ E[u | u + sigma n = x]} (variance exploding), in one place
 * ({@code Parameterizations}).
 *
 * <p>Below, {@code x} and {@code sigma} are in the model's own value units (see {@link ValueRange}).
 */
public enum Parameterization {

    /**
     * EDM / Karras denoiser with its preconditioning ({@code c_skip, c_out, c_in, c_noise}) inside
     * the graph: inputs {@code x [1,C,H,W]} and the noise level (encoded as {@link NoiseEncoding#SIGMA}
     * or {@link NoiseEncoding#LOG_SIGMA_QUARTER}); output {@code D(x; sigma)} directly.
     */
    EDM,

    /**
     * Epsilon-prediction variance-preserving model (DDPM, ADM): inputs
     * {@code x_vp = sqrt(alpha_bar) x} and the fractional timestep {@code t} whose
     * {@code alpha_bar(t) = 1 / (1 + sigma^2)} under the card's {@link BetaSchedule}; output
     * {@code eps}; {@code D = x - sigma eps}.
     */
    EPSILON_VP,

    /**
     * v-prediction variance-preserving model: inputs as {@link #EPSILON_VP}; output
     * {@code v = sqrt(alpha_bar) eps - sqrt(1 - alpha_bar) x0}; {@code D = x0 = alpha_bar x - sqrt(1 - alpha_bar) v}.
     */
    V_PREDICTION_VP,

    /**
     * Clean-image model conditioned on a noise map (DRUNet style): one input of {@code C + 1}
     * channels, the image followed by a constant map holding the encoded noise level; output the
     * clean image, i.e. {@code D(x; sigma)}.
     */
    CLEAN_SIGMA_MAP,

    /**
     * Blind residual denoiser (DnCNN style): input the image only, no noise level; output the
     * noise residual {@code x - u}; {@code D = x - output}.
     */
    BLIND_RESIDUAL;

    /** Whether the model is variance preserving and fed a timestep (needs a {@link BetaSchedule}). */
    public boolean isVariancePreserving() {
        return this == EPSILON_VP || this == V_PREDICTION_VP;
    }

    /** Whether the noise level is fed through a separate input tensor ({@code noiseInput} of the card). */
    public boolean hasNoiseInput() {
        return this == EDM || isVariancePreserving();
    }

    /** Number of channels of the image input for a {@code channels}-channel image. */
    public int imageInputChannels(int channels) {
        return this == CLEAN_SIGMA_MAP ? channels + 1 : channels;
    }
}
