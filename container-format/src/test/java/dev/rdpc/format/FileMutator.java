package dev.rdpc.format;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded structure-aware mutations of rdpc files, shared by the container reader's fuzz test and the
 * whole-decode fuzz test in codec-core (this module's test jar).
 */
public final class FileMutator {
    private FileMutator() {
    }

    /**
     * One to three mutations of {@code base} (bit flips, byte overwrites, insertions, deletions, tampered record
     * lengths and ids); in 7 of 10 cases the END checksum is then recomputed so that the checks behind it run.
     * The input is not modified.
     */
    public static byte[] mutate(byte[] base, SplittableRandom r) {
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
        // the last five: the fixed lengths of format 2 (TRANSFORM, IMAGE, MODEL), a bare LADDER header and a
        // one-layer LADDER
        long[] choices = {0, old - 1, old + 1, old + r.nextInt(17) - 8, 0xFFFF_FFFFL, 0x7FFF_FFFFL, 0x8000_0000L,
                remaining, remaining + 1, r.nextInt() & 0xFFFF_FFFFL, 4, 10, 33, 18, 31};
        buf.putInt(h + 2, (int) choices[r.nextInt(choices.length)]);
        return b;
    }

    private static byte[] tamperId(byte[] b, SplittableRandom r) {
        List<Integer> headers = RawFile.headerOffsets(b);
        if (headers.isEmpty()) {
            return overwrite(b, r);
        }
        int h = headers.get(r.nextInt(headers.size()));
        // invalid 0; the known and retired ids 0x0001..0x000C (twice as likely); unknown critical ids from 0x000D;
        // ancillary ids; END
        int[] choices = {0, 1 + r.nextInt(12), 1 + r.nextInt(12), 0x000D + r.nextInt(0x7FF3), 0x8000 + r.nextInt(0x7FFF),
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
