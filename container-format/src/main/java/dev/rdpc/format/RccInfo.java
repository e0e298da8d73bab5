package dev.rdpc.format;

/**
 * RCC record (id 0x0005, docs/format.md §3.6): parameters of the reverse-channel-coding scheme.
 *
 * @param prngId {@link FormatIds#PRNG_RDPC_SM64_V1}
 * @param schemeId {@link FormatIds#SCHEME_POISSON_FUNCTIONAL_REPRESENTATION} or
 *     {@link FormatIds#SCHEME_ORDERED_RANDOM_CODING}
 * @param indexModelId {@link FormatIds#INDEX_MODEL_V1}
 * @param log2Candidates base-2 logarithm of the number of candidates per chunk, 1..40
 * @param chunkBudgetBits information budget per chunk in bits; finite, &gt; 0, &lt;= 64
 * @param seed shared-randomness seed, any 64-bit value
 * @param chunkCount number of chunks, an unsigned 32-bit value (0..2^32-1)
 */
public record RccInfo(int prngId, int schemeId, int indexModelId, int log2Candidates,
        float chunkBudgetBits, long seed, long chunkCount) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is outside its range
     */
    public RccInfo {
        Rules.require(Rules.prngId(prngId));
        Rules.require(Rules.schemeId(schemeId));
        Rules.require(Rules.indexModelId(indexModelId));
        Rules.require(Rules.log2Candidates(log2Candidates));
        Rules.require(Rules.chunkBudgetBits(chunkBudgetBits));
        Rules.require(Rules.chunkCount(chunkCount));
    }
}
