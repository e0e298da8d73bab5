package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.core.CoefficientDenoiser;
import dev.rdpc.core.LayeredDecoder;
import dev.rdpc.core.ModelCoefficientDenoiser;
import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.TiledDenoiser;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.transform.ImageTransform;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Nothing discrete depends on the model's floating-point output (issue 16, requirement 6): a
 * decoder whose model differs from the encoder's by a relative 1e-6 in every output value (another
 * machine, another ONNX Runtime build) still reads every index, and its image lies within one 8-bit
 * level of the unperturbed decode.
 */
class PerturbedModelTest {

    /** The model's output times (1 + 1e-6 n) with a fixed pseudo-random n in [-1, 1] per call and value. */
    static final class Perturbed implements Denoiser {
        private final Denoiser inner;
        private final SplittableRandom random = new SplittableRandom(99);

        Perturbed(Denoiser inner) {
            this.inner = inner;
        }

        @Override
        public void denoise(float[] x, dev.rdpc.decoder.TensorShape shape, double sigma, float[] out) {
            inner.denoise(x, shape, sigma, out);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] * (1 + 1e-6 * (2 * random.nextDouble() - 1)));
            }
        }
    }

    @Test
    void aPerturbedModelReadsEveryIndexAndLandsWithinOneLevel() throws Exception {
        RasterImage image = TestImages.synthetic(160, 128, 3, 61);
        byte[] file;
        try (RdpcEncoder encoder = new RdpcEncoder()) {
            file = encoder.encode(image, EncodeOptions.bpp(0.6)).file();
        }
        RdpcFile parsed = ContainerReader.read(file);
        org.junit.jupiter.api.Assumptions.assumeTrue(parsed.ladder().layers().size() > 2,
                "skipped: needs a build with the embedded model, whose files have several layers");
        ImageTransform transform = new ImageTransform(3, image.width(), image.height(), parsed.transform().blockSize());
        PerFrequencyProposal proposal = PerFrequencyProposal.parse(parsed.proposal().proposalKindId(),
                parsed.proposal().data(), transform.layout());
        float[] clean;
        float[] perturbed;
        try (OnnxDenoiser model = EmbeddedModel.get().orElseThrow().open(ModelRuntime.defaults(), m -> { })) {
            Denoiser tiled = new TiledDenoiser(model, parsed.ladder().tileEdge(), parsed.ladder().tileOverlap());
            CoefficientDenoiser exact = new ModelCoefficientDenoiser(transform, tiled);
            CoefficientDenoiser noisy = new ModelCoefficientDenoiser(transform, new Perturbed(tiled));
            int layers = parsed.ladder().layers().size();
            clean = LayeredDecoder.decode(parsed.ladder(), parsed.payload(), transform.layout(), proposal, exact, layers, null);
            perturbed = LayeredDecoder.decode(parsed.ladder(), parsed.payload(), transform.layout(), proposal, noisy, layers,
                    null);
            double worst = 0;
            for (int i = 0; i < clean.length; i++) {
                worst = Math.max(worst, Math.abs(clean[i] - perturbed[i]));
            }
            System.out.printf("perturbed model: %d layers decoded, largest change of y %.3g (sigma %.3g)%n", layers, worst,
                    parsed.ladder().finalSigma());
            assertTrue(worst < 1e-4, "y moves by at most about the perturbation, got " + worst);
            // The final reconstruction, D(y; sigma) at perception 0, from both channel outputs.
            float[] a = new float[clean.length];
            float[] b = new float[clean.length];
            exact.denoise(clean, parsed.ladder().finalSigma(), a);
            noisy.denoise(perturbed, parsed.ladder().finalSigma(), b);
            RasterImage imageA = ModelSpace.toRaster(transform.crop(transform.inverseToPaddedModel(a)), image.width(),
                    image.height(), 3);
            RasterImage imageB = ModelSpace.toRaster(transform.crop(transform.inverseToPaddedModel(b)), image.width(),
                    image.height(), 3);
            int levels = 0;
            for (int i = 0; i < imageA.samples().length; i++) {
                levels = Math.max(levels, Math.abs((imageA.samples()[i] & 0xFF) - (imageB.samples()[i] & 0xFF)));
            }
            assertTrue(levels <= 1, "images differ by " + levels + " 8-bit levels");
            // and the real decoder agrees with the unperturbed path
            try (RdpcDecoder decoder = new RdpcDecoder()) {
                RasterImage decoded = decoder.decode(file, DecodeOptions.fromFile()).image();
                assertEquals(imageA, decoded, "the decoder's perception-0 image is D(y_K; sigma_K)");
            }
        }
    }
}
