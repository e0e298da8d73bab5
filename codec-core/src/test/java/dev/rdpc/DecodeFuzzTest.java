package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rdpc.format.FileMutator;
import dev.rdpc.format.ReaderLimits;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the whole decode path (reader, proposal, RCC payload, channel gains, decode settings, the
 * analytic prior's ODE, the embedded ONNX model) with mutations of golden and freshly encoded files. Every input must either
 * decode to an image of the declared size or fail with an {@link RdpcException} that is not
 * {@link ErrorCode#INTERNAL}; no call may take longer than a fixed bound or allocate more than a
 * bound derived from the reader's pixel and file-length limits (docs/reliability.md).
 *
 * <p>CI runs {@value #DEFAULT_ITERATIONS} inputs. The long run is
 * {@code mvn -B -q -pl codec-core test -Dtest=DecodeFuzzTest -Drdpc.fuzz.iterations=1000000 -Drdpc.fuzz.seed=N}.
 * Inputs that once failed are kept in {@code src/test/resources/fuzz-regressions/} and replayed first.
 */
class DecodeFuzzTest {
    static final int DEFAULT_ITERATIONS = 10_000;
    static final long MAX_PIXELS = 64 * 64;
    static final long MAX_FILE_BYTES = 1 << 16;
    /**
     * Bytes one decode may allocate: proportional to the file's own length plus the image it validly
     * describes (coded values of the padded image; 0 when the container is malformed), with generous
     * per-unit costs, plus a constant for the decoder's fixed tables.
     */
    static long allocationBound(byte[] input) {
        return 64L * input.length + 128L * declaredValues(input) + (16L << 20);
    }

    /** Coded values of the padded image the file describes, or 0 when the container does not parse. */
    static long declaredValues(byte[] input) {
        try {
            dev.rdpc.format.RdpcFile f = dev.rdpc.format.ContainerReader.read(input,
                    ReaderLimits.defaults().withMaxPixels(MAX_PIXELS).withMaxFileBytes(MAX_FILE_BYTES));
            return (long) f.codedChannels() * f.padding().paddedWidth() * f.padding().paddedHeight();
        } catch (dev.rdpc.format.MalformedInputException | RuntimeException e) {
            return 0;
        }
    }
    static final long TIME_BOUND_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : new String[] {"rgb-61x45.rdpc", "grey-17x5.rdpc", "grey-17x5-unordered.rdpc"}) {
            try (InputStream in = DecodeFuzzTest.class.getResourceAsStream("/golden/" + name)) {
                assertNotNull(in, "golden file " + name + " from container-format's test jar");
                seeds.add(in.readAllBytes());
            }
        }
        RdpcEncoder analytic = RdpcEncoder.analytic();
        seeds.add(analytic.encode(TestImages.synthetic(40, 24, 3, 11), EncodeOptions.sigma(0.15)).file());
        seeds.add(analytic.encode(TestImages.synthetic(33, 17, 1, 12), EncodeOptions.sigma(0.3)).file());
        seeds.add(analytic.encode(TestImages.synthetic(64, 64, 3, 13), EncodeOptions.sigma(0.6)).file()); // proposal kind 2
        try (RdpcEncoder embedded = new RdpcEncoder()) { // the ONNX model's path, when the build embeds one
            seeds.add(embedded.encode(TestImages.synthetic(24, 16, 3, 14), EncodeOptions.sigma(0.3)).file());
        }
        return seeds;
    }

    static List<byte[]> regressions() throws IOException {
        Path dir = Path.of("src/test/resources/fuzz-regressions");
        List<byte[]> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                for (Path p : list.filter(p -> p.toString().endsWith(".rdpc")).sorted().toList()) {
                    files.add(Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    @Test
    void everyInputDecodesOrFailsWithATypedErrorWithinTimeAndMemoryBounds() throws Exception {
        long seed = Long.getLong("rdpc.fuzz.seed", 0x0DEC0DE5EEDL);
        int iterations = Integer.getInteger("rdpc.fuzz.iterations", DEFAULT_ITERATIONS);
        List<byte[]> seeds = seeds();
        List<byte[]> inputs = new ArrayList<>(regressions());
        ReaderLimits limits = ReaderLimits.defaults().withMaxPixels(MAX_PIXELS).withMaxFileBytes(MAX_FILE_BYTES);
        SplittableRandom random = new SplittableRandom(seed);
        TreeMap<String, Integer> outcomes = new TreeMap<>();
        long maxAllocated = 0;
        try (RdpcDecoder decoder = new RdpcDecoder(limits)) {
            // The golden files are valid containers with toy proposals (the decoder rejects them); the encoded seeds decode.
            for (byte[] s : seeds.subList(3, seeds.size())) {
                assertEquals("decoded", outcome(decoder, s), "every encoded seed must decode");
            }
            int total = inputs.size() + iterations;
            for (int i = 0; i < total; i++) {
                byte[] input = i < inputs.size() ? inputs.get(i)
                        : FileMutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
                long bound = allocationBound(input);
                long before = THREADS.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                String result;
                try {
                    result = outcome(decoder, input);
                } catch (Throwable t) {
                    fail("input " + i + " (seed " + seed + "): " + t + "; keep it as a regression file: "
                            + HexFormat.of().formatHex(input), t);
                    return;
                }
                long nanos = System.nanoTime() - start;
                long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                maxAllocated = Math.max(maxAllocated, allocated);
                assertTrue(nanos < TIME_BOUND_NANOS, "input " + i + " took " + nanos / 1_000_000 + " ms: "
                        + HexFormat.of().formatHex(input));
                assertTrue(allocated < bound, "input " + i + " allocated " + allocated + " bytes, bound " + bound + ": "
                        + HexFormat.of().formatHex(input));
                outcomes.merge(result, 1, Integer::sum);
            }
        }
        System.out.println("decode fuzz, seed " + seed + ", " + iterations + " mutated inputs: " + outcomes
                + "; most bytes allocated by one decode " + maxAllocated);
        // The mutations reach past the reader: some decode, and the decoder's own checks reject others.
        assertTrue(outcomes.getOrDefault("decoded", 0) > iterations / 100, outcomes.toString());
        assertTrue(outcomes.keySet().stream().filter(k -> k.startsWith("MALFORMED_INPUT")).count() >= 1, outcomes.toString());
        assertTrue(outcomes.size() >= 3, outcomes.toString());
    }

    /** "decoded", or the error code of the typed failure; anything else propagates. */
    private static String outcome(RdpcDecoder decoder, byte[] input) throws Exception {
        try {
            DecodeResult r = decoder.decode(input, DecodeOptions.fromFile().withMaxModelCalls(41));
            RasterImage image = r.image();
            assertTrue(image.width() >= 1 && image.height() >= 1 && (long) image.width() * image.height() <= MAX_PIXELS);
            return "decoded";
        } catch (RdpcException e) {
            if (e.code() == ErrorCode.INTERNAL) {
                throw new AssertionError("internal error: " + e.getMessage(), e);
            }
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            return e.code().name();
        }
    }
}
