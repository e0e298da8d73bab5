package dev.rdpc.rcc;

/**
 * Parameters of the reverse-channel coder that the decoder must know (they travel in the file's
 * RCC record, docs/format.md §3.6 and §7).
 *
 * @param scheme           how candidates' arrival times are formed
 * @param chunkBudgetBits  target expected KL per chunk, B in DESIGN.md §3 (recommended 6-12)
 * @param log2Candidates   the search tries at most 2^log2Candidates candidates per chunk
 * @param maxChunkDimensions a chunk never holds more coefficients than this
 */
public record RccParameters(Scheme scheme, double chunkBudgetBits, int log2Candidates, int maxChunkDimensions) {
    /** Arrival-time rule of the candidate search. */
    public enum Scheme {
        /** Poisson functional representation: T_k = E_1 + ... + E_k (Li and El Gamal). */
        PFR(1),
        /** Ordered random coding: T_k = sum_{j<=k} E_j / (N - j + 1), the sorted exponentials of N draws. */
        ORC(2);

        private final int id;

        Scheme(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }

        public static Scheme ofId(int id) {
            for (Scheme s : values()) {
                if (s.id == id) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown RCC scheme id " + id);
        }
    }

    public static final int MAX_LOG2_CANDIDATES = 30;
    public static final double MAX_CHUNK_BUDGET_BITS = 64;
    public static final int DEFAULT_MAX_CHUNK_DIMENSIONS = 1024;

    public RccParameters {
        if (scheme == null) {
            throw new IllegalArgumentException("scheme must not be null");
        }
        // The RCC record admits any finite budget in (0, 64] (docs/format.md §3.6); a decoder must accept them all.
        if (!(chunkBudgetBits > 0 && chunkBudgetBits <= MAX_CHUNK_BUDGET_BITS)) {
            throw new IllegalArgumentException("chunk budget must lie in (0, " + (int) MAX_CHUNK_BUDGET_BITS + "] bits: " + chunkBudgetBits);
        }
        if (log2Candidates < 1 || log2Candidates > MAX_LOG2_CANDIDATES) {
            throw new IllegalArgumentException("log2 candidates must lie in [1, " + MAX_LOG2_CANDIDATES + "]: " + log2Candidates);
        }
        if (maxChunkDimensions < 1 || maxChunkDimensions > 1 << 20) {
            throw new IllegalArgumentException("max chunk dimensions must lie in [1, 2^20]: " + maxChunkDimensions);
        }
    }

    /** Budget B with 2^(B + extraBits) candidates, rounded up. */
    public static RccParameters of(Scheme scheme, double chunkBudgetBits, int extraBits) {
        return new RccParameters(scheme, chunkBudgetBits, (int) Math.ceil(chunkBudgetBits) + extraBits, DEFAULT_MAX_CHUNK_DIMENSIONS);
    }

    public long candidateCap() {
        return 1L << log2Candidates;
    }
}
