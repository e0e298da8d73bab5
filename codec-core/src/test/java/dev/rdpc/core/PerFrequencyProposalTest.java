package dev.rdpc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.rcc.Kl;
import dev.rdpc.transform.CoefficientLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Proposal kinds 1 and 2 (docs/format.md §3.7, §7.1). */
class PerFrequencyProposalTest {
    // 3 channels, 80 x 48 pixels: 10 x 6 blocks, so 8-block regions leave partial regions on both axes.
    private static final CoefficientLayout LAYOUT = new CoefficientLayout(3, 48, 80, 8);

    /** DC values with a smooth left-to-right ramp per channel, AC noise: a regional mean helps. */
    private static float[] coefficients(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] c = new float[LAYOUT.size()];
        for (int i = 0; i < c.length; i++) {
            boolean dc = LAYOUT.frequencyIndex(i) == 0;
            c[i] = (float) (dc ? 0.5 * LAYOUT.channel(i) + 0.6 * LAYOUT.blockCol(i) + 0.1 * random.nextGaussian()
                    : 0.2 * random.nextGaussian());
        }
        return c;
    }

    @Test
    void kind2RoundTripsAndExpandsRegionMeansAsSpecified() {
        float[] c = coefficients(1);
        PerFrequencyProposal p = PerFrequencyProposal.estimateRegional(c, LAYOUT, 8);
        assertEquals(2, p.kindId());
        byte[] body = p.toBytes();
        // 3 + 2C + C F, then R and C x ceil(6/8) x ceil(10/8) offsets.
        assertEquals(3 + 6 + 3 * 64 + 1 + 3 * 2, body.length);
        assertEquals(8, body[3 + 6 + 192]);
        PerFrequencyProposal back = PerFrequencyProposal.parse(2, body, LAYOUT);
        assertArrayEquals(body, back.toBytes());
        float[] means = back.priorMeans(LAYOUT);
        assertArrayEquals(p.priorMeans(LAYOUT), means);
        for (int ch = 0; ch < 3; ch++) {
            int dcMean = (short) (((body[3 + 2 * ch] & 0xFF) << 8) | (body[4 + 2 * ch] & 0xFF));
            for (int b = 0; b < LAYOUT.blocksPerChannel(); b++) {
                int region = (ch * 1 + (b / 10) / 8) * 2 + (b % 10) / 8;
                double expected = dcMean / 256.0 + body[3 + 6 + 192 + 1 + region] / 16.0;
                assertEquals((float) expected, means[LAYOUT.groupStart(ch, 0) + b], "channel " + ch + ", block " + b);
            }
            for (int f = 1; f < 64; f++) {
                assertEquals(0f, means[LAYOUT.groupStart(ch, f)]);
            }
        }
    }

    @Test
    void regionalMeansLowerTheDcKl() {
        float[] c = coefficients(2);
        double sigma = 0.3;
        PerFrequencyProposal one = PerFrequencyProposal.estimate(c, LAYOUT);
        PerFrequencyProposal two = PerFrequencyProposal.estimateRegional(c, LAYOUT, 2);
        double klOne = Kl.totalBits(c, one.priorMeans(LAYOUT), one.proposalVariances(LAYOUT, sigma), sigma);
        double klTwo = Kl.totalBits(c, two.priorMeans(LAYOUT), two.proposalVariances(LAYOUT, sigma), sigma);
        assertTrue(klTwo < 0.9 * klOne, "KL kind 1 " + klOne + ", kind 2 " + klTwo);
        // AC groups are untouched.
        assertEquals(one.groupVariance(1, 5), two.groupVariance(1, 5));
    }

    @Test
    void malformedKind2BodiesAreRejectedWithTheReason() {
        byte[] body = PerFrequencyProposal.estimateRegional(coefficients(3), LAYOUT, 8).toBytes();
        byte[] zeroRegion = body.clone();
        zeroRegion[3 + 6 + 192] = 0;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(2, zeroRegion, LAYOUT))
                .getMessage().contains("region side is 0"));
        byte[] short1 = java.util.Arrays.copyOf(body, body.length - 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(2, short1, LAYOUT))
                .getMessage().contains("needs " + body.length));
        byte[] kind1Body = java.util.Arrays.copyOf(body, 3 + 6 + 192);
        assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(2, kind1Body, LAYOUT));
        assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(1, body, LAYOUT));
        assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(3, body, LAYOUT));
        assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.estimateRegional(coefficients(3), LAYOUT, 0));
    }
}
