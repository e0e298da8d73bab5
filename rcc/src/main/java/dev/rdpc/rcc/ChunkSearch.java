package dev.rdpc.rcc;

/**
 * The encoder's search of one chunk (docs/format.md §7.6, informative): per-thread scratch and the
 * Poisson-functional-representation scan over the chunk's candidates. The chunk's targets, proposal
 * means and variances come gathered in the chunk's own order (position t of the chunk is normal t of
 * every candidate).
 */
final class ChunkSearch {
    final float[] normals;
    private final float[] quadratic;
    private final float[] linear;
    private final long[] sortKeys;
    /** Per position q of the pruning order: the word index, and a, b of the four coefficients of that word. */
    private final long[] groupWord;
    private final double[] groupTerms;
    private final double[] remainingBound;
    private double totalBound;
    long searched;
    /** Candidates whose full score was computed (the others were screened out); for tests and benchmarks. */
    long scored;

    ChunkSearch(int maxDimensions) {
        maxDimensions = Math.max(1, maxDimensions);
        normals = new float[maxDimensions];
        quadratic = new float[maxDimensions];
        linear = new float[maxDimensions];
        int groups = groups(maxDimensions);
        sortKeys = new long[groups];
        groupWord = new long[groups];
        groupTerms = new double[2 * G * groups];
        remainingBound = new double[groups];
    }

    /**
     * Returns K = argmax_k log q(y_k)/p(y_k) - log T_k over k <= N. With y = m + s z, the
     * log ratio is, up to a constant, sum_i a_i z_i^2 + b_i z_i with a_i = (1 - s_i^2/sigma^2)/2
     * and b_i = s_i (c_i - m_i)/sigma^2. Since every a_i < 0 the ratio is bounded by
     * sum -b_i^2/(4 a_i); once that bound minus log T_k falls below the best score no later
     * candidate can win (T_k grows), so the search stops early without changing K.
     *
     * <p>Pruning: a candidate is scored first on the words (four coefficients each) where a random candidate
     * loses most against the bound, in binary64; as soon as that partial sum plus the bound of
     * the words not yet seen, widened by the binary32 rounding error the reference sum could
     * have, cannot pass the test a full score would face, the candidate is dropped. With the
     * worst-case bound, dropped candidates are exactly those the full score would have
     * rejected; the tail bound of long searches adds a 2^-60 chance per candidate of dropping
     * one that would have passed (see tightenWithTailBound). The survivors get the reference
     * binary32 score.
     */
    long run(float[] targets, float[] means, float[] variances, double[] targetVariances, int d, long chunkKey,
             int log2Search, boolean allowPruning) {
        double bound = 0;
        boolean bounded = true;
        for (int i = 0; i < d; i++) {
            double s2 = variances[i];
            double sigma2 = targetVariances[i];
            double a = 0.5 * (1 - s2 / sigma2);
            double b = Math.sqrt(s2) * (targets[i] - means[i]) / sigma2;
            quadratic[i] = (float) a;
            linear[i] = (float) b;
            if (a < -1e-12) {
                bound += -b * b / (4 * a);
            } else {
                bounded = false;
            }
        }
        boolean pruning = allowPruning && bounded && preparePruning(d);
        int groups = groups(d);
        // Rounding error of the reference binary32 sum, as a fraction of sum |a z^2| + |b z|:
        // (d + 3) units of 2^-24, taken 4 times over.
        double gamma = (d + 8) * 0x1.0p-22;
        long cap = 1L << log2Search;
        if (pruning && cap >= TAIL_BOUND_MIN_CANDIDATES && groups >= TAIL_BOUND_MIN_GROUPS) {
            tightenWithTailBound(groups);
        }
        return search(chunkKey, cap, d, groups, bounded, bound, pruning, gamma);
    }

