package dev.rdpc;

import dev.rdpc.rcc.RccParameters;

/**
 * Immutable encoder settings. Exactly one rate target: {@code sigma} (channel noise standard
 * deviation in model units, where pixel values span [-1, 1]) or {@code targetBpp} (bits per pixel
 * of the whole file).
 *
 * @param sigma            noise level, in (0, 10]; NaN when a bpp target is used
 * @param targetBpp        bits per pixel, in (0, 24]; NaN when sigma is given
 * @param seed             seed of the shared randomness (any value; default {@value #DEFAULT_SEED})
 * @param threads          encoder threads, >= 1 (default: available processors)
 * @param chunkBudgetBits  expected KL per chunk, B, in [2, 20] bits (default 8; recommended 8-12)
 * @param searchMarginBits each chunk searches 2^(KL + margin) candidates, margin in [0, 8] (default 2)
 */
public record EncodeOptions(double sigma, double targetBpp, long seed, int threads,
                            double chunkBudgetBits, int searchMarginBits) {
    public static final long DEFAULT_SEED = 0x5EED;
    public static final double DEFAULT_CHUNK_BUDGET_BITS = 8;
    public static final int DEFAULT_SEARCH_MARGIN_BITS = 2;
    /** Extra octaves above B that the index code can express; bounds the worst-case search. */
    public static final int CAP_HEADROOM_BITS = 8;

    public EncodeOptions {
        boolean hasSigma = !Double.isNaN(sigma);
        boolean hasBpp = !Double.isNaN(targetBpp);
        if (hasSigma == hasBpp) {
            throw new IllegalArgumentException("give exactly one of sigma and target bpp");
        }
        if (hasSigma && !(sigma > 0 && sigma <= 10)) {
            throw new IllegalArgumentException("sigma must lie in (0, 10]: " + sigma);
        }
        if (hasBpp && !(targetBpp > 0 && targetBpp <= 24)) {
            throw new IllegalArgumentException("bpp must lie in (0, 24]: " + targetBpp);
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must lie in [1, 1024]: " + threads);
        }
        if (!(chunkBudgetBits >= 2 && chunkBudgetBits <= 20)) {
            throw new IllegalArgumentException("chunk budget must lie in [2, 20] bits: " + chunkBudgetBits);
        }
        if (searchMarginBits < 0 || searchMarginBits > 8) {
            throw new IllegalArgumentException("search margin must lie in [0, 8] bits: " + searchMarginBits);
        }
    }

    public static EncodeOptions sigma(double sigma) {
        return new EncodeOptions(sigma, Double.NaN, DEFAULT_SEED, defaultThreads(), DEFAULT_CHUNK_BUDGET_BITS, DEFAULT_SEARCH_MARGIN_BITS);
    }

    /**
     * A quality target in [0, 100], mapped to the channel noise by {@code sigma = 10^(-quality / 50)}:
     * 0 gives sigma 1 (a few hundredths of a bit per pixel), 50 gives 0.1 (about 13/255 per pixel),
     * 100 gives 0.01 (about 1.3/255). Each 15 points of quality roughly halves sigma; the rate at a
     * given quality depends on the image. Recommended: 40-80.
     */
    public static EncodeOptions quality(double quality) {
        return sigma(sigmaForQuality(quality));
    }

    /** The sigma of {@link #quality}: {@code 10^(-quality / 50)}, quality in [0, 100]. */
    public static double sigmaForQuality(double quality) {
        if (!(quality >= 0 && quality <= 100)) {
            throw new IllegalArgumentException("quality must lie in [0, 100]: " + quality);
        }
        return Math.pow(10, -quality / 50);
    }

    public static EncodeOptions bpp(double bpp) {
        return new EncodeOptions(Double.NaN, bpp, DEFAULT_SEED, defaultThreads(), DEFAULT_CHUNK_BUDGET_BITS, DEFAULT_SEARCH_MARGIN_BITS);
    }

    public EncodeOptions withSeed(long value) {
        return new EncodeOptions(sigma, targetBpp, value, threads, chunkBudgetBits, searchMarginBits);
    }

    public EncodeOptions withThreads(int value) {
        return new EncodeOptions(sigma, targetBpp, seed, value, chunkBudgetBits, searchMarginBits);
    }

    public EncodeOptions withChunkBudgetBits(double value) {
        return new EncodeOptions(sigma, targetBpp, seed, threads, value, searchMarginBits);
    }

    public EncodeOptions withSearchMarginBits(int value) {
        return new EncodeOptions(sigma, targetBpp, seed, threads, chunkBudgetBits, value);
    }

    public boolean hasBppTarget() {
        return !Double.isNaN(targetBpp);
    }

    /**
     * The reverse-channel-coding parameters these options give, as the encoder uses them; for tools
     * that drive the channel coder directly (the curve tool's synthetic sources).
     */
    public RccParameters rccParameters() {
        // The file stores the budget as binary32; the encoder must chunk with exactly what the decoder reads.
        return new RccParameters(RccParameters.Scheme.PFR, (double) (float) chunkBudgetBits,
                (int) Math.ceil(chunkBudgetBits) + CAP_HEADROOM_BITS, RccParameters.DEFAULT_MAX_CHUNK_DIMENSIONS);
    }

    static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
