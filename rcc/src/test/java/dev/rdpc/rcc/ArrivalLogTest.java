package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The search's logarithm (docs/format.md §7.5): accurate, and the same bits on every platform. */
class ArrivalLogTest {

    @Test
    void agreesWithStrictMathWithinTwoUnitsInTheLastPlace() {
        double worst = 0;
        for (long i = 0; i < 2_000_000; i++) {
            long word = CounterRng.mix64(i);
            double u = ((word >>> 11) + 0.5) * 0x1.0p-53;
            worst = Math.max(worst, Math.abs(ArrivalLog.log(u) - StrictMath.log(u)) / Math.ulp(Math.max(1, Math.abs(StrictMath.log(u)))));
        }
        // Cell edges, the top of the range and the smallest argument the search can form.
        double[] edges = {1.0, Math.nextDown(1.0), 0.5, Math.nextUp(0.5), 1 + 1.0 / 256, 0x1.0p-54, 0x1.0p-1022, 3.0, 1e300};
        for (double x : edges) {
            worst = Math.max(worst, Math.abs(ArrivalLog.log(x) - StrictMath.log(x)) / Math.ulp(Math.max(1, Math.abs(StrictMath.log(x)))));
        }
        // In units in the last place of max(1, |log x|).
        assertTrue(worst <= 2, "largest difference " + worst + " ulp");
        // The largest word gives u = 1 after rounding, and an increment of exactly 0 (as StrictMath gives).
        assertEquals(0.0, ArrivalLog.exponential(-1L), 0.0);
        assertTrue(ArrivalLog.exponential(0L) > 36);
    }

    @Test
    void exponentialsArePinnedBitForBit() throws Exception {
        // Known answer: the SHA-256 of the first 100,000 arrival increments of key 42's words 0. The
        // value depends only on IEEE binary64 arithmetic and StrictMath, so every JVM must reproduce it.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocate(8);
        for (long k = 1; k <= 100_000; k++) {
            buffer.clear();
            buffer.putDouble(ArrivalLog.exponential(CounterRng.word(CounterRng.candidateKey(42, k), 0)));
            sha.update(buffer.array());
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        System.out.println("arrival increments SHA-256: " + digest);
        assertEquals(EXPECTED_DIGEST, digest);
    }

    static final String EXPECTED_DIGEST = "9fd7b3a6cdb0c1c3093433e94acd44a3b520d65cdf0426c2620ebb820eb68a6b";
}
