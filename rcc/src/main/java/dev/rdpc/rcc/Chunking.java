package dev.rdpc.rcc;

import java.util.Arrays;

/**
 * Splits coefficients, in the order given, into consecutive chunks whose expected KL is about
 * the budget B (docs/format.md §7.2). The expected KL depends on the proposal only, so the decoder
 * recomputes the same boundaries without side information.
 */
public final class Chunking {
    private final int[] starts; // starts[j] = first coefficient of chunk j; starts[count] = n

    private Chunking(int[] starts) {
        this.starts = starts;
    }

    /**
     * A chunk is closed as soon as its accumulated expected KL reaches {@code budgetBits}, or when it
     * holds {@code maxDimensions} coefficients; the last chunk takes what remains.
     */
    public static Chunking of(float[] proposalVariances, double sigma, double budgetBits, int maxDimensions) {
        int n = proposalVariances.length;
        double sigma2 = sigma * sigma;
        int[] starts = new int[16];
        int count = 0;
        double accumulated = 0;
        int dims = 0;
        for (int i = 0; i < n; i++) {
            if (dims == 0) {
                if (count + 1 >= starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[count++] = i;
            }
            accumulated += Kl.expectedBits(proposalVariances[i], sigma2);
            dims++;
            if (accumulated >= budgetBits || dims >= maxDimensions) {
                accumulated = 0;
                dims = 0;
            }
        }
        starts[count] = n;
        return new Chunking(Arrays.copyOf(starts, count + 1));
    }

    public int count() {
        return starts.length - 1;
    }

    public int start(int chunk) {
        return starts[chunk];
    }

    public int end(int chunk) {
        return starts[chunk + 1];
    }

    public int dimensions(int chunk) {
        return starts[chunk + 1] - starts[chunk];
    }

    public int maxDimensions() {
        int max = 0;
        for (int j = 0; j < count(); j++) {
            max = Math.max(max, dimensions(j));
        }
        return max;
    }
}
