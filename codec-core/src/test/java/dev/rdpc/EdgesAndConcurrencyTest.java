package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.image.RasterImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Images at the size edges, and many threads encoding and decoding at once (issue 9). */
class EdgesAndConcurrencyTest {
    private static final int[][] SIZES = {{1, 1, 1}, {1, 1, 3}, {1, 17, 3}, {17, 1, 1}, {9, 7, 3}, {65, 3, 3}, {8, 8, 1}};

    @Test
    void oneByOneAndOddSizesRoundTripWithBothPriors() throws Exception {
        try (RdpcEncoder learned = new RdpcEncoder(); RdpcEncoder analytic = RdpcEncoder.analytic();
             RdpcDecoder decoder = new RdpcDecoder()) {
            for (int[] s : SIZES) {
                RasterImage image = TestImages.synthetic(s[0], s[1], s[2], 40 + s[0] * 100 + s[1]);
                for (RdpcEncoder encoder : new RdpcEncoder[] {learned, analytic}) {
                    String what = s[0] + "x" + s[1] + "x" + s[2] + (encoder == analytic ? " analytic" : " default model");
                    byte[] file = encoder.encode(image, EncodeOptions.sigma(0.1)).file();
                    for (double p : new double[] {0, 1}) {
                        RasterImage out = decoder.decode(file, DecodeOptions.fromFile().withPerception(p).withSteps(4)).image();
                        assertEquals(image.width(), out.width(), what);
                        assertEquals(image.height(), out.height(), what);
                        // A grey image travels as RGB when the model is a colour model, and comes back grey.
                        RasterImage expected = image;
                        assertEquals(expected.channels(), out.channels(), what);
                        // sigma 0.1 in [-1, 1] units is noise of about 13/255: any sane reconstruction is above 15 dB
                        assertTrue(CodecRoundTripTest.psnr(expected, out) > 15, what + " P=" + p + ": "
                                + CodecRoundTripTest.psnr(expected, out) + " dB");
                    }
                }
            }
        }
    }

    @Test
    void aGreyImageForAColourModelCostsLittleMoreThanForTheAnalyticPrior() throws Exception {
        RasterImage grey = TestImages.synthetic(64, 48, 1, 77);
        try (RdpcEncoder learned = new RdpcEncoder()) {
            // The orthonormal colour transform puts sqrt(3) x grey into luma, so noise sigma sqrt(3) there is
            // noise sigma on the grey values: the equal-quality comparison.
            EncodeResult asRgb = learned.encode(grey, EncodeOptions.sigma(0.2 * Math.sqrt(3)));
            EncodeResult asGrey = RdpcEncoder.analytic().encode(grey, EncodeOptions.sigma(0.2));
            var parsed = dev.rdpc.format.ContainerReader.read(asRgb.file(), dev.rdpc.format.ReaderLimits.defaults());
            assertEquals(1, parsed.image().channels());
            assertEquals(3, parsed.codedChannels());
            // The chroma planes are zero, so they add almost no KL; their chunks (1024 coefficients at most each)
            // add one short index apiece.
            assertTrue(asRgb.klBits() < 1.02 * asGrey.klBits(), asRgb.klBits() + " vs " + asGrey.klBits());
            assertTrue(asRgb.payloadBits() < 1.15 * asGrey.payloadBits(), asRgb.payloadBits() + " vs " + asGrey.payloadBits());
        }
    }

