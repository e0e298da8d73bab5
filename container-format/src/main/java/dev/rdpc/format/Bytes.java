package dev.rdpc.format;

/** Big-endian reads from a byte array; callers guarantee the indices are in bounds. */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8
                | (b[off + 3] & 0xFF);
    }

    static long u64(byte[] b, int off) {
        return u32(b, off) << 32 | u32(b, off + 4);
    }

    static float f32(byte[] b, int off) {
        return Float.intBitsToFloat((int) u32(b, off));
    }

    static double f64(byte[] b, int off) {
        return Double.longBitsToDouble(u64(b, off));
    }
}
