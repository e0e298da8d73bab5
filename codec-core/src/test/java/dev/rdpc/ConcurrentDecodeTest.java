package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.format.ReaderLimits;
import dev.rdpc.image.RasterImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One decoder shared by 8 threads, 4 decodes each: every image equals the single-threaded one. */
class ConcurrentDecodeTest {
    static final int THREADS = 8;
    static final int DECODES_PER_THREAD = 4;

    private static void sharedDecoderGivesIdenticalImages(RdpcDecoder decoder, byte[] file, DecodeOptions options)
            throws Exception {
        RasterImage reference = decoder.decode(file, options).image();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<RasterImage>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<List<RasterImage>> task = () -> {
                    start.await();
                    List<RasterImage> images = new ArrayList<>();
                    for (int i = 0; i < DECODES_PER_THREAD; i++) {
                        images.add(decoder.decode(file, options).image());
                    }
                    return images;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            int count = 0;
            for (Future<List<RasterImage>> f : futures) {
                for (RasterImage image : f.get()) {
                    assertEquals(reference, image, "decode " + count + " differs");
                    count++;
                }
            }
            assertEquals(THREADS * DECODES_PER_THREAD, count);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void analyticPrior() throws Exception {
        byte[] file;
        try (RdpcEncoder encoder = RdpcEncoder.analytic()) {
            file = encoder.encode(TestImages.synthetic(64, 48, 3, 21), EncodeOptions.sigma(0.1)).file();
        }
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            sharedDecoderGivesIdenticalImages(decoder, file, DecodeOptions.fromFile().withPerception(0.7));
            sharedDecoderGivesIdenticalImages(decoder, file,
                    DecodeOptions.fromFile().withMode(DecodeMode.SDE).withPerception(1).withDecodeSeed(3));
        }
    }

    @Test
    void onnxModel() throws Exception {
        Path edm = OnnxModelDecodeTest.model("tiny-gaussian-edm");
        byte[] file;
        try (RdpcEncoder encoder = RdpcEncoder.forModel(edm)) {
            file = encoder.encode(TestImages.synthetic(56, 40, 3, 22), EncodeOptions.sigma(0.1)).file();
        }
        try (RdpcDecoder decoder = RdpcDecoder.forModel(edm, ReaderLimits.defaults(),
                ModelRuntime.defaults().withTile(64), w -> { })) {
            sharedDecoderGivesIdenticalImages(decoder, file, DecodeOptions.fromFile().withPerception(0.5).withSteps(8));
            sharedDecoderGivesIdenticalImages(decoder, file,
                    DecodeOptions.fromFile().withMode(DecodeMode.MAP_RPS).withPerception(0.5).withSteps(8));
        }
    }
}