    @Test
    void anRgbImageForAGreyModelIsRefusedAtEncodeAndAGreyOneIsCodedAsGrey() throws Exception {
        java.nio.file.Path grey = OnnxModelDecodeTest.model("tiny-gaussian-clean01"); // a 1-channel model
        RdpcEncoder encoder = RdpcEncoder.forModel(grey);
        RdpcException e = org.junit.jupiter.api.Assertions.assertThrows(RdpcException.class,
                () -> encoder.encode(TestImages.synthetic(16, 16, 3, 5), EncodeOptions.sigma(0.2)));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("1-channel images") && e.getMessage().contains("3-channel"), e.getMessage());
        byte[] file = encoder.encode(TestImages.synthetic(16, 16, 1, 5), EncodeOptions.sigma(0.2)).file();
        assertEquals(1, dev.rdpc.format.ContainerReader.read(file, dev.rdpc.format.ReaderLimits.defaults()).image().channels());
    }

    /**
     * Grey stays grey (issue 17): a grey image coded for the colour model says so in the file
     * (colourTransformId 2) and decodes to one channel, the mean of the three decoded planes;
     * before, it came back as RGB with |R - G| up to 21 levels.
     */
    @Test
    void aGreyImageCodedForTheColourModelDecodesToGrey() throws Exception {
        RasterImage grey = TestImages.synthetic(48, 40, 1, 31);
        try (RdpcEncoder learned = new RdpcEncoder(); RdpcDecoder decoder = new RdpcDecoder()) {
            byte[] file = learned.encode(grey, EncodeOptions.sigma(0.15)).file();
            var parsed = dev.rdpc.format.ContainerReader.read(file, dev.rdpc.format.ReaderLimits.defaults());
            assertEquals(1, parsed.image().channels());
            assertEquals(dev.rdpc.format.FormatIds.COLOUR_TRANSFORM_GREY_AS_RGB, parsed.transform().colourTransformId());
            assertEquals(3, parsed.codedChannels());
            for (double p : new double[] {0, 1}) {
                RasterImage out = decoder.decode(file, DecodeOptions.fromFile().withPerception(p).withSteps(4)).image();
                assertEquals(1, out.channels(), "P=" + p);
                assertTrue(CodecRoundTripTest.psnr(grey, out) > 20, "P=" + p + ": " + CodecRoundTripTest.psnr(grey, out) + " dB");
            }
        }
    }

    private record Job(RasterImage image, boolean analytic, double perception) {
    }

    private record Outcome(byte[] file, RasterImage image) {
    }

    private static Outcome run(Job job, RdpcEncoder learned, RdpcEncoder analytic, RdpcDecoder decoder) throws Exception {
        RdpcEncoder encoder = job.analytic() ? analytic : learned;
        byte[] file = encoder.encode(job.image(), EncodeOptions.sigma(0.25).withThreads(2)).file();
        DecodeOptions options = DecodeOptions.fromFile().withMode(DecodeMode.INTERPOLATION).withPerception(job.perception())
                .withSteps(3);
        return new Outcome(file, decoder.decode(file, options).image());
    }

    @Test
    void eightThreadsEncodingAndDecodingAtOnceGiveTheSingleThreadResults() throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            jobs.add(new Job(TestImages.synthetic(24 + 8 * (i % 3), 16 + 8 * (i % 2), i % 4 == 3 ? 1 : 3, 900 + i),
                    i % 2 == 0, i % 4 < 2 ? 0.0 : 1.0));
        }
        try (RdpcEncoder learned = new RdpcEncoder(); RdpcEncoder analytic = RdpcEncoder.analytic();
             RdpcDecoder decoder = new RdpcDecoder()) {
            List<Outcome> alone = new ArrayList<>();
            for (Job job : jobs) {
                alone.add(run(job, learned, analytic, decoder));
            }
            ExecutorService pool = Executors.newFixedThreadPool(jobs.size());
            CountDownLatch start = new CountDownLatch(1);
            try {
                for (int round = 0; round < 3; round++) {
                    List<Future<Outcome>> futures = new ArrayList<>();
                    for (Job job : jobs) {
                        futures.add(pool.submit(() -> {
                            start.await();
                            return run(job, learned, analytic, decoder);
                        }));
                    }
                    start.countDown();
                    for (int i = 0; i < jobs.size(); i++) {
                        Outcome together = futures.get(i).get();
                        assertArrayEquals(alone.get(i).file(), together.file(), "file of job " + i + ", round " + round);
                        assertEquals(alone.get(i).image(), together.image(), "image of job " + i + ", round " + round);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