    /** The candidate loop of {@link #run}, a method of its own so that the JIT compiles it as a whole. */
    private long search(long chunkKey, long cap, int d, int groups, boolean bounded, double bound,
                        boolean pruning, double gamma) {
        double arrival = 0;
        double best = Double.NEGATIVE_INFINITY;
        long bestIndex = 1;
        // Arrival increments use ArrivalLog and the rest StrictMath, so the encoder picks the same
        // K on every platform; the log of the arrival time is taken only when a candidate could
        // win (score - best must exceed log T_k, and log T_k never falls below the last value computed).
        double logArrivalFloor = Double.NEGATIVE_INFINITY;
        double exitArrival = Double.POSITIVE_INFINITY;
        double pruneBelow = Double.NEGATIVE_INFINITY;
        long fullScores = 0;
        long k = 1;
        for (; k <= cap; k++) {
            long key = CounterRng.candidateKey(chunkKey, k);
            double exponential = ArrivalLog.exponential(CounterRng.word(key, 0));
            arrival += exponential;
            if (arrival > exitArrival) {
                break; // bound - log T_k < best: no later candidate can win
            }
            if (pruneBelow > Double.NEGATIVE_INFINITY && cannotPass(key, groups, pruneBelow)) {
                continue;
            }
            fullScores++;
            float score = StandardNormal.quadraticScore(key, quadratic, linear, d);
            if (score - best > logArrivalFloor) {
                double logArrival = StrictMath.log(arrival);
                logArrivalFloor = logArrival;
                double total = score - logArrival;
                if (total > best) {
                    best = total;
                    bestIndex = k;
                    if (bounded) {
                        exitArrival = StrictMath.exp(bound - best);
                    }
                }
                if (pruning) {
                    // The test above rejects a score of at most best + floor; the reference score is at
                    // most (1 - 3 gamma)(P + M) + 8 gamma U (see cannotPass), so prune when P + M is below:
                    double threshold = best + logArrivalFloor;
                    threshold -= 1e-9 * (1 + Math.abs(best) + Math.abs(logArrivalFloor));
                    pruneBelow = (threshold - 8 * gamma * totalBound) / (1 - 3 * gamma);
                }
            }
        }
        searched = k - 1;
        scored = fullScores;
        return bestIndex;
    }

    /** Coefficients per word, the unit of the screen. */
    private static final int G = StandardNormal.PER_WORD;

    private static int groups(int d) {
        return (d + G - 1) / G;
    }

    /**
     * Orders the words by how much a random candidate loses against the bound on their four
     * coefficients, sum of b^2/(4|a|) + |a| (the bound minus the mean of a z^2 + b z), and tabulates
     * the bound of the words after each position. False when pruning cannot help (one word).
     */
    private boolean preparePruning(int d) {
        int groups = groups(d);
        if (groups < 2) {
            return false;
        }
        for (int g = 0; g < groups; g++) {
            double loss = 0;
            for (int t = G * g; t < Math.min(d, G * g + G); t++) {
                loss += termLoss(t);
            }
            // Non-negative floats order like their bit patterns; descending loss via the complement.
            sortKeys[g] = ((long) ~Float.floatToRawIntBits((float) loss) << 32) | g;
        }
        java.util.Arrays.sort(sortKeys, 0, groups);
        double after = 0;
        for (int q = groups - 1; q >= 0; q--) {
            int g = (int) sortKeys[q];
            groupWord[q] = g + 1;
            double groupBound = 0;
            for (int i = 0; i < G; i++) {
                int t = G * g + i;
                // A missing coefficient of the last word contributes (0 z + 0) z = 0.
                boolean present = t < d;
                groupTerms[2 * G * q + 2 * i] = present ? quadratic[t] : 0;
                groupTerms[2 * G * q + 2 * i + 1] = present ? linear[t] : 0;
                groupBound += present ? termBound(t) : 0;
            }
            remainingBound[q] = after;
            after += groupBound;
        }
        totalBound = after;
        return true;
    }

