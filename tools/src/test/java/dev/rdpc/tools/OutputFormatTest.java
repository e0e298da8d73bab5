package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.listing;
import static dev.rdpc.tools.CliHarness.png;
import static dev.rdpc.tools.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Hardening item 6: decompress wrote PNG bytes into out.jpg; the format now follows OUT's extension or --format. */
class OutputFormatTest {
    private static final String SUPPORTED = ".png, .ppm, .pgm, .jpg, .jpeg";

    @TempDir
    Path dir;

    private Path encoded(String name, int channels) throws Exception {
        Path in = png(dir, name + ".png", 48, 32, channels);
        Path rdpc = dir.resolve(name + ".rdpc");
        CliHarness.Run c = run("compress", in, rdpc, "--sigma", "0.05");
        assertEquals(0, c.code(), c::toString);
        return rdpc;
    }

    private static String magic(Path file, int n) throws Exception {
        return new String(Arrays.copyOf(Files.readAllBytes(file), n), StandardCharsets.ISO_8859_1);
    }

    @Test
    void jpgAndJpegExtensionsWriteJpegCloseToThePng() throws Exception {
        Path rdpc = encoded("rgb", 3);
        assertEquals(0, run("decompress", rdpc, dir.resolve("out.png")).code());
        RasterImage reference = ImageFiles.read(dir.resolve("out.png"));
        for (String name : new String[] {"out.jpg", "OUT.JPEG"}) {
            CliHarness.Run d = run("decompress", rdpc, dir.resolve(name));
            assertEquals(0, d.code(), d::toString);
            byte[] bytes = Files.readAllBytes(dir.resolve(name));
            assertEquals(0xFF, bytes[0] & 0xFF, name + " starts with a JPEG SOI marker");
            assertEquals(0xD8, bytes[1] & 0xFF, name);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            ImageFiles.writeJpeg(reference, expected, 0.95f);
            assertArrayEquals(expected.toByteArray(), bytes, name + ": ImageIO's JPEG at the documented quality 0.95");
            RasterImage jpeg = ImageFiles.read(dir.resolve(name));
            assertEquals(48, jpeg.width());
            assertEquals(3, jpeg.channels());
            assertTrue(ImageCompare.psnr(reference, jpeg) > 30, "PSNR " + ImageCompare.psnr(reference, jpeg));
        }
        String help = RdpcCli.newCommandLine().getSubcommands().get("decompress").getUsageMessage();
        assertTrue(help.contains("quality 0.95"), help);
    }

    @Test
    void ppmAndPgmFollowTheExtensionAndGreyExpandsToPpm() throws Exception {
        Path grey = encoded("grey", 1);
        assertEquals(0, run("decompress", grey, dir.resolve("g.pgm")).code());
        assertEquals("P5", magic(dir.resolve("g.pgm"), 2));
        assertEquals(0, run("decompress", grey, dir.resolve("g.ppm")).code());
        assertEquals("P6", magic(dir.resolve("g.ppm"), 2));
        RasterImage expanded = ImageFiles.read(dir.resolve("g.ppm"));
        assertArrayEquals(ImageFiles.read(dir.resolve("g.pgm")).toRgb().samples(), expanded.samples(),
                "grey expanded to R = G = B");
        Path rgb = encoded("rgb", 3);
        CliHarness.Run refused = run("decompress", rgb, dir.resolve("c.pgm"));
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(refused.err().contains("PGM holds only grey images"), refused::toString);
        assertTrue(!Files.exists(dir.resolve("c.pgm")));
    }

    @Test
    void unknownOrMissingExtensionsAreUsageErrorsListingTheSupportedOnes() throws Exception {
        Path rdpc = encoded("rgb", 3);
        List<String> before = listing(dir);
        for (String name : new String[] {"out.xyz", "out.gif", "out.webp", "out"}) {
            CliHarness.Run r = run("decompress", rdpc, dir.resolve(name));
            assertEquals(1, r.code(), r::toString);
            assertEquals(1, r.err().strip().lines().count(), r::toString);
            assertTrue(r.err().contains(SUPPORTED), r::toString);
            assertTrue(r.err().startsWith("rdpc: "), r::toString);
            assertEquals(before, listing(dir), name + ": nothing created");
        }
        CliHarness.Run contradiction = run("decompress", "--format", "jpeg", rdpc, dir.resolve("out.png"));
        assertEquals(1, contradiction.code(), contradiction::toString);
        assertTrue(contradiction.err().contains("contradicts"), contradiction::toString);
        CliHarness.Run badFormat = run("decompress", "--format", "gif", rdpc, dir.resolve("out.png"));
        assertEquals(1, badFormat.code(), badFormat::toString);
        assertEquals(before, listing(dir), "nothing written");
        CliHarness.Run named = run("decompress", "--format", "pgm", encoded("grey", 1), dir.resolve("plain"));
        assertEquals(0, named.code(), named::toString);
        assertEquals("P5", magic(dir.resolve("plain"), 2));
    }

    @Test
    void standardOutputIsPngUnlessFormatSaysOtherwise() throws Exception {
        byte[] rdpc = Files.readAllBytes(encoded("rgb", 3));
        assertEquals("\u0089PNG", new String(Arrays.copyOf(piped(rdpc), 4), StandardCharsets.ISO_8859_1));
        assertEquals("P6", new String(Arrays.copyOf(piped(rdpc, "--format", "ppm"), 2), StandardCharsets.ISO_8859_1));
        byte[] jpeg = piped(rdpc, "--format", "jpeg");
        assertEquals(48, ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth());
        assertEquals(0xD8, jpeg[1] & 0xFF);
    }

    private static byte[] piped(byte[] rdpc, String... options) {
        CommandLine cl = RdpcCli.newCommandLine();
        FileCommand command = (FileCommand) cl.getSubcommands().get("decompress").getCommand();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        command.stdin = new ByteArrayInputStream(rdpc);
        command.stdout = stdout;
        Object[] args = new Object[options.length + 3];
        args[0] = "decompress";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "-";
        args[options.length + 2] = "-";
        CliHarness.Run r = CliHarness.run(cl, args);
        assertEquals(0, r.code(), r::toString);
        return stdout.toByteArray();
    }
}
