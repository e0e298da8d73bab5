package dev.rdpc.rcc;

/**
 * Regenerates the channel output y from the coded indices: per chunk, only candidate K is drawn
 * (random access into the counter-based generator), so decoding costs one candidate per chunk.
 */
public final class RccDecoder {
    private RccDecoder() {}

    public static float[] decode(byte[] payload, float[] means, float[] variances, double sigma, long seed,
                                 RccParameters parameters) throws CorruptBitstreamException {
        int n = means.length;
        ProposalSampler.checkInputs(means, variances, sigma, n);
        Chunking chunks = Chunking.of(variances, sigma, parameters.chunkBudgetBits(), parameters.maxChunkDimensions());
        RangeDecoder coder = new RangeDecoder(payload, 0, payload.length);
        IndexModel model = new IndexModel(parameters.log2Candidates());
        double sigma2 = sigma * sigma;
        float[] samples = new float[n];
        float[] normals = new float[chunks.maxDimensions()];
        for (int j = 0; j < chunks.count(); j++) {
            long index = model.decode(coder, IndexModel.context(RccEncoder.expectedBits(variances, chunks, j, sigma2)));
            ProposalSampler.sample(seed, j, index, means, variances, chunks.start(j), chunks.end(j), normals, samples);
        }
        return samples;
    }

    /** Number of chunks the decoder will expect for this proposal; lets a reader check the header. */
    public static int chunkCount(float[] variances, double sigma, RccParameters parameters) {
        return Chunking.of(variances, sigma, parameters.chunkBudgetBits(), parameters.maxChunkDimensions()).count();
    }
}
