package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.LadderInfo;
import org.junit.jupiter.api.Test;

/**
 * Progressive decoding (issue 16, requirement 4): every prefix of layers is an exact observation at
 * its layer's sigma, so a decode from the first N layers starts the reconstruction from y_{N-1} at
 * sigma_{N-1}, makes N - 1 layer model calls, and gets a coarser but valid image.
 */
class ProgressiveDecodeTest {

    @Test
    void everyPrefixIsAnObservationAtItsSigma() throws Exception {
        RasterImage image = TestImages.synthetic(256, 192, 1, 71);
        byte[] file = RdpcEncoder.analytic().encode(image, EncodeOptions.sigma(0.05)).file();
        LadderInfo ladder = ContainerReader.read(file).ladder();
        int layers = ladder.layers().size();
        assertTrue(layers >= 4, "a ladder from 4 down to 0.05 has several layers, got " + layers);
        double previousPsnr = 0;
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            for (int n = 1; n <= layers; n++) {
                RdpcDecoder.Channel channel = decoder.channel(file, DecodeOptions.fromFile().withLayers(n));
                assertEquals(n, channel.layers());
                assertEquals(ladder.layers().get(n - 1).sigma(), channel.sigma(), 0.0);
                ChannelCheckTest.Stats s = ChannelCheckTest.noise(channel.transform().pad(ModelSpace.toPlanar(image)),
                        channel.paddedPlanar());
                double energy = s.energy() / (channel.sigma() * channel.sigma());
                System.out.printf("first %d of %d layers: sigma %.4f, energy/sigma^2 %.4f, corr %+.4f%n", n, layers,
                        channel.sigma(), energy, s.correlation());
                assertEquals(1, energy, 0.03, "prefix " + n + ": noise energy at its own sigma");
                DecodeResult result = decoder.decode(file, DecodeOptions.fromFile().withLayers(n));
                assertEquals(n, result.layers());
                assertEquals(channel.sigma(), result.sigma(), 0.0);
                double psnr = CodecRoundTripTest.psnr(image, result.image());
                assertTrue(psnr > previousPsnr - 0.1, "more layers, no worse an image: " + psnr + " after " + previousPsnr);
                previousPsnr = psnr;
            }
            DecodeResult all = decoder.decode(file, DecodeOptions.fromFile());
            assertEquals(layers, all.layers());
            RdpcException e = assertThrows(RdpcException.class,
                    () -> decoder.decode(file, DecodeOptions.fromFile().withLayers(layers + 1)));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("has " + layers + " layers"), e.getMessage());
        }
    }

    @Test
    void fewerLayersReadFewerBytesOfThePayload() throws Exception {
        RasterImage image = TestImages.synthetic(96, 64, 3, 73);
        byte[] file = RdpcEncoder.analytic().encode(image, EncodeOptions.sigma(0.1)).file();
        var parsed = ContainerReader.read(file);
        // Corrupting the last layer's bytes must not affect a decode of the layers before it.
        long lastOffset = parsed.layerPayloadOffset(parsed.ladder().layers().size() - 1);
        byte[] payload = parsed.payload();
        for (long i = lastOffset; i < payload.length; i++) {
            payload[(int) i] ^= (byte) 0x5A;
        }
        byte[] damaged = dev.rdpc.format.ContainerWriter.write(parsed.toBuilder().payload(payload).build());
        int before = parsed.ladder().layers().size() - 1;
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            RasterImage a = decoder.decode(file, DecodeOptions.fromFile().withLayers(before)).image();
            RasterImage b = decoder.decode(damaged, DecodeOptions.fromFile().withLayers(before)).image();
            assertEquals(a, b, "layers before the damaged one decode exactly as before");
        }
    }
}
