package dev.rdpc.decoder;

import java.util.stream.IntStream;

/**
 * Runs an element-wise loop over {@code [0, n)} in fixed chunks, in parallel (on the current
 * ForkJoin pool, normally the common pool) when there is more than one chunk. The body must
 * compute each element from that element's inputs only; the result is then independent of the
 * number of threads and of the chunking.
 */
final class Elementwise {

    /** Elements per chunk (even, so chunks start on Box-Muller pair boundaries). */
    static final int CHUNK = 1 << 14;

    /** A loop body over {@code [from, to)}. */
    @FunctionalInterface
    interface Body {
        void run(int from, int to);
    }

    private Elementwise() {
    }

    static void forEach(int n, Body body) {
        int chunks = (int) ((n + (long) CHUNK - 1) / CHUNK);
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * CHUNK;
            body.run(from, (int) Math.min(n, (long) from + CHUNK));
        });
    }
}
