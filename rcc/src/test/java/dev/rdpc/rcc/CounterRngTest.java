package dev.rdpc.rcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Known answers of the RDPC-SM64-v1 generator (docs/format.md §6.1, §6.2, table 6.4) and checks of
 * its random-access structure. A failure of a known-answer test means the shared randomness changed:
 * every file written before would decode to a different image.
 */
class CounterRngTest {

    @Test
    void constantsAreThoseOfTheSpecification() {
        assertEquals(0x9E3779B97F4A7C15L, CounterRng.GOLDEN);
        assertEquals(0xD1B54A32D192ED03L, CounterRng.CANDIDATE_STEP);
    }

    @Test
    void mix64KnownAnswers() {
        assertEquals(0x0000000000000000L, CounterRng.mix64(0));
        assertEquals(0x5692161D100B05E5L, CounterRng.mix64(1));
        assertEquals(0xB4D055FCF2CBBD7BL, CounterRng.mix64(-1));
        assertEquals(0xE220A8397B1DCDAFL, CounterRng.mix64(0x9E3779B97F4A7C15L));
    }

    @Test
    void mix64MatchesAStepByStepEvaluationOfTheSpecification() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long z = random.nextLong();
            long a = z ^ (z >>> 30);
            a *= 0xBF58476D1CE4E5B9L;
            a ^= a >>> 27;
            a *= 0x94D049BB133111EBL;
            a ^= a >>> 31;
            assertEquals(a, CounterRng.mix64(z));
        }
    }

    @Test
    void chunkKeyKnownAnswers() {
        assertEquals(0x48218226FF3CD4BFL, CounterRng.chunkKey(0, 0));
        assertEquals(0x0397AB29740681D9L, CounterRng.chunkKey(0, 1));
        assertEquals(0xDCE423FC82C0D5B8L, CounterRng.chunkKey(1, 0));
        assertEquals(0x0A352C7B27303D42L, CounterRng.chunkKey(42, 7));
        assertEquals(0x29FC86AFD6122B87L, CounterRng.chunkKey(-1, 4294967295L));
    }

    /** (seed, chunk, k) -> candidateKey, word 0, word 1, word 2; the rows of table 6.4. */
    private static final long[][] CANDIDATES = {
        {0, 0, 1, 0xBE08CCE75CF1194BL, 0x83A0B2330164FB1AL, 0x5342B7790382D145L, 0x64C73C7151005013L},
        {0, 0, 2, 0x388EA4754F00EFF8L, 0x031CD7F8ECF1DAADL, 0x642067CF895E315CL, 0xE6656C8E58E2BC20L},
        {0, 0, 1048576, 0x1A2D7D8FEF89F281L, 0xF5AD7367F8D6908AL, 0xBCD05A225138294FL, 0xB87CA2C8A7931612L},
        {0, 1, 1, 0x8EF28E050949983DL, 0x1FB59EE5AF52CE52L, 0x119DDB180F758BA2L, 0xB8D393F497FDBB55L},
        {1, 0, 2, 0xFE25671D14C13A83L, 0x8DE69270B838C357L, 0xD356352D278FEE62L, 0xAF964F3B0F511355L},
        {42, 7, 1, 0x05231F4C799AB55AL, 0xE00C2470FDDFDD85L, 0x90D011E17AA7168CL, 0xADC5AB2BE3C3488DL},
        {-1, 4294967295L, 1048576, 0x336FB9526283DCABL, 0x9620D77D4B6AB3AFL, 0xCF3332A1EB3DE1ACL, 0xE57023F46851BA3FL},
    };

    @Test
    void candidateKeyAndWordKnownAnswers() {
        for (long[] row : CANDIDATES) {
            long key = CounterRng.candidateKey(CounterRng.chunkKey(row[0], row[1]), row[2]);
            String where = "seed " + row[0] + ", chunk " + row[1] + ", k " + row[2];
            assertEquals(row[3], key, where);
            for (int index = 0; index < 3; index++) {
                assertEquals(row[4 + index], CounterRng.word(key, index), where + ", word " + index);
                assertEquals(row[4 + index], CounterRng.word(row[0], row[1], row[2], index), where + ", chained word " + index);
            }
        }
    }

    @Test
    void definitionsComposeAsSpecified() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 1000; i++) {
            long seed = random.nextLong();
            long chunk = random.nextInt(1 << 20);
            long k = 1 + random.nextInt(1 << 20);
            long index = random.nextInt(600);
            long chunkKey = CounterRng.mix64(CounterRng.mix64(seed + 0x9E3779B97F4A7C15L) ^ (chunk * 0x9E3779B97F4A7C15L));
            long candidateKey = CounterRng.mix64(chunkKey + k * 0xD1B54A32D192ED03L);
            long word = CounterRng.mix64(candidateKey + (index + 1) * 0x9E3779B97F4A7C15L);
            assertEquals(chunkKey, CounterRng.chunkKey(seed, chunk));
            assertEquals(candidateKey, CounterRng.candidateKey(chunkKey, k));
            assertEquals(word, CounterRng.word(seed, chunk, k, index));
        }
    }

    @Test
    void keysOfNearbyCountersAreDistinct() {
        for (long seed : new long[] {0, 1, -1, 0x123456789ABCDEFL}) {
            Set<Long> chunkKeys = new HashSet<>();
            Set<Long> candidateKeys = new HashSet<>();
            for (long chunk = 0; chunk < 200; chunk++) {
                long chunkKey = CounterRng.chunkKey(seed, chunk);
                assertTrue(chunkKeys.add(chunkKey), "chunk key collision at seed " + seed + ", chunk " + chunk);
                for (long k = 1; k <= 1000; k++) {
                    assertTrue(candidateKeys.add(CounterRng.candidateKey(chunkKey, k)),
                            "candidate key collision at seed " + seed + ", chunk " + chunk + ", k " + k);
                }
            }
        }
        // Neighbouring seeds must not give shifted copies of each other's chunk keys.
        Set<Long> keys = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            for (long chunk = 0; chunk < 100; chunk++) {
                assertTrue(keys.add(CounterRng.chunkKey(seed, chunk)), "collision at seed " + seed + ", chunk " + chunk);
            }
        }
    }

    @Test
    void neighbouringOutputsDifferInAboutHalfTheirBits() {
        long distance = 0;
        int pairs = 0;
        for (long chunk = 0; chunk < 100; chunk++) {
            long chunkKey = CounterRng.chunkKey(5, chunk);
            distance += Long.bitCount(chunkKey ^ CounterRng.chunkKey(5, chunk + 1));
            distance += Long.bitCount(chunkKey ^ CounterRng.chunkKey(6, chunk));
            pairs += 2;
            for (long k = 1; k <= 50; k++) {
                long key = CounterRng.candidateKey(chunkKey, k);
                distance += Long.bitCount(key ^ CounterRng.candidateKey(chunkKey, k + 1));
                distance += Long.bitCount(CounterRng.word(key, 0) ^ CounterRng.word(key, 1));
                pairs += 2;
            }
        }
        double mean = (double) distance / pairs;
        // Independent words: mean 32, standard error 4 / sqrt(pairs) ~ 0.05.
        assertTrue(Math.abs(mean - 32) < 0.5, "mean Hamming distance " + mean);
    }
}
