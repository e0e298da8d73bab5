package dev.rdpc.tools;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole input but never more than a limit: a source that does not end ({@code /dev/zero}, a FIFO, a device)
 * is refused as soon as it passes the limit, instead of being read until the heap runs out. The size a file system
 * reports is only used as a hint, because special files report 0 and regular files may grow while they are read.
 */
final class BoundedRead {
    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int FIRST_CHUNK = 1 << 16;
    private static final int LARGEST_CHUNK = 1 << 26;

    /** Thrown when the input has more than the limit; the caller words the message. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long maxBytes) {
            super("more than " + maxBytes + " bytes");
        }
    }

    private BoundedRead() {
    }

    /**
     * All bytes of {@code in}, or {@link TooLargeException} once more than {@code maxBytes} have arrived.
     *
     * @param sizeHint the expected size (a regular file's size), or a negative number when unknown; with a correct
     *                 hint the bytes are read into one array of the final size
     */
    static byte[] readAll(InputStream in, long maxBytes, long sizeHint) throws IOException {
        long limit = Math.min(maxBytes, MAX_ARRAY);
        if (sizeHint > limit) {
            throw new TooLargeException(maxBytes);
        }
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        int next = sizeHint >= 0 ? (int) sizeHint : FIRST_CHUNK;
        while (true) {
            // One byte beyond the limit is enough to know that the input is too large.
            int size = (int) Math.max(1, Math.min(next, limit + 1 - total));
            byte[] chunk = new byte[size];
            int n = in.readNBytes(chunk, 0, size);
            total += n;
            if (total > limit) {
                throw new TooLargeException(maxBytes);
            }
            if (n < size) {
                chunks.add(n == 0 ? new byte[0] : chunk);
                return join(chunks, total, n);
            }
            chunks.add(chunk);
            // After a right size hint only the end of the input is left to see; otherwise grow geometrically.
            next = total == sizeHint ? FIRST_CHUNK : (int) Math.min(LARGEST_CHUNK, Math.max(FIRST_CHUNK, total));
        }
    }

    /** The chunks as one array; every chunk but the last is full, the last holds {@code lastLength} bytes. */
    private static byte[] join(List<byte[]> chunks, long total, int lastLength) {
        if (chunks.size() == 2 && lastLength == 0 && chunks.get(0).length == total) {
            return chunks.get(0); // the size hint was right: no copy
        }
        if (chunks.size() == 1 && chunks.get(0).length == total) {
            return chunks.get(0);
        }
        byte[] all = new byte[(int) total];
        int offset = 0;
        for (int i = 0; i < chunks.size(); i++) {
            byte[] chunk = chunks.get(i);
            int length = i == chunks.size() - 1 ? lastLength : chunk.length;
            System.arraycopy(chunk, 0, all, offset, length);
            offset += length;
        }
        return all;
    }
}
