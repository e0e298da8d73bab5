package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutation fuzzing of the golden files: byte flips, overwrites, insertions, deletions and
 * tampering with record ids and length fields, with the CRC repaired in most cases so that the
 * semantic checks behind the checksum are exercised too. Only {@link MalformedInputException} may
 * escape, every call must return quickly, and whatever is accepted must round-trip.
 */
class MutationFuzzTest {
    private static final long SEED = 0x5EED_0F_2D9CL;
    private static final int ITERATIONS = 5000;
    private static final long PER_CALL_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void onlyMalformedInputExceptionEscapes() throws IOException {
        List<byte[]> bases = new ArrayList<>(TestFiles.golden().values());
        SplittableRandom random = new SplittableRandom(SEED);
        ReaderLimits tight = ReaderLimits.defaults().withMaxPixels(200).withMaxPayloadBytes(16).withMaxFileBytes(260);
        TreeSet<String> reasons = new TreeSet<>();
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] base = bases.get(random.nextInt(bases.size()));
            byte[] input = FileMutator.mutate(base, random);
            ReaderLimits limits = i % 7 == 0 ? tight : ReaderLimits.defaults();
            boolean viaStream = i % 5 == 0;
            long start = System.nanoTime();
            try {
                RdpcFile f = viaStream
                        ? ContainerReader.read(new ByteArrayInputStream(input), limits)
                        : ContainerReader.read(input, limits);
                accepted++;
                assertEquals(f, ContainerReader.read(ContainerWriter.write(f), limits), "accepted input must round-trip");
            } catch (MalformedInputException e) {
                assertTrue(e.offset() >= 0 && e.offset() <= input.length, "offset within the input: " + e.getMessage());
                assertTrue(e.reason().endsWith(")") && e.reason().contains("(format.md §"), e.reason());
                reasons.add(e.reason().replaceAll("-?[0-9][0-9A-Fa-fx.E]*", "#"));
            } catch (Throwable t) {
                fail("iteration " + i + " (seed " + SEED + ") threw " + t + " for input "
                        + java.util.HexFormat.of().formatHex(input), t);
            }
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed < PER_CALL_BOUND_NANOS, "iteration " + i + " took " + elapsed / 1_000_000 + " ms");
        }
        // the mutations reach deep into the reader, not just the signature and checksum checks
        assertTrue(reasons.size() >= 30, "distinct kinds of rejection: " + reasons);
        assertTrue(reasons.stream().filter(r -> r.startsWith("LADDER ")).count() >= 5, "LADDER rejections: " + reasons);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("belongs to format #")), "retired ids: " + reasons);
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("unsupported major version")), "versions: " + reasons);
        assertTrue(accepted < ITERATIONS / 2, "accepted " + accepted);
    }
}