    /** Shorter searches and smaller chunks do not repay the tail bound's set-up (four logarithms per word and lambda). */
    static final long TAIL_BOUND_MIN_CANDIDATES = 1 << 8;
    static final int TAIL_BOUND_MIN_GROUPS = 4;
    /** ln(2^60): the tail bound fails for a candidate with probability at most 2^-60. */
    private static final double TAIL_LOG_INVERSE_PROBABILITY = 60 * 0.6931471805599453;
    /** lambda = 2^(-8 + i/2), i = 0..24: the bound holds for each, the search takes the smallest. */
    private static final double[] TAIL_LAMBDAS = new double[25];

    static {
        for (int i = 0; i < TAIL_LAMBDAS.length; i++) {
            TAIL_LAMBDAS[i] = StrictMath.pow(2, -8 + 0.5 * i);
        }
    }

    /**
     * Replaces the bound of the unseen words by a Chernoff bound where that is smaller. For z
     * standard normal and a < 0, E exp(l (a z^2 + b z)) = (1 - 2 l a)^(-1/2) exp(l^2 b^2 / (2 (1 - 2 l a))),
     * so for every l > 0 the sum of the unseen terms exceeds (ln(1/eps) + sum ln E exp(l t_i)) / l
     * with probability at most eps = 2^-60. The worst-case bound sums b^2/(4|a|) over hundreds
     * of nearly uninformative coefficients and keeps large chunks from being screened; the tail
     * bound is close to their mean plus a few standard deviations. A candidate that would have
     * passed is then dropped with probability at most 2^-60, so K equals the exhaustive
     * search's except with probability below 2^-30 for an image of up to 2^30 candidates
     * (docs/format.md §7.5). Deterministic: binary64 arithmetic and {@link ArrivalLog#log}.
     */
    private void tightenWithTailBound(int groups) {
        for (double lambda : TAIL_LAMBDAS) {
            double sum = 0;
            for (int q = groups - 1; q >= 0; q--) {
                if (q < groups - 1) {
                    double bound = (TAIL_LOG_INVERSE_PROBABILITY + sum) / lambda;
                    if (bound < remainingBound[q]) {
                        remainingBound[q] = bound;
                    }
                }
                for (int i = 0; i < G; i++) {
                    sum += logMoment(groupTerms[2 * G * q + 2 * i], groupTerms[2 * G * q + 2 * i + 1], lambda);
                }
            }
        }
    }

    private static double logMoment(double a, double b, double lambda) {
        double w = 1 - 2 * lambda * a;
        return -0.5 * ArrivalLog.log(w) + lambda * lambda * b * b / (2 * w);
    }

    private double termBound(int t) {
        double a = quadratic[t];
        double b = linear[t];
        return b * b / (4 * -a);
    }

    private double termLoss(int t) {
        return termBound(t) - quadratic[t];
    }

    /**
     * True when the candidate's reference score cannot exceed the test threshold. With t_i the
     * exact terms (a z + b) z, M_i = b^2/(4|a|) their bounds and U their sum, the binary32
     * reference sum is at most sum t_i + gamma sum (|a| z^2 + |b z|), and |a| z^2 + |b z| is at
     * most 8 M_i - 3 t_i, so the reference score is at most (1 - 3 gamma)(P + M) + 8 gamma U,
     * with P the binary64 sum over the words seen and M the bound of the others. The caller
     * folds gamma and U into {@code pruneBelow}.
     */
    private boolean cannotPass(long key, int groups, double pruneBelow) {
        double partial = 0;
        double[] terms = groupTerms;
        for (int q = 0; q < groups; q++) {
            long w = CounterRng.word(key, groupWord[q]);
            double z0 = StandardNormal.quarter(w, 0);
            double z1 = StandardNormal.quarter(w, 1);
            double z2 = StandardNormal.quarter(w, 2);
            double z3 = StandardNormal.quarter(w, 3);
            int o = 2 * G * q;
            partial += (terms[o] * z0 + terms[o + 1]) * z0 + (terms[o + 2] * z1 + terms[o + 3]) * z1
                    + (terms[o + 4] * z2 + terms[o + 5]) * z2 + (terms[o + 6] * z3 + terms[o + 7]) * z3;
            if (partial + remainingBound[q] < pruneBelow) {
                return true;
            }
        }
        return false;
    }
}
