package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.ContainerWriter;
import dev.rdpc.format.DecodeHint;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.format.ReaderLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Decompression bombs: a file may suggest 10,000 ODE steps; the decoder refuses before any model call. */
class DecodeWorkBoundTest {
    private static byte[] withHint(int modeId, int steps) throws Exception {
        byte[] file = RdpcEncoder.analytic().encode(TestImages.synthetic(48, 32, 3, 4), EncodeOptions.sigma(0.2)).file();
        RdpcFile parsed = ContainerReader.read(file, ReaderLimits.defaults());
        return ContainerWriter.write(parsed.toBuilder().decodeHint(new DecodeHint(modeId, 1f, steps)).build());
    }

    @Test
    @Timeout(10)
    void aFileSuggestingTenThousandStepsIsRefusedUpFront() throws Exception {
        byte[] bomb = withHint(FormatIds.MODE_ODE, DecodeSettings.MAX_STEPS);
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            int[] calls = {0};
            RdpcException e = assertThrows(RdpcException.class,
                    () -> decoder.decode(bomb, DecodeOptions.fromFile(), (done, total) -> calls[0]++));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
            assertEquals(0, calls[0], "no model call may run before the refusal");
            String m = e.getMessage();
            int layers = ContainerReader.read(bomb, ReaderLimits.defaults()).ladder().layers().size();
            // Each layer after the first is one model call, then 2 x 10000 + 1 for the ODE.
            assertTrue(m.contains("10000 steps") && m.contains("DECODE_HINT") && m.contains((20001 + layers - 1) + " model calls")
                    && m.contains(layers + " layers") && m.contains("1536 pixels") && m.contains("bound of 201")
                    && m.contains("--max-model-calls"), m);
        }
    }

    @Test
    void theBoundCountsCallsOfTheLayersAndTheResolvedSettingsAndCanBeRaised() throws Exception {
        byte[] file = withHint(FormatIds.MODE_ODE, 90);
        int layers = ContainerReader.read(file, ReaderLimits.defaults()).ladder().layers().size();
        int calls = layers - 1 + 181; // the layers, then 90 Heun steps: 2 x 90 + 1
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            assertEquals(90, decoder.decode(file, DecodeOptions.fromFile().withMaxModelCalls(calls)).settings().steps());
            RdpcException tight = assertThrows(RdpcException.class,
                    () -> decoder.decode(file, DecodeOptions.fromFile().withMaxModelCalls(calls - 1)));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, tight.code());
            RdpcException requested = assertThrows(RdpcException.class,
                    () -> decoder.decode(file, DecodeOptions.fromFile().withSteps(101)));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, requested.code());
            assertTrue(requested.getMessage().contains("the requested 101 steps"), requested.getMessage());
            assertEquals(101, decoder.decode(file, DecodeOptions.fromFile().withSteps(101).withMaxModelCalls(203 + layers - 1))
                    .settings().steps());
            // Perception 0 of interp is one call after the layers, whatever the steps.
            assertEquals(DecodeMode.INTERPOLATION, decoder.decode(file, DecodeOptions.fromFile().withMode(DecodeMode.INTERPOLATION)
                    .withPerception(0).withMaxModelCalls(layers)).settings().mode());
            // Fewer layers, fewer calls: the first layer alone needs no layer call.
            assertEquals(DecodeMode.INTERPOLATION, decoder.decode(file, DecodeOptions.fromFile().withMode(DecodeMode.INTERPOLATION)
                    .withPerception(0).withLayers(1).withMaxModelCalls(1)).settings().mode());
        }
    }

    /** {@code file} with its image and padding made {@code size x size}: every record still valid, the payload unchanged. */
    private static byte[] resized(byte[] file, int size) throws Exception {
        RdpcFile parsed = ContainerReader.read(file, ReaderLimits.defaults());
        return ContainerWriter.write(parsed.toBuilder()
                .image(new dev.rdpc.format.ImageInfo(size, size, parsed.image().channels(), 8))
                .padding(new dev.rdpc.format.PaddingInfo(size, size, FormatIds.PADDING_EDGE_REPLICATION)).build());
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Model time grows with calls and pixels (issue 17): a 4.4 KB file at 1 megapixel with 100 ODE
     * steps ran for a quarter of an hour under the call bound alone. The work bound refuses it up front.
     */
    @Test
    @Timeout(30)
    void modelWorkOfCallsTimesPixelsIsBoundedUpFrontAndCanBeRaised() throws Exception {
        byte[] small;
        try (RdpcEncoder learned = new RdpcEncoder()) {
            small = learned.encode(TestImages.synthetic(64, 64, 3, 21), EncodeOptions.sigma(0.3)).file();
        }
        byte[] large = resized(small, 4000);
        int layers = ContainerReader.read(large, ReaderLimits.defaults()).ladder().layers().size();
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            int[] calls = {0};
            long before = THREADS.getCurrentThreadAllocatedBytes();
            RdpcException e = assertThrows(RdpcException.class, () -> decoder.decode(large,
                    DecodeOptions.fromFile().withPerception(1), (done, total) -> calls[0]++));
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
            assertEquals(0, calls[0], "no model call may run before the refusal");
            assertTrue(allocated < (64L << 20), "refused after allocating " + allocated + " bytes");
            double sigma = ContainerReader.read(large, ReaderLimits.defaults()).ladder().finalSigma();
            long work = (layers - 1L + dev.rdpc.decoder.DiffusionDecoder.denoiserCalls(sigma,
                    DecodeSettings.defaults().withPerception(1))) * 4000 * 4000;
            assertTrue(e.getMessage().contains(String.format(java.util.Locale.ROOT, "%.1f million pixel-calls", work / 1e6))
                    && e.getMessage().contains("--max-model-work"), e.getMessage());
            // The small file's work, (layers - 1 + 1) x 4096 pixel-calls at perception 0, passes its exact bound.
            long smallWork = (long) ContainerReader.read(small, ReaderLimits.defaults()).ladder().layers().size() * 64 * 64;
            assertEquals(64, decoder.decode(small, DecodeOptions.fromFile().withMaxModelWork(smallWork)).image().width());
            RdpcException tight = assertThrows(RdpcException.class,
                    () -> decoder.decode(small, DecodeOptions.fromFile().withMaxModelWork(smallWork - 1)));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, tight.code());
        }
    }

    /**
     * Memory (issue 17): a small file may validly describe a huge image. The decoder estimates the
     * heap a decode needs and refuses up front, naming the option, instead of failing with
     * OutOfMemoryError half way.
     */
    @Test
    @Timeout(30)
    void aDecodeThatCannotFitTheHeapIsRefusedBeforeAnyImageSizedAllocation() throws Exception {
        byte[] small = RdpcEncoder.analytic().encode(TestImages.synthetic(48, 32, 3, 4), EncodeOptions.sigma(0.2)).file();
        byte[] huge = resized(small, 9992); // about 100 million pixels, the default pixel limit
        // Perception 1 keeps about ten image-sized float planes: 3 x 9992^2 x 4 x 10 bytes, 12 GB.
        long needed = 12L * 9992 * 9992 * 10;
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < needed,
                "the test JVM's heap is larger than the 12 GB this decode needs; nothing to refuse");
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            RdpcException e = assertThrows(RdpcException.class,
                    () -> decoder.decode(huge, DecodeOptions.fromFile().withPerception(1)));
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
            assertTrue(e.getMessage().contains("9992x9992") && e.getMessage().contains("MB of Java heap")
                    && e.getMessage().contains("-Xmx"), e.getMessage());
            assertTrue(allocated < (64L << 20), "refused after allocating " + allocated + " bytes");
        }
    }

    /** Issue 17: decode(InputStream) reads through the file limit, so an endless stream (like /dev/zero) ends. */
    @Test
    @Timeout(30)
    void anEndlessStreamIsReadOnlyToTheFileLimit() throws Exception {
        long[] served = {0};
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served[0] += len;
                return len; // zeros, forever
            }
        };
        int limit = 1 << 20;
        try (RdpcDecoder decoder = new RdpcDecoder(ReaderLimits.defaults().withMaxFileBytes(limit))) {
            RdpcException e = assertThrows(RdpcException.class, () -> decoder.decode(endless, DecodeOptions.fromFile()));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
            assertTrue(e.getMessage().contains("reader limit of " + limit), e.getMessage());
            assertTrue(served[0] <= limit + 1L + 8192, "read " + served[0] + " bytes for a limit of " + limit);
        }
    }

    @Test
    void boundIsValidated() {
        assertEquals(DecodeOptions.DEFAULT_MAX_MODEL_CALLS, DecodeOptions.fromFile().effectiveMaxModelCalls());
        assertEquals(7, DecodeOptions.fromFile().withMaxModelCalls(7).effectiveMaxModelCalls());
        assertThrows(IllegalArgumentException.class, () -> DecodeOptions.fromFile().withMaxModelCalls(-1));
        assertThrows(IllegalArgumentException.class,
                () -> DecodeOptions.fromFile().withMaxModelCalls(DecodeOptions.MAX_MODEL_CALLS + 1));
        assertEquals(DecodeOptions.DEFAULT_MAX_MODEL_WORK, DecodeOptions.fromFile().effectiveMaxModelWork());
        assertEquals(5, DecodeOptions.fromFile().withMaxModelWork(5).effectiveMaxModelWork());
        assertThrows(IllegalArgumentException.class, () -> DecodeOptions.fromFile().withMaxModelWork(-1));
        assertThrows(IllegalArgumentException.class,
                () -> DecodeOptions.fromFile().withMaxModelWork(DecodeOptions.MAX_MODEL_WORK + 1));
    }
}
