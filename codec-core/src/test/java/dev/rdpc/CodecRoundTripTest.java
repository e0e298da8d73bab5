package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.RasterImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodecRoundTripTest {

    static double psnr(RasterImage a, RasterImage b) {
        double squares = 0;
        for (int i = 0; i < a.sampleCount(); i++) {
            double d = a.sampleAt(i) - b.sampleAt(i);
            squares += d * d;
        }
        return 10 * Math.log10(255.0 * 255.0 / (squares / a.sampleCount()));
    }

    @Test
    void bppTargetLandsWithinFivePercent() throws Exception {
        RasterImage image = TestImages.synthetic(160, 120, 3, 1);
        for (double bpp : new double[] {0.5, 1.5}) {
            EncodeResult result = RdpcEncoder.analytic().encode(image, EncodeOptions.bpp(bpp));
            assertEquals(bpp, result.bpp(), 0.05 * bpp, "file size must land within 5% of the target");
            RasterImage decoded = new RdpcDecoder().decode(result.file(), DecodeOptions.fromFile()).image();
            assertEquals(image.width(), decoded.width());
            assertEquals(image.height(), decoded.height());
            assertTrue(psnr(image, decoded) > 20, "reconstruction PSNR " + psnr(image, decoded));
        }
    }

    @Test
    void moreBitsGiveHigherPsnrAndPerceptionTradesDistortion() throws Exception {
        RasterImage image = TestImages.synthetic(128, 128, 3, 2);
        byte[] low = RdpcEncoder.analytic().encode(image, EncodeOptions.sigma(0.3)).file();
        byte[] high = RdpcEncoder.analytic().encode(image, EncodeOptions.sigma(0.05)).file();
        assertTrue(high.length > low.length);
        RdpcDecoder decoder = new RdpcDecoder();
        double psnrLow = psnr(image, decoder.decode(low, DecodeOptions.fromFile()).image());
        double psnrHigh = psnr(image, decoder.decode(high, DecodeOptions.fromFile()).image());
        assertTrue(psnrHigh > psnrLow + 3, psnrHigh + " vs " + psnrLow);
        double realistic = psnr(image, decoder.decode(low, DecodeOptions.fromFile().withPerception(1)).image());
        assertTrue(realistic < psnrLow, "P = 1 must cost distortion: " + realistic + " vs " + psnrLow);
    }

    @Test
    void greyAndOddSizes() throws Exception {
        for (int[] size : new int[][] {{37, 23}, {1, 1}, {9, 17}}) {
            for (int channels : new int[] {1, 3}) {
                RasterImage image = TestImages.synthetic(size[0], size[1], channels, 4);
                byte[] file = RdpcEncoder.analytic().encode(image, EncodeOptions.sigma(0.05)).file();
                RasterImage decoded = new RdpcDecoder().decode(file, DecodeOptions.fromFile()).image();
                assertEquals(image.width(), decoded.width());
                assertEquals(image.height(), decoded.height());
                assertEquals(channels, decoded.channels());
            }
        }
    }

    @Test
    void malformedFilesAreRejectedWithACode() throws Exception {
        byte[] file = RdpcEncoder.analytic().encode(TestImages.synthetic(32, 32, 3, 6), EncodeOptions.sigma(0.1)).file();
        RdpcException truncated = assertThrows(RdpcException.class,
                () -> new RdpcDecoder().decode(Arrays.copyOf(file, file.length / 2), DecodeOptions.fromFile()));
        assertEquals(ErrorCode.MALFORMED_INPUT, truncated.code());
        assertTrue(truncated.getMessage().contains("offset"), truncated.getMessage());
        byte[] flipped = file.clone();
        flipped[flipped.length - 20] ^= 0x40; // inside the payload, before the END record
        RdpcException corrupted = assertThrows(RdpcException.class, () -> new RdpcDecoder().decode(flipped, DecodeOptions.fromFile()));
        assertEquals(ErrorCode.MALFORMED_INPUT, corrupted.code());
        assertTrue(corrupted.getMessage().contains("checksum"), corrupted.getMessage());
    }

    @Test
    void unreachableBppTargetIsAnInvalidArgument() {
        RdpcException e = assertThrows(RdpcException.class,
                () -> RdpcEncoder.analytic().encode(TestImages.synthetic(16, 16, 3, 7), EncodeOptions.bpp(0.01)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("smallest file"), e.getMessage());
    }
}
