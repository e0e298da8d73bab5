package dev.rdpc.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;

    static RasterImage randomImage(int w, int h, int channels, long seed) {
        byte[] s = new byte[w * h * channels];
        new Random(seed).nextBytes(s);
        return RasterImage.of(w, h, channels, s);
    }

    /** A smooth image (JPEG-friendly). */
    static RasterImage smoothRgb(int w, int h) {
        byte[] s = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                s[i] = (byte) (40 + 4 * x);
                s[i + 1] = (byte) (60 + 3 * y);
                s[i + 2] = (byte) (100 + x + y);
            }
        }
        return RasterImage.rgb(w, h, s);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private Path write(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    private Path writeImageIo(String name, BufferedImage img, String format) throws IOException {
        Path p = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()), "ImageIO can write " + format);
        return p;
    }

    private static int pngColourType(Path p) throws IOException {
        return Files.readAllBytes(p)[25] & 0xFF;
    }

    // ------------------------------------------------------------------------------------------- round trips

    @Test
    void pngRoundTripRgbAndGrey() throws IOException {
        for (int ch : new int[] {1, 3}) {
            RasterImage img = randomImage(37, 23, ch, ch);
            Path p = dir.resolve("rt" + ch + ".png");
            ImageFiles.writePng(img, p);
            assertEquals(ch == 1 ? 0 : 2, pngColourType(p));
            assertEquals(img, ImageFiles.read(p));
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            ImageFiles.writePng(img, bos);
            assertEquals(img, ImageFiles.read(new ByteArrayInputStream(bos.toByteArray()), "mem.png"));
        }
    }

    @Test
    void ppmAndPgmRoundTrip() throws IOException {
        RasterImage rgb = randomImage(13, 7, 3, 5);
        Path p = dir.resolve("a.ppm");
        ImageFiles.writePpm(rgb, p);
        assertTrue(new String(Files.readAllBytes(p), 0, 2, StandardCharsets.US_ASCII).equals("P6"));
        assertEquals(rgb, ImageFiles.read(p));
        RasterImage grey = randomImage(13, 7, 1, 6);
        Path g = dir.resolve("a.pgm");
        ImageFiles.writePpm(grey, g);
        assertEquals(grey, ImageFiles.read(g));
    }

    @Test
    void formatIsDetectedByMagicNotExtension() throws IOException {
        RasterImage img = randomImage(4, 3, 3, 9);
        Path p = dir.resolve("actually-a-ppm.png");
        ImageFiles.writePpm(img, p);
        assertEquals(img, ImageFiles.read(p));
        Path q = dir.resolve("actually-a-png.jpg");
        ImageFiles.writePng(img, q);
        assertEquals(img, ImageFiles.read(q));
    }

    // ------------------------------------------------------------------------------------------- PNM parsing

    @Test
    void pnmHeaderWithCommentsAndOddWhitespace() throws IOException {
        byte[] data = {10, 32, 9, (byte) 200, 0, 1};
        byte[] file = concat(ascii("P5 # a comment\n#another\n\t3  # w\n 2\r\n255\n"), data);
        RasterImage img = ImageFiles.read(write("c.pgm", file));
        assertEquals(3, img.width());
        assertEquals(2, img.height());
        assertArrayEquals(data, img.samples(), "whitespace-valued samples right after maxval are data");
    }

    @Test
    void pnmSmallMaxvalIsScaled() throws IOException {
        byte[] file = concat(ascii("P5\n4 1\n15\n"), new byte[] {0, 1, 7, 15});
        RasterImage img = ImageFiles.read(write("m.pgm", file));
        assertArrayEquals(new int[] {0, 17, 119, 255}, img.samplesAsInts());
        byte[] bad = concat(ascii("P5\n2 1\n15\n"), new byte[] {0, 16});
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(write("b.pgm", bad)));
        assertTrue(e.getMessage().contains("exceeds maxval"), e.getMessage());
    }

    @Test
    void truncatedPpmNamesExpectedAndActualCounts() throws IOException {
        byte[] file = concat(ascii("P6\n4 3\n255\n"), new byte[20]);
        Path p = write("trunc.ppm", file);
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(p));
        String m = e.getMessage();
        assertTrue(m.contains("trunc.ppm"), m);
        assertTrue(m.contains("expected 36 bytes"), m);
        assertTrue(m.contains("only 20"), m);
    }

    @Test
    void pnmRefusals() throws IOException {
        ImageReadException huge = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("huge.ppm", ascii("P6\n100000 100000\n255\n"))));
        assertTrue(huge.getMessage().contains("too large"), huge.getMessage());
        ImageReadException sixteen = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("16.pgm", concat(ascii("P5\n1 1\n65535\n"), new byte[2]))));
        assertTrue(sixteen.getMessage().contains("maxval"), sixteen.getMessage());
        ImageReadException ascii = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("a.ppm", ascii("P3\n1 1\n255\n0 0 0\n"))));
        assertTrue(ascii.getMessage().contains("ASCII"), ascii.getMessage());
        ImageReadException header = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("h.ppm", ascii("P6\n12 x\n255\n"))));
        assertTrue(header.getMessage().contains("height"), header.getMessage());
        ImageReadException zero = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("z.ppm", ascii("P6\n0 5\n255\n"))));
        assertTrue(zero.getMessage().contains("dimensions"), zero.getMessage());
        ImageReadException ends = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("e.ppm", ascii("P6\n12 "))));
        assertTrue(ends.getMessage().contains("ends"), ends.getMessage());
    }

    // ------------------------------------------------------------------------------------------- refusals

    @Test
    void emptyAndGarbageRefused() throws IOException {
        ImageReadException empty = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("empty.png", new byte[0])));
        assertTrue(empty.getMessage().contains("empty.png"), empty.getMessage());
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());

        byte[] junk = new byte[1000];
        new Random(3).nextBytes(junk);
        junk[0] = 0x12;
        ImageReadException g = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("junk.png", junk)));
        assertTrue(g.getMessage().contains("not a recognised image format"), g.getMessage());

        byte[] fakePng = concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, junk);
        ImageReadException fp = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("fake.png", fakePng)));
        assertTrue(fp.getMessage().contains("PNG"), fp.getMessage());

        byte[] fakeJpeg = concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, junk);
        ImageReadException fj = assertThrows(ImageReadException.class,
                () -> ImageFiles.read(write("fake.jpg", fakeJpeg)));
        assertTrue(fj.getMessage().contains("JPEG"), fj.getMessage());
    }

    @Test
    void truncatedPngRefused() throws IOException {
        Path p = dir.resolve("full.png");
        ImageFiles.writePng(randomImage(40, 30, 3, 4), p);
        byte[] all = Files.readAllBytes(p);
        byte[] cut = java.util.Arrays.copyOf(all, all.length / 2);
        assertThrows(ImageReadException.class, () -> ImageFiles.read(write("cut.png", cut)));
    }

    @Test
    void alphaPngRefused() throws IOException {
        BufferedImage argb = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x80FF0000);
        Path p = writeImageIo("alpha.png", argb, "png");
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(p));
        assertTrue(e.getMessage().contains("images with alpha are not supported; flatten the image first"),
                e.getMessage());
        assertTrue(e.getMessage().contains("alpha.png"), e.getMessage());

        // palette with transparency (tRNS)
        byte[] r = {0, (byte) 255};
        byte[] g = {0, 0};
        byte[] b = {0, 0};
        byte[] a = {0, (byte) 255};
        BufferedImage idx = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 2, r, g, b, a));
        Path q = writeImageIo("trns.png", idx, "png");
        ImageReadException e2 = assertThrows(ImageReadException.class, () -> ImageFiles.read(q));
        assertTrue(e2.getMessage().contains(ImageFiles.ALPHA_MESSAGE), e2.getMessage());
    }

    // ------------------------------------------------------------------------------------------- conversions

    @Test
    void sixteenBitPngDownConverted() throws IOException {
        int w = 6;
        int h = 5;
        // grey
        BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        int[] gv = new int[w * h];
        for (int i = 0; i < gv.length; i++) {
            gv[i] = i * 2200 + 7;
        }
        gv[0] = 0;
        gv[1] = 65535;
        gv[2] = 257 * 100;
        gv[3] = 128; // 0.498 -> 0
        gv[4] = 129; // 0.502 -> 1
        grey.getRaster().setPixels(0, 0, w, h, gv);
        Path pg = writeImageIo("g16.png", grey, "png");
        assertEquals(16, Files.readAllBytes(pg)[24]);
        RasterImage rg = ImageFiles.read(pg);
        assertTrue(ImageFiles.isSixteenBitPng(Files.readAllBytes(pg)));
        assertEquals(1, rg.channels());
        for (int i = 0; i < gv.length; i++) {
            assertEquals((int) Math.round(gv[i] * 255.0 / 65535.0), rg.sampleAt(i), "sample " + i);
        }
        assertEquals(0, rg.sampleAt(0));
        assertEquals(255, rg.sampleAt(1));
        assertEquals(100, rg.sampleAt(2));
        assertEquals(0, rg.sampleAt(3));
        assertEquals(1, rg.sampleAt(4));

        // RGB
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        int[] cv = new int[w * h * 3];
        Random rnd = new Random(11);
        for (int i = 0; i < cv.length; i++) {
            cv[i] = rnd.nextInt(65536);
        }
        raster.setPixels(0, 0, w, h, cv);
        Path pc = writeImageIo("c16.png", new BufferedImage(cm, raster, false, null), "png");
        assertEquals(16, Files.readAllBytes(pc)[24]);
        assertEquals(2, pngColourType(pc));
        RasterImage rc = ImageFiles.read(pc);
        assertEquals(3, rc.channels());
        for (int i = 0; i < cv.length; i++) {
            assertEquals((int) Math.round(cv[i] * 255.0 / 65535.0), rc.sampleAt(i), "sample " + i);
        }
    }

    @Test
    void palettePngExpanded() throws IOException {
        byte[] r = {10, (byte) 200, 30, 0};
        byte[] g = {20, 0, (byte) 250, 0};
        byte[] b = {30, 100, 5, (byte) 255};
        BufferedImage idx = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 4, r, g, b));
        int[] pix = {0, 1, 2, 3, 3, 2, 1, 0};
        idx.getRaster().setPixels(0, 0, 4, 2, pix);
        Path p = writeImageIo("pal.png", idx, "png");
        assertEquals(3, pngColourType(p));
        RasterImage img = ImageFiles.read(p);
        assertEquals(3, img.channels());
        for (int i = 0; i < pix.length; i++) {
            assertEquals(r[pix[i]] & 0xFF, img.sampleAt(3 * i));
            assertEquals(g[pix[i]] & 0xFF, img.sampleAt(3 * i + 1));
            assertEquals(b[pix[i]] & 0xFF, img.sampleAt(3 * i + 2));
        }

        // a grey (but not ramp) palette gives a grey image
        byte[] gp = {0, (byte) 200, 50, (byte) 255};
        BufferedImage gidx = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 4, gp, gp, gp));
        gidx.getRaster().setPixels(0, 0, 4, 2, pix);
        Path q = writeImageIo("gpal.png", gidx, "png");
        RasterImage gimg = ImageFiles.read(q);
        assertEquals(1, gimg.channels());
        for (int i = 0; i < pix.length; i++) {
            assertEquals(gp[pix[i]] & 0xFF, gimg.sampleAt(i));
        }
    }

    @Test
    void lowBitDepthGreyPngScaled() throws IOException {
        BufferedImage bin = new BufferedImage(9, 2, BufferedImage.TYPE_BYTE_BINARY);
        bin.getRaster().setSample(3, 1, 0, 1);
        Path p = writeImageIo("bin.png", bin, "png");
        RasterImage img = ImageFiles.read(p);
        assertEquals(1, img.channels());
        assertEquals(255, img.sample(3, 1, 0));
        assertEquals(0, img.sample(2, 1, 0));
    }

    @Test
    void greyPngStaysGrey() throws IOException {
        BufferedImage g = new BufferedImage(7, 3, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = new int[21];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 12;
        }
        g.getRaster().setPixels(0, 0, 7, 3, v);
        Path p = writeImageIo("grey.png", g, "png");
        assertEquals(0, pngColourType(p));
        RasterImage img = ImageFiles.read(p);
        assertEquals(1, img.channels());
        assertArrayEquals(v, img.samplesAsInts(), "stored grey values are used without gamma conversion");
    }

    // ------------------------------------------------------------------------------------------- JPEG

    private Path writeJpeg(String name, BufferedImage img) throws IOException {
        Path p = dir.resolve(name);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(1.0f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(p.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return p;
    }

    @Test
    void jpegReadRgbAndGrey() throws IOException {
        RasterImage src = smoothRgb(32, 24);
        Path p = writeJpeg("c.jpg", ImageFiles.toBufferedImage(src));
        RasterImage img = ImageFiles.read(p);
        assertEquals(3, img.channels());
        assertEquals(32, img.width());
        assertEquals(24, img.height());
        long sum = 0;
        for (int i = 0; i < src.sampleCount(); i++) {
            int d = Math.abs(src.sampleAt(i) - img.sampleAt(i));
            assertTrue(d <= 12, "sample " + i + " differs by " + d);
            sum += d;
        }
        assertTrue(sum < 3L * src.sampleCount(), "mean abs error " + (double) sum / src.sampleCount());

        BufferedImage g = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                g.getRaster().setSample(x, y, 0, 50 + 5 * x + 3 * y);
            }
        }
        Path q = writeJpeg("g.jpg", g);
        RasterImage gi = ImageFiles.read(q);
        assertEquals(1, gi.channels());
        assertTrue(Math.abs(gi.sample(5, 7, 0) - (50 + 25 + 21)) <= 4);
    }

    @Test
    void cmykJpegRefused() throws IOException {
        // A 4-component JPEG written from a raster (no colour model): readers treat it as CMYK.
        WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        Path p = dir.resolve("cmyk.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(p.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(p));
        assertTrue(e.getMessage().contains("CMYK"), e.getMessage());
        assertTrue(e.getMessage().contains("cmyk.jpg"), e.getMessage());
    }

    // ------------------------------------------------------------------------------- warnings: ICC, opaque alpha

    /** A PNG with an iCCP chunk (a real, linear-RGB profile) inserted right after IHDR. */
    static byte[] pngWithIccProfile(byte[] png, String profileName) throws IOException {
        byte[] profile = java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(profileName.getBytes(StandardCharsets.ISO_8859_1));
        data.write(0); // end of the name
        data.write(0); // compression method: deflate
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(data)) {
            z.write(profile);
        }
        byte[] body = concat(ascii("iCCP"), data.toByteArray());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.write(java.nio.ByteBuffer.allocate(4).putInt(body.length - 4).array());
        chunk.write(body);
        chunk.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        int afterIhdr = 8 + 8 + 13 + 4;
        return concat(concat(java.util.Arrays.copyOf(png, afterIhdr), chunk.toByteArray()),
                java.util.Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    /** A JPEG with an APP2 ICC_PROFILE segment (one part) inserted after its JFIF APP0 segment. */
    static byte[] jpegWithIccProfile(byte[] jpeg) throws IOException {
        byte[] profile = java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        assertTrue((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0, "ImageIO writes JFIF APP0 first");
        int afterApp0 = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        byte[] body = concat(ascii("ICC_PROFILE\0"), concat(new byte[] {1, 1}, profile));
        int length = body.length + 2;
        byte[] segment = concat(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length}, body);
        return concat(concat(java.util.Arrays.copyOf(jpeg, afterApp0), segment),
                java.util.Arrays.copyOfRange(jpeg, afterApp0, jpeg.length));
    }

    private static byte[] encode(RasterImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(ImageFiles.toBufferedImage(image), format, out));
        return out.toByteArray();
    }

    @Test
    void iccProfilesAreReportedAsDroppedFromPngsAndAsAppliedToJpegs() throws IOException {
        RasterImage image = smoothRgb(20, 12);
        byte[] png = encode(image, "png");
        ImageFiles.ReadResult plain = ImageFiles.readWithWarnings(new ByteArrayInputStream(png), "plain.png");
        assertEquals(java.util.List.of(), plain.warnings());
        ImageFiles.ReadResult tagged = ImageFiles.readWithWarnings(
                new ByteArrayInputStream(pngWithIccProfile(png, "Linear RGB")), "tagged.png");
        assertArrayEquals(image.samples(), tagged.image().samples(), "samples are used as stored");
        assertEquals(1, tagged.warnings().size(), tagged.warnings()::toString);
        String warning = tagged.warnings().get(0);
        assertTrue(warning.startsWith("tagged.png: the embedded ICC colour profile \"Linear RGB\" was dropped"), warning);

        byte[] jpeg = encode(image, "jpeg");
        RasterImage jpegSamples = ImageFiles.read(new ByteArrayInputStream(jpeg), "plain.jpg");
        ImageFiles.ReadResult taggedJpeg = ImageFiles.readWithWarnings(
                new ByteArrayInputStream(jpegWithIccProfile(jpeg)), "tagged.jpg");
        // ImageIO converts linear RGB to sRGB: every dark sample gets brighter.
        byte[] raw = jpegSamples.samples();
        byte[] converted = taggedJpeg.image().samples();
        for (int i = 0; i < raw.length; i++) {
            if ((raw[i] & 0xFF) > 10 && (raw[i] & 0xFF) < 128) {
                assertTrue((converted[i] & 0xFF) > (raw[i] & 0xFF) + 20, "sample " + i + ": " + (raw[i] & 0xFF)
                        + " -> " + (converted[i] & 0xFF));
            }
        }
        assertEquals(java.util.List.of(), taggedJpeg.warnings());
        assertEquals(java.util.List.of("tagged.jpg: the colours were converted with the embedded ICC colour profile to "
                + "sRGB; the output carries no profile"), taggedJpeg.notes());
        byte[] broken = jpegWithIccProfile(jpeg);
        broken[4 + (((broken[4] & 0xFF) << 8) | (broken[5] & 0xFF)) + 4 + 14 + 36] ^= 0x55; // the "acsp" signature
        ImageFiles.ReadResult unreadable = ImageFiles.readWithWarnings(new ByteArrayInputStream(broken), "broken.jpg");
        assertEquals(1, unreadable.warnings().size(), unreadable.warnings()::toString);
        assertTrue(unreadable.warnings().get(0).contains("was dropped"), unreadable.warnings()::toString);
    }

    @Test
    void fullyOpaqueAlphaIsDroppedWithANote() throws IOException {
        RasterImage rgb = smoothRgb(9, 7);
        BufferedImage argb = new BufferedImage(9, 7, BufferedImage.TYPE_INT_ARGB);
        BufferedImage greyAlpha = new BufferedImage(new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE),
                greyAlphaRaster(9, 7), false, null);
        byte[] s = rgb.samples();
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 9; x++) {
                int i = (y * 9 + x) * 3;
                argb.setRGB(x, y, 0xFF000000 | (s[i] & 0xFF) << 16 | (s[i + 1] & 0xFF) << 8 | (s[i + 2] & 0xFF));
                greyAlpha.getRaster().setPixel(x, y, new int[] {s[i] & 0xFF, 255});
            }
        }
        Path p = writeImageIo("opaque.png", argb, "png");
        assertEquals(6, pngColourType(p), "an RGBA PNG");
        ImageFiles.ReadResult read = ImageFiles.readWithWarnings(Files.newInputStream(p), "opaque.png");
        assertArrayEquals(rgb.samples(), read.image().samples());
        assertEquals(java.util.List.of("opaque.png: the alpha channel is fully opaque and was dropped"), read.notes());
        assertEquals(java.util.List.of(), read.warnings());

        Path q = writeImageIo("grey-alpha.png", greyAlpha, "png");
        assertEquals(4, pngColourType(q), "a grey + alpha PNG");
        RasterImage grey = ImageFiles.read(q);
        assertEquals(1, grey.channels());
        assertEquals(s[0] & 0xFF, grey.samples()[0] & 0xFF);

        // One pixel just short of opaque is transparency: still refused.
        argb.setRGB(4, 3, 0xFE000000 | (argb.getRGB(4, 3) & 0xFFFFFF));
        Path t = writeImageIo("almost.png", argb, "png");
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(t));
        assertTrue(e.getMessage().contains(ImageFiles.ALPHA_MESSAGE), e.getMessage());
    }

    private static WritableRaster greyAlphaRaster(int w, int h) {
        return java.awt.image.Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 2, null);
    }

    @Test
    void paletteTransparencyUnusedByAnyPixelIsDropped() throws IOException {
        byte[] r = {0, (byte) 255};
        byte[] g = {0, (byte) 255};
        byte[] b = {0, (byte) 255};
        byte[] a = {(byte) 255, 0}; // entry 1 is transparent, but no pixel uses it
        BufferedImage idx = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 2, r, g, b, a));
        Path p = writeImageIo("unused-trns.png", idx, "png");
        ImageFiles.ReadResult read = ImageFiles.readWithWarnings(Files.newInputStream(p), "unused-trns.png");
        assertEquals(1, read.image().channels());
        assertEquals(1, read.notes().size(), read.notes()::toString);
    }

    @Test
    void writingLeavesNoImageIoCacheFileWhenTheStreamFails(@TempDir Path cache) throws IOException {
        boolean useCache = ImageIO.getUseCache();
        java.io.File cacheDirectory = ImageIO.getCacheDirectory();
        ImageIO.setUseCache(true); // the library must not depend on its callers turning the cache off
        ImageIO.setCacheDirectory(cache.toFile());
        try {
            java.io.OutputStream full = new java.io.OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("No space left on device");
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    throw new IOException("No space left on device");
                }
            };
            for (String format : new String[] {"png", "jpeg"}) {
                IOException e = assertThrows(IOException.class, () -> {
                    if (format.equals("png")) {
                        ImageFiles.writePng(randomImage(300, 200, 3, 1), full);
                    } else {
                        ImageFiles.writeJpeg(randomImage(300, 200, 3, 1), full, 0.95f);
                    }
                });
                assertEquals("No space left on device", e.getMessage(), format + ": the stream's own reason");
            }
            try (java.util.stream.Stream<Path> left = Files.list(cache)) {
                assertEquals(java.util.List.of(), left.collect(java.util.stream.Collectors.toList()));
            }
        } finally {
            ImageIO.setUseCache(useCache);
            ImageIO.setCacheDirectory(cacheDirectory);
        }
    }
}
