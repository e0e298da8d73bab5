package dev.rdpc.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.color.ColorSpace;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reading and writing 8-bit images.
 *
 * <h2>Reading</h2>
 * The format is detected from the magic bytes, never from the file name:
 * <ul>
 *   <li><b>PNG</b> (through javax.imageio). Grey stays 1 channel; RGB is 3 channels. Palette (indexed) PNGs are
 *       expanded to RGB, or to grey when every palette entry has R = G = B. Grey images with 1, 2 or 4 bits are
 *       scaled to 0..255. <b>16-bit PNGs are down-converted to 8 bits</b> by rounding: {@code v8 = round(v16 * 255 /
 *       65535)}, so that {@code v16 = 257 * v8} maps back to {@code v8} exactly. Colour-management chunks (gAMA,
 *       iCCP, sRGB) are ignored: stored sample values are used as they are; an embedded ICC profile (iCCP) is
 *       reported as dropped by {@link #readWithWarnings}.</li>
 *   <li><b>JPEG</b> (through javax.imageio): grey or YCbCr/RGB. CMYK and YCCK JPEGs are refused. An embedded ICC
 *       profile (APP2 ICC_PROFILE) is applied by ImageIO, which converts the samples to sRGB (or its grey space);
 *       {@link #readWithWarnings} notes that, or warns when the profile was unusable and so dropped.</li>
 *   <li><b>PPM (P6)</b> and <b>PGM (P5)</b>, binary, maxval 1..255, parsed here. Header tokens may be separated
 *       by any whitespace and by comments ('#' to end of line); exactly one whitespace byte follows the maxval.
 *       Samples of a maxval below 255 are scaled to 0..255 by rounding. Data after the raster is ignored.</li>
 * </ul>
 * Images whose alpha channel (including a palette's or a tRNS colour key's transparency) makes any pixel less than
 * fully opaque are refused: the codec has no alpha. A fully opaque alpha channel carries nothing, so it is dropped
 * (and reported by {@link #readWithWarnings}). Images with more than {@link RasterImage#MAX_PIXELS} pixels are refused before any pixel buffer is allocated. Every failure
 * to read an image is an {@link ImageReadException} whose message names the source and the problem (I/O errors of the
 * underlying stream, such as a missing file, propagate as they are).
 *
 * <h2>Writing</h2>
 * {@code writePng} writes an 8-bit grey or RGB PNG; {@code writePpm} writes a binary P5 (grey) or P6 (RGB) file with
 * maxval 255; {@code writeJpeg} writes a baseline JPEG through javax.imageio at a given quality. None of them creates
 * ImageIO cache files: the encoders write through in-memory streams.
 */
public final class ImageFiles {
    /** The message given for images with alpha. */
    public static final String ALPHA_MESSAGE = "images with alpha are not supported; flatten the image first";

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageFiles() {
    }

    /**
     * An image read by {@link #readWithWarnings}, with what the caller may want to tell its user.
     *
     * @param image    the samples
     * @param warnings information that was lost while reading, e.g. an ICC profile that was dropped or 16-bit samples
     *                 rounded to 8 bits; each starts with the source's name
     * @param notes    harmless changes, e.g. a fully opaque alpha channel that was dropped; each starts with the name
     */
    public record ReadResult(RasterImage image, List<String> warnings, List<String> notes) {
        public ReadResult {
            warnings = List.copyOf(warnings);
            notes = List.copyOf(notes);
        }
    }

    /** Collects the warnings and notes of one read. */
    private static final class Report {
        final String name;
        final List<String> warnings = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Report(String name) {
            this.name = name;
        }

        void warn(String problem) {
            if (!warnings.contains(name + ": " + problem)) {
                warnings.add(name + ": " + problem);
            }
        }

        void note(String what) {
            notes.add(name + ": " + what);
        }
    }

    /** The image formats recognised by {@link #detect(byte[], int)}. */
    enum Format { PNG, JPEG, PPM, PGM }

    // ------------------------------------------------------------------------------------------------------------
    // Reading

    /**
     * True when {@code head} (the first 25 or more bytes of a file) is a PNG with 16 bits per sample,
     * which {@link #read} rounds to 8 bits; for callers that warn about the loss.
     */
    public static boolean isSixteenBitPng(byte[] head) {
        return head.length >= 25 && detect(head, Math.min(head.length, 8)) == Format.PNG
                && head[12] == 'I' && head[13] == 'H' && head[14] == 'D' && head[15] == 'R' && head[24] == 16;
    }

    /** Reads a PNG, JPEG, PPM (P6) or PGM (P5) file. */
    public static RasterImage read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        }
    }

    /**
     * Reads a PNG, JPEG, PPM (P6) or PGM (P5) image from a stream (not closed).
     *
     * @param nameForMessages the name used in exception messages, e.g. the file name
     */
    public static RasterImage read(InputStream in, String nameForMessages) throws IOException {
        return readWithWarnings(in, nameForMessages).image();
    }

    /**
     * As {@link #read(InputStream, String)}, and also returns what was dropped or changed on the way (the library
     * prints nothing; callers decide whether to show it).
     *
     * @param nameForMessages the name used in exception messages and in the warnings, e.g. the file name
     */
    public static ReadResult readWithWarnings(InputStream in, String nameForMessages) throws IOException {
        String name = nameForMessages == null ? "<stream>" : nameForMessages;
        Report report = new Report(name);
        RasterImage image = readImage(in, report);
        return new ReadResult(image, report.warnings, report.notes);
    }

    private static RasterImage readImage(InputStream in, Report report) throws IOException {
        String name = report.name;
        byte[] head = in.readNBytes(8);
        if (head.length == 0) {
            throw new ImageReadException(name, "the file is empty");
        }
        Format format = detect(head, head.length);
        if (format == null) {
            throw new ImageReadException(name, describeUnknown(head));
        }
        InputStream all = new SequenceInputStream(new ByteArrayInputStream(head), in);
        switch (format) {
            case PPM:
            case PGM:
                return readPnm(new BufferedInputStream(all, 1 << 16), name);
            case PNG:
                return readPng(all.readAllBytes(), report);
            case JPEG:
                return readJpeg(all.readAllBytes(), report);
            default:
                throw new AssertionError(format);
        }
    }

    static Format detect(byte[] b, int n) {
        if (n >= 8) {
            boolean png = true;
            for (int i = 0; i < 8; i++) {
                png &= b[i] == PNG_MAGIC[i];
            }
            if (png) {
                return Format.PNG;
            }
        }
        if (n >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return Format.JPEG;
        }
        if (n >= 3 && b[0] == 'P' && isWhitespace(b[2])) {
            if (b[1] == '6') {
                return Format.PPM;
            }
            if (b[1] == '5') {
                return Format.PGM;
            }
        }
        return null;
    }

    private static String describeUnknown(byte[] b) {
        if (b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7') {
            switch (b[1]) {
                case '1':
                case '4':
                    return "PBM (P" + (char) b[1] + ") bitmaps are not supported; use PGM (P5), PPM (P6), PNG or JPEG";
                case '2':
                case '3':
                    return "ASCII PGM/PPM (P" + (char) b[1] + ") is not supported; use binary P5/P6, PNG or JPEG";
                case '7':
                    return "PAM (P7) is not supported; use PPM (P6), PGM (P5), PNG or JPEG";
                default:
                    break;
            }
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "BMP is not supported; use PNG, JPEG, PPM (P6) or PGM (P5)";
        }
        if (b.length >= 3 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return "GIF is not supported; use PNG, JPEG, PPM (P6) or PGM (P5)";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 8); i++) {
            hex.append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
            if (i + 1 < Math.min(b.length, 8)) {
                hex.append(' ');
            }
        }
        return "not a recognised image format (first bytes: " + hex
                + "); supported are PNG, JPEG, binary PPM (P6) and PGM (P5)";
    }

    private static void checkPixels(String name, long w, long h) throws ImageReadException {
        if (w <= 0 || h <= 0) {
            throw new ImageReadException(name, "invalid image dimensions " + w + "x" + h);
        }
        if (w * h > RasterImage.MAX_PIXELS) {
            throw new ImageReadException(name, "image too large: " + w + "x" + h + " = " + (w * h)
                    + " pixels exceeds the limit of " + RasterImage.MAX_PIXELS + " pixels");
        }
    }

    // ---------------------------------------------------------------------------------------------- PPM / PGM

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    private static RasterImage readPnm(InputStream in, String name) throws IOException {
        int m0 = in.read();
        int m1 = in.read();
        String kind = m1 == '6' ? "PPM" : "PGM";
        int channels = m1 == '6' ? 3 : 1;
        assert m0 == 'P';
        long width = readHeaderNumber(in, name, kind, "width");
        long height = readHeaderNumber(in, name, kind, "height");
        long maxval = readHeaderNumber(in, name, kind, "maxval");
        // readHeaderNumber consumed the single byte after the maxval digits (whitespace, or a comment's '#').
        if (width <= 0 || height <= 0) {
            throw new ImageReadException(name, kind + " header has invalid dimensions " + width + "x" + height);
        }
        if (maxval < 1 || maxval > 65535) {
            throw new ImageReadException(name, kind + " header has invalid maxval " + maxval + " (must be 1..255)");
        }
        if (maxval > 255) {
            throw new ImageReadException(name, "16-bit " + kind + " (maxval " + maxval
                    + ") is not supported; only maxval <= 255");
        }
        checkPixels(name, width, height);
        int w = (int) width;
        int h = (int) height;
        int expected = w * h * channels;
        byte[] data = in.readNBytes(expected);
        if (data.length != expected) {
            throw new ImageReadException(name, "truncated " + kind + " data: expected " + expected + " bytes for "
                    + w + "x" + h + (channels == 3 ? " RGB" : " grey") + " pixels, found only " + data.length);
        }
        if (maxval != 255) {
            int mv = (int) maxval;
            for (int i = 0; i < data.length; i++) {
                int v = data[i] & 0xFF;
                if (v > mv) {
                    throw new ImageReadException(name, kind + " sample " + v + " at byte " + i
                            + " of the raster exceeds maxval " + mv);
                }
                data[i] = (byte) ((v * 255 * 2 + mv) / (2 * mv));
            }
        }
        return RasterImage.wrap(w, h, channels, data);
    }

    /**
     * Reads one decimal header token, skipping whitespace and comments before it, and consumes exactly one byte after
     * it, which must be whitespace (or '#', in which case the comment is consumed through its end of line).
     */
    private static long readHeaderNumber(InputStream in, String name, String kind, String field) throws IOException {
        int c = in.read();
        while (true) {
            if (c < 0) {
                throw new ImageReadException(name, kind + " header ends before the " + field);
            }
            if (c == '#') {
                c = skipComment(in);
            } else if (isWhitespace(c)) {
                c = in.read();
            } else {
                break;
            }
        }
        if (c < '0' || c > '9') {
            throw new ImageReadException(name, kind + " header: expected the " + field + " as a decimal number, found "
                    + describeByte(c));
        }
        long v = 0;
        int digits = 0;
        while (c >= '0' && c <= '9') {
            if (++digits > 10) {
                throw new ImageReadException(name, kind + " header: " + field + " is too large");
            }
            v = v * 10 + (c - '0');
            c = in.read();
        }
        if (c == '#') {
            skipComment(in);
        } else if (c < 0) {
            throw new ImageReadException(name, kind + " header ends right after the " + field);
        } else if (!isWhitespace(c)) {
            throw new ImageReadException(name, kind + " header: unexpected " + describeByte(c) + " after the "
                    + field);
        }
        return v;
    }

    /** Skips the rest of a comment line; returns the end-of-line byte that ends it, or -1 at end of file. */
    private static int skipComment(InputStream in) throws IOException {
        int c;
        do {
            c = in.read();
        } while (c >= 0 && c != '\n' && c != '\r');
        return c; // the end-of-line byte (whitespace) or -1
    }

    private static String describeByte(int c) {
        if (c < 0) {
            return "end of file";
        }
        if (c >= 0x21 && c < 0x7F) {
            return "'" + (char) c + "'";
        }
        return String.format(Locale.ROOT, "byte 0x%02x", c);
    }

    // ------------------------------------------------------------------------------------------------ PNG / JPEG

    private static int be32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static RasterImage readPng(byte[] bytes, Report report) throws IOException {
        String name = report.name;
        // IHDR: 8 magic, 4 length, 4 "IHDR", 4 width, 4 height, 1 depth, 1 colour type, ...
        if (bytes.length < 33 || bytes[12] != 'I' || bytes[13] != 'H' || bytes[14] != 'D' || bytes[15] != 'R') {
            throw new ImageReadException(name, "PNG is truncated or corrupt: no IHDR chunk");
        }
        long w = be32(bytes, 16) & 0xFFFFFFFFL;
        long h = be32(bytes, 20) & 0xFFFFFFFFL;
        checkPixels(name, w, h);
        String profile = pngIccProfileName(bytes);
        if (profile != null) {
            report.warn("the embedded ICC colour profile" + (profile.isEmpty() ? "" : " \"" + profile + "\"")
                    + " was dropped: " + PROFILE_DROPPED);
        }
        return decodeWithImageIo(bytes, report, "png", "PNG");
    }

    /** What a dropped ICC profile means for the user. */
    private static final String PROFILE_DROPPED = "the samples are coded as stored and the output carries no profile, "
            + "so colours may look different unless the profile is sRGB";

    /**
     * The name in the PNG's iCCP chunk ("" when it has none printable), or null without an iCCP chunk before the image
     * data. Walks the chunk headers only.
     */
    private static String pngIccProfileName(byte[] bytes) {
        long pos = 8;
        while (pos + 8 <= bytes.length) {
            long length = be32(bytes, (int) pos) & 0xFFFFFFFFL;
            String type = new String(bytes, (int) pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IDAT") || type.equals("IEND")) {
                return null; // iCCP must come before the image data (PNG specification, 5.6)
            }
            if (type.equals("iCCP")) {
                int start = (int) pos + 8;
                int end = start;
                int limit = (int) Math.min(bytes.length, start + Math.min(length, 79));
                while (end < limit && bytes[end] != 0) {
                    end++;
                }
                String profile = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
                return profile.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? profile : "";
            }
            pos += 12 + length;
        }
        return null;
    }

    private static RasterImage readJpeg(byte[] bytes, Report report) throws IOException {
        String name = report.name;
        // Walk the marker segments up to the start of scan: the first SOF gives the component count and the size,
        // APP2 segments may carry an ICC profile (in numbered parts).
        java.util.TreeMap<Integer, byte[]> iccParts = new java.util.TreeMap<>();
        int components = 0;
        int pos = 2;
        while (pos + 4 <= bytes.length) {
            if ((bytes[pos] & 0xFF) != 0xFF) {
                break; // not at a marker: let ImageIO report on it
            }
            int marker = bytes[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                pos += 2;
                continue;
            }
            int len = ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
            int dataStart = pos + 4 + ICC_PROFILE_TAG.length + 2;
            if (marker == 0xE2 && startsWith(bytes, pos + 4, ICC_PROFILE_TAG) && dataStart <= Math.min(bytes.length,
                    pos + 2 + len)) {
                iccParts.put(bytes[dataStart - 2] & 0xFF, Arrays.copyOfRange(bytes, dataStart, pos + 2 + len));
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (pos + 10 > bytes.length) {
                    break;
                }
                long h = ((bytes[pos + 5] & 0xFF) << 8) | (bytes[pos + 6] & 0xFF);
                long w = ((bytes[pos + 7] & 0xFF) << 8) | (bytes[pos + 8] & 0xFF);
                components = bytes[pos + 9] & 0xFF;
                if (components == 4) {
                    throw new ImageReadException(name, "CMYK/YCCK JPEG is not supported; convert the image to RGB "
                            + "first");
                }
                if (components != 1 && components != 3) {
                    throw new ImageReadException(name, "JPEG with " + components
                            + " components is not supported (only grey and colour)");
                }
                if (h > 0) {
                    checkPixels(name, w, h);
                }
            }
            if (marker == 0xDA || len < 2) {
                break;
            }
            pos += 2 + len;
        }
        if (!iccParts.isEmpty()) {
            reportJpegProfile(iccParts, components, report);
        }
        return decodeWithImageIo(bytes, report, "jpeg", "JPEG");
    }

    /**
     * ImageIO's JPEG reader converts the samples from a readable embedded profile to its standard colour space (sRGB,
     * or its grey space) when the profile has as many components as the image; otherwise it uses the samples as
     * stored, and the profile is lost.
     */
    private static void reportJpegProfile(java.util.TreeMap<Integer, byte[]> parts, int components, Report report) {
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        parts.values().forEach(whole::writeBytes);
        java.awt.color.ICC_Profile profile;
        try {
            profile = java.awt.color.ICC_Profile.getInstance(whole.toByteArray());
        } catch (IllegalArgumentException e) {
            profile = null;
        }
        if (profile != null && profile.getNumComponents() == components) {
            report.note("the colours were converted with the embedded ICC colour profile to "
                    + (components == 1 ? "Java's standard grey" : "sRGB") + "; the output carries no profile");
        } else {
            report.warn("the embedded ICC colour profile " + (profile == null ? "is unreadable and" : "does not fit the "
                    + "image and") + " was dropped: " + PROFILE_DROPPED);
        }
    }

    /** The identifier that opens an APP2 segment holding (part of) an ICC profile. */
    private static final byte[] ICC_PROFILE_TAG = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (offset < 0 || offset + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static RasterImage decodeWithImageIo(byte[] bytes, Report report, String formatName, String label)
            throws ImageReadException {
        String name = report.name;
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
        if (!readers.hasNext()) {
            throw new ImageReadException(name, "no " + label + " decoder available in this Java runtime");
        }
        ImageReader reader = readers.next();
        BufferedImage img;
        try (ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(iis, true, true);
            checkPixels(name, reader.getWidth(0), reader.getHeight(0));
            img = reader.read(0);
        } catch (ImageReadException e) {
            throw e;
        } catch (IIOException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Unsupported Image Type")) {
                throw new ImageReadException(name, label + " colour type is not supported (CMYK/YCCK or similar); "
                        + "convert the image to RGB first", e);
            }
            throw new ImageReadException(name, "cannot decode " + label + ": " + msg, e);
        } catch (EOFException e) {
            throw new ImageReadException(name, label + " is truncated", e);
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException(name, "cannot decode " + label + ": " + e, e);
        } finally {
            reader.dispose();
        }
        if (img == null) {
            throw new ImageReadException(name, "cannot decode " + label + ": the decoder returned no image");
        }
        return fromBufferedImage(img, report, label);
    }

    /**
     * The samples of an 8- or 16-bit grey or RGB {@link BufferedImage} (16-bit samples are rounded to
     * 8 bits); a fully opaque alpha channel is dropped; images with transparency and other colour models are refused.
     */
    public static RasterImage fromBufferedImage(BufferedImage img) throws ImageReadException {
        if (img == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        return fromBufferedImage(img, new Report("BufferedImage"), "BufferedImage");
    }

    private static RasterImage fromBufferedImage(BufferedImage img, Report report, String label)
            throws ImageReadException {
        String name = report.name;
        ColorModel cm = img.getColorModel();
        int w = img.getWidth();
        int h = img.getHeight();
        checkPixels(name, w, h);
        Raster raster = img.getRaster();
        if (cm instanceof IndexColorModel) {
            return fromIndexed(raster, (IndexColorModel) cm, w, h, report);
        }
        int bands = raster.getNumBands();
        int colourComponents = cm.getNumColorComponents();
        int csType = cm.getColorSpace().getType();
        // Component and packed colour models put alpha after the colour components.
        int alphaBand = cm.hasAlpha() ? colourComponents : -1;
        int expectedBands = colourComponents + (cm.hasAlpha() ? 1 : 0);
        int channels;
        if (bands == expectedBands && colourComponents == 1 && csType == ColorSpace.TYPE_GRAY) {
            channels = 1;
        } else if (bands == expectedBands && colourComponents == 3 && csType == ColorSpace.TYPE_RGB) {
            channels = 3;
        } else {
            throw new ImageReadException(name, label + " colour model is not supported (" + bands + " bands, "
                    + colourSpaceName(csType) + "); only 8/16-bit grey and RGB images can be read");
        }
        int[] max = new int[bands];
        boolean sixteenBits = false;
        for (int c = 0; c < bands; c++) {
            int bits = cm.getComponentSize(c);
            if (bits < 1 || bits > 16) {
                throw new ImageReadException(name, label + " with " + bits + "-bit samples is not supported");
            }
            max[c] = (1 << bits) - 1;
            sixteenBits |= c != alphaBand && bits > 8;
        }
        byte[] out = new byte[w * h * channels];
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            int base = y * w * channels;
            for (int x = 0; x < w; x++) {
                int pixel = x * bands;
                if (alphaBand >= 0 && row[pixel + alphaBand] != max[alphaBand]) {
                    throw new ImageReadException(name, ALPHA_MESSAGE);
                }
                for (int c = 0; c < channels; c++) {
                    out[base + x * channels + c] = (byte) scaleTo8(row[pixel + c], max[c]);
                }
            }
        }
        if (sixteenBits) {
            report.warn("the image has 16 bits per sample; they were rounded to 8 bits");
        }
        if (alphaBand >= 0) {
            report.note(OPAQUE_ALPHA_NOTE);
        }
        return RasterImage.wrap(w, h, channels, out);
    }

    /** What happens to an alpha channel without transparency. */
    private static final String OPAQUE_ALPHA_NOTE = "the alpha channel is fully opaque and was dropped";

    /** round(v * 255 / max), with halves rounded up; the identity for max = 255. */
    static int scaleTo8(int v, int max) {
        if (max == 255) {
            return v;
        }
        long num = (long) v * 255 * 2 + max;
        return (int) Math.min(255, num / (2L * max));
    }

    private static RasterImage fromIndexed(Raster raster, IndexColorModel icm, int w, int h, Report report)
            throws ImageReadException {
        int n = icm.getMapSize();
        boolean grey = true;
        for (int i = 0; i < n && grey; i++) {
            int r = icm.getRed(i);
            grey = r == icm.getGreen(i) && r == icm.getBlue(i);
        }
        boolean alpha = icm.hasAlpha();
        int channels = grey ? 1 : 3;
        byte[] out = new byte[w * h * channels];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int idx = row[x];
                if (alpha && icm.getAlpha(idx) != 255) {
                    throw new ImageReadException(report.name, ALPHA_MESSAGE);
                }
                int o = (y * w + x) * channels;
                if (grey) {
                    out[o] = (byte) icm.getRed(idx);
                } else {
                    out[o] = (byte) icm.getRed(idx);
                    out[o + 1] = (byte) icm.getGreen(idx);
                    out[o + 2] = (byte) icm.getBlue(idx);
                }
            }
        }
        if (alpha) {
            report.note("the palette's transparency is not used by any pixel and was dropped");
        }
        return RasterImage.wrap(w, h, channels, out);
    }

    private static String colourSpaceName(int type) {
        switch (type) {
            case ColorSpace.TYPE_RGB:
                return "RGB";
            case ColorSpace.TYPE_GRAY:
                return "grey";
            case ColorSpace.TYPE_CMYK:
                return "CMYK";
            case ColorSpace.TYPE_YCbCr:
                return "YCbCr";
            default:
                return "colour space type " + type;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Writing

    /** Writes an 8-bit grey or RGB PNG. */
    public static void writePng(RasterImage image, Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            writePng(image, out);
        }
    }

    /** Writes an 8-bit grey or RGB PNG to a stream (flushed, not closed). */
    public static void writePng(RasterImage image, OutputStream out) throws IOException {
        writeWithImageIo(image, out, "png", null);
    }

    /**
     * Writes a baseline JPEG (grey, or YCbCr with ImageIO's default chroma subsampling) to a stream (flushed, not
     * closed).
     *
     * @param quality ImageIO's compression quality in [0, 1]; 0.95 is close to libjpeg's quality 95
     */
    public static void writeJpeg(RasterImage image, OutputStream out, float quality) throws IOException {
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must lie in [0, 1], got " + quality);
        }
        writeWithImageIo(image, out, "jpeg", quality);
    }

    /**
     * Encodes through an in-memory ImageIO stream: {@code ImageIO.write(..., OutputStream)} would use a cache file
     * in the temporary directory whenever ImageIO's cache is on, and leaves it behind when the write fails.
     */
    private static void writeWithImageIo(RasterImage image, OutputStream out, String formatName, Float quality)
            throws IOException {
        BufferedImage img = toBufferedImage(image);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
        if (!writers.hasNext()) {
            throw new IOException("no " + formatName.toUpperCase(Locale.ROOT) + " encoder available in this Java runtime");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(img, null, null), param);
            ios.flush();
        } catch (IIOException e) {
            throw e.getCause() instanceof IOException ? (IOException) e.getCause() : e;
        } finally {
            writer.dispose();
        }
        out.flush();
    }

    /** Writes a binary PPM (P6, RGB) or PGM (P5, grey) with maxval 255. */
    public static void writePpm(RasterImage image, Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            writePpm(image, out);
        }
    }

    /** Writes a binary PPM (P6, RGB) or PGM (P5, grey) with maxval 255 to a stream (flushed, not closed). */
    public static void writePpm(RasterImage image, OutputStream out) throws IOException {
        String header = (image.channels() == 3 ? "P6" : "P5") + "\n" + image.width() + " " + image.height()
                + "\n255\n";
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(image.samplesNoCopy());
        out.flush();
    }

    /** An 8-bit {@link BufferedImage} (TYPE_BYTE_GRAY or TYPE_3BYTE_BGR) holding the image's samples. */
    public static BufferedImage toBufferedImage(RasterImage image) {
        int w = image.width();
        int h = image.height();
        int ch = image.channels();
        BufferedImage img = new BufferedImage(w, h, ch == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_3BYTE_BGR);
        byte[] s = image.samplesNoCopy();
        int[] row = new int[w * ch];
        for (int y = 0; y < h; y++) {
            int base = y * w * ch;
            for (int i = 0; i < row.length; i++) {
                row[i] = s[base + i] & 0xFF;
            }
            img.getRaster().setPixels(0, y, w, 1, row);
        }
        return img;
    }
}
