package dev.rdpc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.rcc.Kl;
import dev.rdpc.transform.CoefficientLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Proposal kinds 1 and 2 and their coded record body (docs/format.md §3.5, §7.1, §7.7). */
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
                    : 0.2 * random.nextGaussian() / (1 + LAYOUT.frequencyIndex(i)));
        }
        return c;
    }

    @Test
    void bothKindsRoundTripThroughTheCodedBody() {
        float[] c = coefficients(1);
        for (PerFrequencyProposal p : new PerFrequencyProposal[] {PerFrequencyProposal.estimate(c, LAYOUT),
                PerFrequencyProposal.estimateRegional(c, LAYOUT, 8)}) {
            byte[] body = p.toBytes();
            assertEquals(3, body[0]);
            assertEquals(64, ((body[1] & 0xFF) << 8) | (body[2] & 0xFF));
            PerFrequencyProposal back = PerFrequencyProposal.parse(p.kindId(), body, LAYOUT);
            assertArrayEquals(body, back.toBytes());
            assertArrayEquals(p.priorMeans(LAYOUT), back.priorMeans(LAYOUT));
            assertArrayEquals(p.priorVariances(LAYOUT), back.priorVariances(LAYOUT));
            for (int i = 0; i < LAYOUT.size(); i += 97) {
                assertEquals(p.priorMeans(LAYOUT)[i], back.priorMean(LAYOUT, i), "priorMean(" + i + ")");
            }
            // 3 + 6 + 192 + (1 + 6) bytes raw; the coded body takes far less.
            System.out.printf("kind %d: coded body %d bytes%n", p.kindId(), body.length);
            assertTrue(body.length < (p.kindId() == 1 ? 120 : 130), "coded body of " + body.length + " bytes");
        }
    }

    @Test
    void kind2ExpandsRegionMeansAsSpecified() {
        float[] c = coefficients(4);
        PerFrequencyProposal p = PerFrequencyProposal.estimateRegional(c, LAYOUT, 8);
        PerFrequencyProposal plain = PerFrequencyProposal.estimate(c, LAYOUT);
        float[] means = p.priorMeans(LAYOUT);
        float[] plainMeans = plain.priorMeans(LAYOUT);
        for (int ch = 0; ch < 3; ch++) {
            for (int b = 0; b < LAYOUT.blocksPerChannel(); b++) {
                float m = means[LAYOUT.groupStart(ch, 0) + b];
                // dcMean/256 + offset/16, in binary32: within half an offset step of the region mean, off the plain mean by 1/16 steps
                double offset = (m - (double) plainMeans[LAYOUT.groupStart(ch, 0)]) * 16;
                assertEquals(Math.rint(offset), offset, 1e-4, "a region offset is a whole number of 1/16 steps");
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
    void malformedBodiesAreRejectedWithTheReason() {
        byte[] kind2 = PerFrequencyProposal.estimateRegional(coefficients(3), LAYOUT, 8).toBytes();
        byte[] kind1 = PerFrequencyProposal.estimate(coefficients(3), LAYOUT).toBytes();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(1, kind2, LAYOUT))
                .getMessage().contains("bytes after its last value"));
        assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(2, kind1, LAYOUT));
        assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(3, kind1, LAYOUT));
        byte[] wrongChannels = kind1.clone();
        wrongChannels[0] = 1;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(1, wrongChannels, LAYOUT))
                .getMessage().contains("1 channels"));
        byte[] wrongFrequencies = kind1.clone();
        wrongFrequencies[2] = 16;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(1, wrongFrequencies, LAYOUT))
                .getMessage().contains("16 frequencies"));
        assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.parse(1, new byte[2], LAYOUT));
        // Any truncation or byte change is either rejected or a different proposal: never another exception.
        for (int cut = 3; cut < kind2.length; cut++) {
            byte[] prefix = java.util.Arrays.copyOf(kind2, cut);
            try {
                PerFrequencyProposal.parse(2, prefix, LAYOUT);
            } catch (IllegalArgumentException expected) {
                // rejected with a reason
            }
        }
        assertThrows(IllegalArgumentException.class, () -> PerFrequencyProposal.estimateRegional(coefficients(3), LAYOUT, 0));
    }
}
