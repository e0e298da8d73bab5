package dev.rdpc;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.format.DecodeHint;
import dev.rdpc.format.FormatIds;
import java.util.Optional;

/**
 * Decode-time knobs; any left unset come from the file's suggested settings, then from the
 * defaults ({@code ode}, perception 0, 24 steps, decode seed 0).
 *
 * @param mode       traversal of the distortion-perception trade-off, or null
 * @param perception 0 = lowest distortion (MMSE end point), 1 = most realistic; NaN = unset
 * @param steps      Heun steps of the ODE, [1, 10000]; 0 = unset
 * @param allowModelMismatch decode even when the file names another model than the decoder's
 *                   (the reconstruction is then not the one the encoder intended)
 * @param decodeSeed seed of the stochastic modes (sde, map-rps); the same seed gives the same image
 */
public record DecodeOptions(DecodeMode mode, double perception, int steps, boolean allowModelMismatch, long decodeSeed) {
    public DecodeOptions {
        if (!Double.isNaN(perception) && !(perception >= 0 && perception <= 1)) {
            throw new IllegalArgumentException("perception must lie in [0, 1]: " + perception);
        }
        if (steps < 0 || steps > DecodeSettings.MAX_STEPS) {
            throw new IllegalArgumentException("steps must lie in [1, " + DecodeSettings.MAX_STEPS + "]: " + steps);
        }
    }

    public static DecodeOptions fromFile() {
        return new DecodeOptions(null, Double.NaN, 0, false, 0L);
    }

    public DecodeOptions withMode(DecodeMode value) {
        return new DecodeOptions(value, perception, steps, allowModelMismatch, decodeSeed);
    }

    public DecodeOptions withPerception(double value) {
        return new DecodeOptions(mode, value, steps, allowModelMismatch, decodeSeed);
    }

    public DecodeOptions withSteps(int value) {
        return new DecodeOptions(mode, perception, value, allowModelMismatch, decodeSeed);
    }

    public DecodeOptions withAllowModelMismatch(boolean value) {
        return new DecodeOptions(mode, perception, steps, value, decodeSeed);
    }

    public DecodeOptions withDecodeSeed(long value) {
        return new DecodeOptions(mode, perception, steps, allowModelMismatch, value);
    }

    DecodeSettings resolve(Optional<DecodeHint> hint) {
        DecodeSettings settings = DecodeSettings.defaults();
        if (hint.isPresent()) {
            DecodeHint h = hint.get();
            settings = settings.withMode(DecodeMode.fromNumericId(h.modeId()))
                    .withPerception(h.perception()).withSteps(h.steps());
        }
        if (mode != null) {
            settings = settings.withMode(mode);
        }
        if (!Double.isNaN(perception)) {
            settings = settings.withPerception(perception);
        }
        if (steps != 0) {
            settings = settings.withSteps(steps);
        }
        settings = settings.withDecodeSeed(decodeSeed);
        return settings;
    }
}
