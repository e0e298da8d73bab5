package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening item 8: an ICC profile was dropped without a word, and a PNG with an alpha channel was refused even when
 * every pixel is opaque. Also item 9's --quiet, which silences both.
 */
class ImageWarningsTest {
    @TempDir
    Path dir;

    /** The PNG with an iCCP chunk (a real linear-RGB profile named {@code name}) right after IHDR. */
    private static byte[] withIccProfile(byte[] png, String name) throws Exception {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(("iCCP" + name + "\0\0").getBytes(StandardCharsets.ISO_8859_1));
        try (DeflaterOutputStream z = new DeflaterOutputStream(data)) {
            z.write(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());
        }
        byte[] body = data.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        int afterIhdr = 33;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        out.write(ByteBuffer.allocate(4).putInt(body.length - 4).array());
        out.write(body);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    @Test
    void compressWarnsThatAnIccProfileWasDroppedUnlessQuiet() throws Exception {
        Path plain = CliHarness.png(dir, "plain.png", 40, 24, 3);
        Path tagged = dir.resolve("tagged.png");
        Files.write(tagged, withIccProfile(Files.readAllBytes(plain), "Linear RGB"));
        CliHarness.Run r = run("compress", tagged, dir.resolve("a.rdpc"), "--sigma", "0.2");
        assertEquals(0, r.code(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().startsWith("rdpc: warning: " + tagged + ": the embedded ICC colour profile \"Linear RGB\" "
                + "was dropped"), r::toString);
        CliHarness.Run quiet = run("compress", "--quiet", tagged, dir.resolve("b.rdpc"), "--sigma", "0.2");
        assertEquals(0, quiet.code(), quiet::toString);
        assertEquals("", quiet.err(), "--quiet silences warnings");
        CliHarness.Run untagged = run("compress", plain, dir.resolve("c.rdpc"), "--sigma", "0.2");
        assertEquals("", untagged.err(), "no profile, no warning");
        assertArrayEquals(Files.readAllBytes(dir.resolve("c.rdpc")), Files.readAllBytes(dir.resolve("a.rdpc")),
                "the samples are coded as stored");
    }

    @Test
    void anOpaqueAlphaChannelIsDroppedWithANoteAndCodedLikeTheRgbImage() throws Exception {
        RasterImage rgb = CliHarness.image(40, 24, 3, 5);
        BufferedImage argb = new BufferedImage(40, 24, BufferedImage.TYPE_INT_ARGB);
        byte[] s = rgb.samples();
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 40; x++) {
                int i = (y * 40 + x) * 3;
                argb.setRGB(x, y, 0xFF000000 | (s[i] & 0xFF) << 16 | (s[i + 1] & 0xFF) << 8 | (s[i + 2] & 0xFF));
            }
        }
        Path opaque = dir.resolve("opaque.png");
        assertTrue(ImageIO.write(argb, "png", opaque.toFile()));
        Path plain = dir.resolve("plain.png");
        ImageFiles.writePng(rgb, plain);
        CliHarness.Run r = run("compress", opaque, dir.resolve("opaque.rdpc"), "--sigma", "0.2");
        assertEquals(0, r.code(), r::toString);
        assertEquals("rdpc: note: " + opaque + ": the alpha channel is fully opaque and was dropped", r.err().strip());
        assertEquals(0, run("compress", plain, dir.resolve("plain.rdpc"), "--sigma", "0.2").code());
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain.rdpc")), Files.readAllBytes(dir.resolve("opaque.rdpc")));
        assertEquals("", run("compress", "--quiet", opaque, dir.resolve("q.rdpc"), "--sigma", "0.2").err());

        argb.setRGB(0, 0, 0x7F000000);
        Path translucent = dir.resolve("translucent.png");
        assertTrue(ImageIO.write(argb, "png", translucent.toFile()));
        CliHarness.Run refused = run("compress", translucent, dir.resolve("t.rdpc"), "--sigma", "0.2");
        assertEquals(2, refused.code(), refused::toString);
        assertEquals("rdpc: " + translucent + ": " + ImageFiles.ALPHA_MESSAGE, refused.err().strip());
        assertTrue(!Files.exists(dir.resolve("t.rdpc")));
        assertEquals(Arrays.asList(), CliHarness.temporaries(dir));
    }
}
