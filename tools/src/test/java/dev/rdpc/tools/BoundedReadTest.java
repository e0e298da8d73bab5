package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedReadTest {
    @Test
    void returnsEveryByteUpToTheLimitWhateverTheSizeHint() throws Exception {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        for (long hint : new long[] {-1, 0, 1, 65_535, 199_999, 200_000}) {
            byte[] read = BoundedRead.readAll(new ByteArrayInputStream(data), 200_000, hint);
            assertArrayEquals(data, read, "size hint " + hint);
        }
        assertArrayEquals(new byte[0], BoundedRead.readAll(new ByteArrayInputStream(new byte[0]), 10, -1));
        assertArrayEquals(new byte[0], BoundedRead.readAll(new ByteArrayInputStream(new byte[0]), 10, 0));
    }

    @Test
    void refusesOneByteBeyondTheLimitWhateverTheSizeHint() {
        byte[] data = new byte[200_000];
        for (long hint : new long[] {-1, 0, 150_000, 199_999}) {
            assertThrows(BoundedRead.TooLargeException.class,
                    () -> BoundedRead.readAll(new ByteArrayInputStream(data), 199_999, hint), "size hint " + hint);
        }
        assertThrows(BoundedRead.TooLargeException.class,
                () -> BoundedRead.readAll(new ByteArrayInputStream(data), 199_999, 200_000), "a hint above the limit");
    }
}
