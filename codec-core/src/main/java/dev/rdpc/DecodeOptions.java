package dev.rdpc;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.format.DecodeHint;
import dev.rdpc.format.FormatIds;
import java.util.Optional;

/**
 * Decode-time knobs; any left unset come from the file's suggested settings, then from the
 * defaults ({@code interp}, perception 0, 24 steps, decode seed 0).
 *
 * @param mode       traversal of the distortion-perception trade-off, or null
 * @param perception 0 = lowest distortion (MMSE end point), 1 = most realistic; NaN = unset
 * @param steps      Heun steps of the ODE, [1, 10000]; 0 = unset
 * @param allowModelMismatch decode even when the file names another model than the decoder's
 *                   (the reconstruction is then not the one the encoder intended)
 * @param decodeSeed seed of the stochastic modes (sde, map-rps); the same seed gives the same image
 * @param maxModelCalls the most denoiser calls one decode may make, in [1, {@link #MAX_MODEL_CALLS}];
 *                   0 = {@link #DEFAULT_MAX_MODEL_CALLS}. A decode costs about this many model
 *                   passes over every pixel, so it bounds the decode time per pixel: a file whose
 *                   suggested settings need more is refused before any work
 *                   ({@link ErrorCode#LIMIT_EXCEEDED}), which defuses decompression bombs. Each
 *                   layer after the first costs one call.
 * @param layers     decode only the first N layers (progressive decoding; each prefix is an exact
 *                   observation at its layer's noise level); 0 = all
 * @param maxModelWork the most model work one decode may take, in pixel-calls (model calls times
 *                   the padded image's pixels), in [1, {@link #MAX_MODEL_WORK}]; 0 =
 *                   {@link #DEFAULT_MAX_MODEL_WORK}. Model time grows with both, so this bounds
 *                   the decode time of an ONNX model where the call bound alone does not; a file
 *                   that needs more is refused before any work ({@link ErrorCode#LIMIT_EXCEEDED}).
 *                   The analytic prior's calls cost next to nothing and are not counted.
 */
public record DecodeOptions(DecodeMode mode, double perception, int steps, boolean allowModelMismatch, long decodeSeed,
                            int maxModelCalls, int layers, long maxModelWork) {
    /**
     * Default bound on denoiser calls per decode: 100 Heun steps, four times the default 24 steps
     * and twice the upper end of the recommended 12-50.
     */
    public static final int DEFAULT_MAX_MODEL_CALLS = 201;
    /** Largest accepted bound: the calls of 255 layers and {@link DecodeSettings#MAX_STEPS} Heun steps. */
    public static final int MAX_MODEL_CALLS = 254 + 2 * DecodeSettings.MAX_STEPS + 1;
    /**
     * Default bound on model work per decode: 100 million pixel-calls, about 4 minutes of the
     * embedded model on a 2-core machine (2.5 microseconds per pixel-call, docs/reliability.md).
     * A Kodak image (0.4 megapixels) at perception 1 takes about 22 million; an 8000 x 8000
     * image at perception 0 with three layers, 256 million, and needs the bound raised.
     */
    public static final long DEFAULT_MAX_MODEL_WORK = 100_000_000L;
    /** Largest accepted bound on model work: 2^50 pixel-calls. */
    public static final long MAX_MODEL_WORK = 1L << 50;

    public DecodeOptions {
        if (!Double.isNaN(perception) && !(perception >= 0 && perception <= 1)) {
            throw new IllegalArgumentException("perception must lie in [0, 1]: " + perception);
        }
        if (steps < 0 || steps > DecodeSettings.MAX_STEPS) {
            throw new IllegalArgumentException("steps must lie in [1, " + DecodeSettings.MAX_STEPS + "]: " + steps);
        }
        if (maxModelCalls < 0 || maxModelCalls > MAX_MODEL_CALLS) {
            throw new IllegalArgumentException("maxModelCalls must lie in [1, " + MAX_MODEL_CALLS + "]: " + maxModelCalls);
        }
        if (layers < 0 || layers > 255) {
            throw new IllegalArgumentException("layers must lie in [1, 255] (0 = all): " + layers);
        }
        if (maxModelWork < 0 || maxModelWork > MAX_MODEL_WORK) {
            throw new IllegalArgumentException("maxModelWork must lie in [1, 2^50] pixel-calls (0 = default): " + maxModelWork);
        }
    }

    /** Options without a bound of their own on model calls (the default bound applies). */
    public DecodeOptions(DecodeMode mode, double perception, int steps, boolean allowModelMismatch, long decodeSeed) {
        this(mode, perception, steps, allowModelMismatch, decodeSeed, 0, 0, 0L);
    }

    public static DecodeOptions fromFile() {
        return new DecodeOptions(null, Double.NaN, 0, false, 0L, 0, 0, 0L);
    }

    public DecodeOptions withMode(DecodeMode value) {
        return new DecodeOptions(value, perception, steps, allowModelMismatch, decodeSeed, maxModelCalls, layers, maxModelWork);
    }

    public DecodeOptions withPerception(double value) {
        return new DecodeOptions(mode, value, steps, allowModelMismatch, decodeSeed, maxModelCalls, layers, maxModelWork);
    }

    public DecodeOptions withSteps(int value) {
        return new DecodeOptions(mode, perception, value, allowModelMismatch, decodeSeed, maxModelCalls, layers, maxModelWork);
    }

    public DecodeOptions withAllowModelMismatch(boolean value) {
        return new DecodeOptions(mode, perception, steps, value, decodeSeed, maxModelCalls, layers, maxModelWork);
    }

    public DecodeOptions withDecodeSeed(long value) {
        return new DecodeOptions(mode, perception, steps, allowModelMismatch, value, maxModelCalls, layers, maxModelWork);
    }

    /**
     * A copy with another bound on denoiser calls per decode.
     *
     * @param value in [1, {@link #MAX_MODEL_CALLS}], or 0 for {@link #DEFAULT_MAX_MODEL_CALLS}
     */
    public DecodeOptions withMaxModelCalls(int value) {
        return new DecodeOptions(mode, perception, steps, allowModelMismatch, decodeSeed, value, layers, maxModelWork);
    }

    /**
     * A copy that decodes only the first {@code value} layers (0 = all): the reconstruction starts
     * from the exact observation at that layer's sigma, with fewer bits read and fewer model calls.
     */
    public DecodeOptions withLayers(int value) {
        return new DecodeOptions(mode, perception, steps, allowModelMismatch, decodeSeed, maxModelCalls, value, maxModelWork);
    }

    /**
     * A copy with another bound on model work per decode, in pixel-calls.
     *
     * @param value in [1, {@link #MAX_MODEL_WORK}], or 0 for {@link #DEFAULT_MAX_MODEL_WORK}
     */
    public DecodeOptions withMaxModelWork(long value) {
        return new DecodeOptions(mode, perception, steps, allowModelMismatch, decodeSeed, maxModelCalls, layers, value);
    }

    /** The bound on model work (pixel-calls) per decode that applies. */
    public long effectiveMaxModelWork() {
        return maxModelWork == 0 ? DEFAULT_MAX_MODEL_WORK : maxModelWork;
    }

    /** The bound on denoiser calls per decode that applies. */
    public int effectiveMaxModelCalls() {
        return maxModelCalls == 0 ? DEFAULT_MAX_MODEL_CALLS : maxModelCalls;
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
