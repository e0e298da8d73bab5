package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The whole-file conformance vector of docs/format.md Appendix B: a small file for the analytic
 * prior, committed beside this test, and the SHA-256 of the image it decodes to. The analytic
 * prior's layers and reconstruction use only IEEE arithmetic and fdlibm, so every conforming decoder
 * on every platform produces exactly this image; the encoder, bit-exact too, still writes exactly
 * this file.
 */
class ConformanceVectorTest {
    static final String FILE = "/conformance/analytic-64x48.rdpc";
    static final String FILE_SHA256 = "be93f81815cba88ce8ddf483034eaae8a56b5bced23d75dac0ce19c8a439dced";
    static final String IMAGE_SHA256 = "74beef22a7441ad687a9b57f5bebd02d9a5fb074bcbb3b11035d6887dfe32887";

    /** The vector's source image and settings; docs/format.md Appendix B repeats them. */
    static RasterImage source() {
        return TestImages.synthetic(64, 48, 3, 2026);
    }

    static EncodeOptions options() {
        return EncodeOptions.sigma(0.1).withThreads(2);
    }

    static byte[] committed() throws IOException {
        try (InputStream in = ConformanceVectorTest.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IOException("missing test resource " + FILE);
            }
            return in.readAllBytes();
        }
    }

    @Test
    void theCommittedFileDecodesToThePinnedImage() throws Exception {
        byte[] file = committed();
        assertEquals(FILE_SHA256, DeterminismTest.sha256(file));
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            RasterImage image = decoder.decode(file, DecodeOptions.fromFile()).image();
            System.out.println("conformance image sha256 " + DeterminismTest.sha256(image.samples()));
            assertEquals(IMAGE_SHA256, DeterminismTest.sha256(image.samples()));
        }
    }

    @Test
    void theEncoderStillWritesTheCommittedFile() throws Exception {
        byte[] file = RdpcEncoder.analytic().encode(source(), options()).file();
        System.out.println("conformance file sha256 " + DeterminismTest.sha256(file) + " (" + file.length + " bytes)");
        assertArrayEquals(committed(), file);
    }

    /** Regenerates the committed file (only for a deliberate format change): java ... ConformanceVectorTest OUT. */
    public static void main(String[] args) throws Exception {
        java.nio.file.Files.write(java.nio.file.Path.of(args[0]), RdpcEncoder.analytic().encode(source(), options()).file());
    }
}
