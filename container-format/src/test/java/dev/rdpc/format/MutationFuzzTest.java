package dev.rdpc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
            byte[] input = mutate(base, random);
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
        assertTrue(accepted < ITERATIONS / 2, "accepted " + accepted);
    }

    static byte[] mutate(byte[] base, SplittableRandom r) {
        byte[] b = base.clone();
        int count = 1 + r.nextInt(3);
        for (int m = 0; m < count; m++) {
            b = switch (r.nextInt(6)) {
                case 0 -> flipBit(b, r);
                case 1 -> overwrite(b, r);
                case 2 -> insert(b, r);
                case 3 -> delete(b, r);
                case 4 -> tamperLength(b, r);
                default -> tamperId(b, r);
            };
        }
        if (r.nextInt(10) < 7) {
            repairCrc(b);
        }
        return b;
    }

    private static byte[] flipBit(byte[] b, SplittableRandom r) {
        if (b.length > 0) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
    }

    private static byte[] overwrite(byte[] b, SplittableRandom r) {
        if (b.length > 0) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static byte[] insert(byte[] b, SplittableRandom r) {
        int at = r.nextInt(b.length + 1);
        int n = 1 + r.nextInt(8);
        byte[] out = new byte[b.length + n];
        System.arraycopy(b, 0, out, 0, at);
        for (int i = 0; i < n; i++) {
            out[at + i] = (byte) r.nextInt(256);
        }
        System.arraycopy(b, at, out, at + n, b.length - at);
        return out;
    }

    private static byte[] delete(byte[] b, SplittableRandom r) {
        if (b.length == 0) {
            return b;
        }
        int at = r.nextInt(b.length);
        int n = Math.min(1 + r.nextInt(8), b.length - at);
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }

    private static byte[] tamperLength(byte[] b, SplittableRandom r) {
        List<Integer> headers = RawFile.headerOffsets(b);
        if (headers.isEmpty()) {
            return overwrite(b, r);
        }
        int h = headers.get(r.nextInt(headers.size()));
        ByteBuffer buf = ByteBuffer.wrap(b);
        long old = buf.getInt(h + 2) & 0xFFFF_FFFFL;
        long remaining = b.length - (h + 6L);
        long[] choices = {0, old - 1, old + 1, old + r.nextInt(17) - 8, 0xFFFF_FFFFL, 0x7FFF_FFFFL, 0x8000_0000L,
                remaining, remaining + 1, r.nextInt() & 0xFFFF_FFFFL, 4, 10, 33};
        buf.putInt(h + 2, (int) choices[r.nextInt(choices.length)]);
        return b;
    }

    private static byte[] tamperId(byte[] b, SplittableRandom r) {
        List<Integer> headers = RawFile.headerOffsets(b);
        if (headers.isEmpty()) {
            return overwrite(b, r);
        }
        int h = headers.get(r.nextInt(headers.size()));
        int[] choices = {0, 1 + r.nextInt(10), 1 + r.nextInt(10), 0x000B + r.nextInt(0x7FF5), 0x8000 + r.nextInt(0x7FFF),
                0xFFFF};
        ByteBuffer.wrap(b).putShort(h, (short) choices[r.nextInt(choices.length)]);
        return b;
    }

    /** Recomputes the END CRC when the file still ends with a complete END record. */
    private static void repairCrc(byte[] b) {
        List<Integer> headers = RawFile.headerOffsets(b);
        if (headers.isEmpty()) {
            return;
        }
        int e = headers.get(headers.size() - 1);
        if (e + 10 == b.length && (b[e] & 0xFF) == 0xFF && (b[e + 1] & 0xFF) == 0xFF) {
            ByteBuffer.wrap(b).putInt(e + 6, RawFile.crc(java.util.Arrays.copyOf(b, e)));
        }
    }
}
