package dev.rdpc;

/**
 * Immutable encoder settings. Exactly one rate target: {@code sigma} (the final noise level of the
 * ladder, in model units where pixel values span [-1, 1]) or {@code targetBpp} (bits per pixel of
 * the whole file).
 *
 * @param sigma            final noise level, in (0, 10]; NaN when a bpp target is used
 * @param targetBpp        bits per pixel, in (0, 24]; NaN when sigma is given
 * @param seed             seed of the shared randomness (any value; default {@value #DEFAULT_SEED})
 * @param threads          encoder threads, >= 1 (default: available processors); the file does not depend on it
 * @param chunkBudgetBits  KL per chunk, B, in [2, 20] bits (default 9): every layer is cut into
 *                         ceil(KL / B) chunks; larger B, fewer bits per KL bit and a slower search
 *                         (2^(B + margin) candidates per chunk)
 * @param searchMarginBits each chunk searches 2^(KL + margin) candidates, margin in [0, 8] (default 3);
 *                         more margin, a closer channel, more bits
 * @param ladderRatio      sigma ratio of consecutive layers, in [0.2, 0.9] (default {@value #DEFAULT_LADDER_RATIO});
 *                         closer to 1, more layers: a few percent fewer bits, slower both ways
 * @param topSigma         sigma of layer 0, in (0, 100]; NaN = the default: {@value #DEFAULT_TOP_SIGMA}, or the
 *                         model's largest trained noise level when that is lower
 * @param tilt             compensation of the capped search's pull toward the proposal, in [0, 0.5)
 *                         (default {@value #DEFAULT_TILT}): the search aims at q' with q'^(1 - k) p^k = q
 *                         (docs/format.md §7.9); 0 searches for q itself, which inflates the realised noise
 *                         by 1-5% and correlates it with the image
 */
public record EncodeOptions(double sigma, double targetBpp, long seed, int threads, double chunkBudgetBits,
                            int searchMarginBits, double ladderRatio, double topSigma, double tilt) {
    public static final long DEFAULT_SEED = 0x5EED;
    public static final double DEFAULT_CHUNK_BUDGET_BITS = 9;
    public static final int DEFAULT_SEARCH_MARGIN_BITS = 3;
    public static final double DEFAULT_LADDER_RATIO = 0.6;
    public static final double DEFAULT_TOP_SIGMA = 4;
    public static final double DEFAULT_TILT = 0.3;
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
        if (!(ladderRatio >= 0.2 && ladderRatio <= 0.9)) {
            throw new IllegalArgumentException("ladder ratio must lie in [0.2, 0.9]: " + ladderRatio);
        }
        if (!Double.isNaN(topSigma) && !(topSigma > 0 && topSigma <= 100)) {
            throw new IllegalArgumentException("top sigma must lie in (0, 100]: " + topSigma);
        }
        if (!(tilt >= 0 && tilt < 0.5)) {
            throw new IllegalArgumentException("tilt must lie in [0, 0.5): " + tilt);
        }
    }

    public static EncodeOptions sigma(double sigma) {
        return new EncodeOptions(sigma, Double.NaN, DEFAULT_SEED, defaultThreads(), DEFAULT_CHUNK_BUDGET_BITS,
                DEFAULT_SEARCH_MARGIN_BITS, DEFAULT_LADDER_RATIO, Double.NaN, DEFAULT_TILT);
    }

    /**
     * A quality target in [0, 100], mapped to the final noise level by {@code sigma = 10^(-quality / 50)}:
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
        return new EncodeOptions(Double.NaN, bpp, DEFAULT_SEED, defaultThreads(), DEFAULT_CHUNK_BUDGET_BITS,
                DEFAULT_SEARCH_MARGIN_BITS, DEFAULT_LADDER_RATIO, Double.NaN, DEFAULT_TILT);
    }

    public EncodeOptions withSeed(long value) {
        return new EncodeOptions(sigma, targetBpp, value, threads, chunkBudgetBits, searchMarginBits, ladderRatio, topSigma, tilt);
    }

    public EncodeOptions withThreads(int value) {
        return new EncodeOptions(sigma, targetBpp, seed, value, chunkBudgetBits, searchMarginBits, ladderRatio, topSigma, tilt);
    }

    public EncodeOptions withChunkBudgetBits(double value) {
        return new EncodeOptions(sigma, targetBpp, seed, threads, value, searchMarginBits, ladderRatio, topSigma, tilt);
    }

    public EncodeOptions withSearchMarginBits(int value) {
        return new EncodeOptions(sigma, targetBpp, seed, threads, chunkBudgetBits, value, ladderRatio, topSigma, tilt);
    }

    public EncodeOptions withLadderRatio(double value) {
        return new EncodeOptions(sigma, targetBpp, seed, threads, chunkBudgetBits, searchMarginBits, value, topSigma, tilt);
    }

    public EncodeOptions withTopSigma(double value) {
        return new EncodeOptions(sigma, targetBpp, seed, threads, chunkBudgetBits, searchMarginBits, ladderRatio, value, tilt);
    }

    public EncodeOptions withTilt(double value) {
        return new EncodeOptions(sigma, targetBpp, seed, threads, chunkBudgetBits, searchMarginBits, ladderRatio, topSigma, value);
    }

    public boolean hasBppTarget() {
        return !Double.isNaN(targetBpp);
    }

    /** The index cap the file declares: every index below 2^(B + {@value #CAP_HEADROOM_BITS}). */
    public int log2Candidates() {
        return (int) Math.min(dev.rdpc.rcc.IndexModel.MAX_LOG2_CANDIDATES, Math.ceil(chunkBudgetBits) + CAP_HEADROOM_BITS);
    }

    static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
