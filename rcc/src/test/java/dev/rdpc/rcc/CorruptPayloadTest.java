package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A damaged payload must end in {@link CorruptBitstreamException} or in some channel output, never in
 * another exception or a hang (docs/format.md §7.4). The payload carries no checksum of its own (the
 * container's CRC-32C covers it), so some damage decodes to a wrong output without complaint.
 */
class CorruptPayloadTest {
    private static final int MUTATIONS = 4000;

    /** Outcome of one decode: 0 decoded the original, 1 decoded something else, 2 rejected. */
    private static int attempt(byte[] payload, RccCodecTest.Problem p, long seed, RccParameters parameters, float[] original) {
        try {
            float[] y = RccDecoder.decode(payload, p.means(), p.variances(), p.sigma(), seed, parameters);
            assertEquals(p.size(), y.length);
            return Arrays.equals(y, original) ? 0 : 1;
        } catch (CorruptBitstreamException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= payload.length, "offset " + e.offset() + " outside the payload");
            assertTrue(e.reason() != null && !e.reason().isEmpty());
            return 2;
        } catch (RuntimeException | Error e) {
            fail("payload of " + payload.length + " bytes made the decoder throw " + e, e);
            return -1;
        }
    }

    @Test
    void mutatedPayloadsFailCleanly() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            SplittableRandom random = new SplittableRandom(2024);
            int[][] outcomes = new int[5][3]; // mutation kind x outcome
            int[] longTruncations = new int[2];
            int longestAccepted = 0;
            for (int problem = 0; problem < 4; problem++) {
                RccCodecTest.Problem p = RccCodecTest.problem(900 + problem, 400 + 300 * problem, problem % 2 == 0 ? 0.1 : 0.7);
                long seed = 31L * problem + 1;
                RccParameters parameters = new RccParameters(problem < 2 ? RccParameters.Scheme.PFR : RccParameters.Scheme.ORC,
                        problem == 3 ? 3 : 8, 12 + problem, 1024);
                RccEncoder.Result result = RccCodecTest.encode(p, seed, parameters, 2, 1);
                byte[] valid = result.payload();
                float[] original = result.samples();
                assertEquals(0, attempt(valid, p, seed, parameters, original));
                for (int m = 0; m < MUTATIONS / 4; m++) {
                    int kind = m % 5;
                    byte[] bad;
                    switch (kind) {
                        case 0 -> { // truncation
                            bad = Arrays.copyOf(valid, random.nextInt(valid.length));
                            if (valid.length - bad.length > 16) {
                                longTruncations[0]++;
                            }
                        }
                        case 1 -> { // a few flipped bits
                            bad = valid.clone();
                            for (int f = 1 + random.nextInt(3); f > 0; f--) {
                                bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
                            }
                        }
                        case 2 -> { // a run of random bytes
                            bad = valid.clone();
                            int at = random.nextInt(bad.length);
                            for (int i = at; i < Math.min(bad.length, at + 1 + random.nextInt(20)); i++) {
                                bad[i] = (byte) random.nextInt(256);
                            }
                        }
                        case 3 -> { // garbage with a valid first byte
                            bad = new byte[random.nextInt(2 * valid.length + 1)];
                            random.nextBytes(bad);
                            if (bad.length > 0 && random.nextInt(4) != 0) {
                                bad[0] = 0;
                            }
                        }
                        default -> { // bytes inserted or deleted in the middle
                            int at = random.nextInt(valid.length);
                            int count = 1 + random.nextInt(8);
                            if (random.nextBoolean()) {
                                bad = new byte[valid.length + count];
                                System.arraycopy(valid, 0, bad, 0, at);
                                for (int i = 0; i < count; i++) {
                                    bad[at + i] = (byte) random.nextInt(256);
                                }
                                System.arraycopy(valid, at, bad, at + count, valid.length - at);
                            } else {
                                count = Math.min(count, valid.length - at);
                                bad = new byte[valid.length - count];
                                System.arraycopy(valid, 0, bad, 0, at);
                                System.arraycopy(valid, at + count, bad, at, valid.length - at - count);
                            }
                        }
                    }
                    int outcome = attempt(bad, p, seed, parameters, original);
                    outcomes[kind][outcome]++;
                    if (kind == 0 && outcome != 2) {
                        longestAccepted = Math.max(longestAccepted, valid.length - bad.length);
                    }
                    if (kind == 0 && valid.length - bad.length > 16 && outcome == 2) {
                        longTruncations[1]++;
                    }
                    if (bad.length < 5 || bad[0] != 0) {
                        assertEquals(2, outcome, "a payload without its 5-byte preamble must be rejected");
                    }
                }
            }
            String[] names = {"truncated", "bit flips", "random run", "garbage", "insert/delete"};
            for (int kind = 0; kind < names.length; kind++) {
                System.out.printf("%-13s decoded unchanged %4d, decoded differently %4d, rejected %4d%n",
                        names[kind], outcomes[kind][0], outcomes[kind][1], outcomes[kind][2]);
            }
            System.out.printf("truncated by more than 16 bytes: %d of %d rejected; longest cut that decoded: %d bytes%n",
                    longTruncations[1], longTruncations[0], longestAccepted);
            // Cutting much more than the 4 bytes of allowed look-ahead leaves the decoder short of bytes.
            assertEquals(longTruncations[0], longTruncations[1], "a payload cut by more than 16 bytes was accepted");
            assertTrue(outcomes[0][2] > outcomes[0][0] + outcomes[0][1], "most truncations must be rejected");
        });
    }

    @Test
    void trailingBytesAreIgnored() throws CorruptBitstreamException {
        RccCodecTest.Problem p = RccCodecTest.problem(950, 500, 0.2);
        RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 8, 14, 1024);
        RccEncoder.Result result = RccCodecTest.encode(p, 5, parameters, 2, 1);
        SplittableRandom random = new SplittableRandom(1);
        for (int extra = 1; extra < 50; extra += 7) {
            byte[] longer = Arrays.copyOf(result.payload(), result.payload().length + extra);
            for (int i = result.payload().length; i < longer.length; i++) {
                longer[i] = (byte) random.nextInt(256);
            }
            float[] y = RccDecoder.decode(longer, p.means(), p.variances(), p.sigma(), 5, parameters);
            RccCodecTest.assertBitIdentical(result.samples(), y, extra + " trailing bytes");
        }
    }

    @Test
    void shortOrMisframedPayloadsAreRejectedWithAnOffset() {
        RccCodecTest.Problem p = RccCodecTest.problem(951, 300, 0.2);
        RccParameters parameters = new RccParameters(RccParameters.Scheme.PFR, 8, 14, 1024);
        for (int length = 0; length < 5; length++) {
            byte[] payload = new byte[length];
            CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class,
                    () -> RccDecoder.decode(payload, p.means(), p.variances(), p.sigma(), 1, parameters));
            assertEquals(0, e.offset());
            assertTrue(e.getMessage().startsWith("payload offset 0: "), e.getMessage());
        }
        CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class,
                () -> RccDecoder.decode(new byte[] {(byte) 0x80, 0, 0, 0, 0, 0}, p.means(), p.variances(), p.sigma(), 1, parameters));
        assertTrue(e.reason().contains("zero byte"), e.getMessage());
        // Five zero bytes decode every index as 1 while the look-ahead lasts, then run out.
        e = assertThrows(CorruptBitstreamException.class,
                () -> RccDecoder.decode(new byte[5], p.means(), p.variances(), p.sigma(), 1, parameters));
        assertEquals(5, e.offset());
    }
}
