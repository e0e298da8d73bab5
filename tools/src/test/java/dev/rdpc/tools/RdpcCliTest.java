package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.listing;
import static dev.rdpc.tools.CliHarness.png;
import static dev.rdpc.tools.CliHarness.run;
import static dev.rdpc.tools.CliHarness.temporaries;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

class RdpcCliTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------------------------ success

    /** Runs one subcommand with the given bytes on standard input; returns its standard output. */
    private static byte[] piped(byte[] stdin, List<Object> args, int expectedCode) {
        CommandLine cl = RdpcCli.newCommandLine();
        FileCommand command = (FileCommand) cl.getSubcommands().get(String.valueOf(args.get(0))).getCommand();
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        command.stdin = new java.io.ByteArrayInputStream(stdin);
        command.stdout = stdout;
        CliHarness.Run r = CliHarness.run(cl, args.toArray());
        assertEquals(expectedCode, r.code(), r::toString);
        return stdout.toByteArray();
    }

    @Test
    void dashMeansStandardInputAndOutput() throws IOException {
        Path in = png(dir, "in.png", 40, 24, 3);
        byte[] rdpc = piped(Files.readAllBytes(in), List.of("compress", "-", "-", "--sigma", "0.1", "--model", "analytic"), 0);
        assertEquals(0, run("compress", in, dir.resolve("f.rdpc"), "--sigma", "0.1").code());
        assertArrayEquals(Files.readAllBytes(dir.resolve("f.rdpc")), rdpc, "the same file through a pipe");
        byte[] png = piped(rdpc, List.of("decompress", "-", "-"), 0);
        RasterImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(png)) == null ? null
                : ImageFiles.read(new java.io.ByteArrayInputStream(png), "stdout");
        assertEquals(40, decoded.width());
        assertEquals(List.of("f.rdpc", "in.png"), listing(dir), "nothing else written");
        // malformed input on stdin: exit 2 and nothing on stdout
        assertEquals(0, piped(Arrays.copyOf(rdpc, rdpc.length / 2), List.of("decompress", "-", "-"), 2).length);
        assertEquals(0, piped(new byte[] {1, 2, 3}, List.of("compress", "-", "-", "--sigma", "0.1"), 2).length);
    }

    @Test
    void qualityMapsToSigmaAsDocumented() throws IOException {
        Path in = png(dir, "in.png", 24, 16, 3);
        assertEquals(0, run("compress", in, dir.resolve("q.rdpc"), "-q", "50").code());
        assertEquals(0, run("compress", in, dir.resolve("s.rdpc"), "--sigma", "0.1").code());
        assertArrayEquals(Files.readAllBytes(dir.resolve("s.rdpc")), Files.readAllBytes(dir.resolve("q.rdpc")));
        assertEquals(1.0, dev.rdpc.EncodeOptions.sigmaForQuality(0), 0);
        assertEquals(0.01, dev.rdpc.EncodeOptions.sigmaForQuality(100), 1e-15);
        assertEquals(0.5, dev.rdpc.EncodeOptions.sigmaForQuality(15) / dev.rdpc.EncodeOptions.sigmaForQuality(0), 0.01);
    }

    @Test
    void sigmaRoundTripRgbIsSilentAndKeepsTheSize() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        Path rdpc = dir.resolve("in.rdpc");
        Path out = dir.resolve("out.png");
        CliHarness.Run c = run("compress", in, rdpc, "--sigma", "0.1", "--threads", "2");
        assertEquals(0, c.code(), c::toString);
        assertEquals("", c.out());
        assertEquals("", c.err());
        CliHarness.Run d = run("decompress", rdpc, out);
        assertEquals(0, d.code(), d::toString);
        assertEquals("", d.out() + d.err());
        RasterImage image = ImageFiles.read(out);
        assertEquals(48, image.width());
        assertEquals(40, image.height());
        assertEquals(3, image.channels());
        assertEquals(List.of("in.png", "in.rdpc", "out.png"), listing(dir));
    }

    @Test
    void bppRoundTripGreyToPngAndPgm() throws IOException {
        Path in = png(dir, "grey.png", 48, 40, 1);
        Path rdpc = dir.resolve("grey.rdpc");
        CliHarness.Run c = run("compress", in, rdpc, "--bpp", "4");
        assertEquals(0, c.code(), c::toString);
        for (String name : new String[] {"out.png", "out.pgm"}) {
            Path out = dir.resolve(name);
            CliHarness.Run d = run("decompress", rdpc, out, "--perception", "1", "--mode", "interp", "--steps", "12");
            assertEquals(0, d.code(), d::toString);
            RasterImage image = ImageFiles.read(out);
            assertEquals(48, image.width());
            assertEquals(40, image.height());
            assertEquals(1, image.channels());
        }
        assertTrue(new String(Files.readAllBytes(dir.resolve("out.pgm")), 0, 2, java.nio.charset.StandardCharsets.US_ASCII)
                .equals("P5"));
    }

    @Test
    void bppTargetIsMetWithinFivePercent() throws IOException {
        Path in = png(dir, "medium.png", 128, 96, 3);
        Path rdpc = dir.resolve("medium.rdpc");
        CliHarness.Run c = run("compress", in, rdpc, "--bpp", "1");
        assertEquals(0, c.code(), c::toString);
        double bpp = 8.0 * Files.size(rdpc) / (128 * 96);
        assertEquals(1.0, bpp, 0.05, "file bpp " + bpp);
    }

    @Test
    void verbosePrintsOneSummaryLinePerCommand() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        Path rdpc = dir.resolve("in.rdpc");
        CliHarness.Run c = run("compress", "-v", in, rdpc, "--sigma", "0.2", "--seed", "0x1234", "--chunk-bits", "8",
                "--search-margin", "1");
        assertEquals(0, c.code(), c::toString);
        assertEquals("", c.out());
        String line = c.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("rdpc: "), line);
        for (String key : new String[] {"bpp", "sigma", "layers", "KL bits", "payload bits", "chunks",
                "final-layer attempts", "encode", "layers [sigma 4.000: "}) {
            assertTrue(line.contains(key), key + " missing from: " + line);
        }
        CliHarness.Run d = run("decompress", rdpc, dir.resolve("out.ppm"), "--verbose");
        assertEquals(0, d.code(), d::toString);
        String dline = d.err().strip();
        assertFalse(dline.contains("\n"), dline);
        for (String key : new String[] {"mode interp", "perception 0", "steps 24", "decode"}) {
            assertTrue(dline.contains(key), key + " missing from: " + dline);
        }
        assertEquals(3, ImageFiles.read(dir.resolve("out.ppm")).channels());
    }

    @Test
    void decompressRefusesADecodeBombBeforeAnyWorkAndWritesNothing() throws Exception {
        Path in = png(dir, "in.png", 32, 24, 3);
        Path rdpc = dir.resolve("in.rdpc");
        assertEquals(0, run("compress", in, rdpc, "--model", "analytic", "--sigma", "0.2").code());
        var parsed = dev.rdpc.format.ContainerReader.read(Files.readAllBytes(rdpc), dev.rdpc.format.ReaderLimits.defaults());
        Path bomb = dir.resolve("bomb.rdpc");
        Files.write(bomb, dev.rdpc.format.ContainerWriter.write(parsed.toBuilder()
                .decodeHint(new dev.rdpc.format.DecodeHint(dev.rdpc.format.FormatIds.MODE_ODE, 1f, 10_000)).build()));
        Path out = dir.resolve("out.png");
        CliHarness.Run refused = run("decompress", bomb, out);
        assertEquals(2, refused.code(), refused::toString);
        int layers = parsed.ladder().layers().size();
        assertTrue(refused.err().contains((20000 + layers) + " model calls") && refused.err().contains("--max-model-calls"),
                refused.err());
        assertFalse(Files.exists(out), "a refused decode writes no output");
        assertEquals(List.of(), temporaries(dir));
        CliHarness.Run raised = run("decompress", bomb, out, "--max-model-calls", "20001", "--steps", "3");
        assertEquals(0, raised.code(), raised::toString);
        assertEquals(1, run("decompress", bomb, dir.resolve("x.png"), "--max-model-calls", "0").code());
        CliHarness.Run tooLarge = run("decompress", rdpc, out, "-f", "--max-pixels", "767");
        assertEquals(2, tooLarge.code(), tooLarge::toString);
        assertTrue(tooLarge.err().contains("767"), tooLarge.err());
        assertEquals(0, run("decompress", rdpc, out, "-f", "--max-pixels", "768").code());
    }

    /** Issue 17: model time grows with calls and pixels; the work bound is refused up front and raised by an option. */
    @Test
    void decompressBoundsModelWorkAndTheOptionRaisesIt() throws Exception {
        Path in = png(dir, "in.png", 32, 24, 3);
        Path rdpc = dir.resolve("in.rdpc");
        // the embedded model: the analytic prior's calls are not counted
        assertEquals(0, run("compress", in, rdpc, "--sigma", "0.3", "--model", "default").code());
        Path out = dir.resolve("out.png");
        CliHarness.Run refused = run("decompress", rdpc, out, "--max-model-work", "100"); // under one call over 32x24 pixels
        assertEquals(2, refused.code(), refused::toString);
        assertTrue(refused.err().contains("pixel-calls") && refused.err().contains("--max-model-work"), refused.err());
        assertFalse(Files.exists(out), "a refused decode writes no output");
        assertEquals(1, run("decompress", rdpc, out, "--max-model-work", "0").code());
        assertEquals(0, run("decompress", rdpc, out, "--max-model-work", "100000").code());
    }

    @Test
    void compressWarnsAboutSixteenBitSamplesAndAGreyImageStaysGrey() throws Exception {
        BufferedImage grey16 = new BufferedImage(24, 16, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                grey16.getRaster().setSample(x, y, 0, 1000 * (x + y));
            }
        }
        Path in = dir.resolve("grey16.png");
        ImageIO.write(grey16, "png", in.toFile());
        assertTrue(dev.rdpc.image.ImageFiles.isSixteenBitPng(Files.readAllBytes(in)));
        CliHarness.Run c = CliHarness.runAsGiven("compress", in, dir.resolve("a.rdpc"), "--sigma", "0.3"); // default model
        assertEquals(0, c.code(), c::toString);
        assertTrue(c.err().contains("16 bits per sample") && c.err().contains("rounded to 8 bits"), c.err());
        // Coded as RGB for the colour model, but the file says grey and it decodes to grey (issue 17).
        assertFalse(c.err().contains("coded as RGB"), c.err());
        CliHarness.Run d = run("decompress", dir.resolve("a.rdpc"), dir.resolve("a.png"));
        assertEquals(0, d.code(), d::toString);
        assertEquals(1, ImageFiles.read(dir.resolve("a.png")).channels());
        CliHarness.Run analytic = run("compress", in, dir.resolve("b.rdpc"), "--sigma", "0.3", "--model", "analytic");
        assertEquals(0, analytic.code(), analytic::toString);
        assertFalse(analytic.err().contains("coded as RGB"), analytic.err());
        Path grey8 = png(dir, "grey8.png", 24, 16, 1);
        CliHarness.Run eight = run("compress", grey8, dir.resolve("c.rdpc"), "--sigma", "0.3", "--model", "analytic");
        assertEquals("", eight.err().strip(), "no warning for an 8-bit image");
    }

    @Test
    void forceReplacesAnExistingOutput() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 1);
        Path rdpc = dir.resolve("in.rdpc");
        Files.writeString(rdpc, "old");
        CliHarness.Run c = run("compress", in, rdpc, "--sigma", "0.2", "-f");
        assertEquals(0, c.code(), c::toString);
        assertTrue(Files.size(rdpc) > 3);
        assertEquals(List.of(), temporaries(dir));
    }

    @Test
    void helpAndVersionExitZero() {
        for (String cmd : new String[] {"compress", "decompress", "info"}) {
            CliHarness.Run r = run(cmd, "--help");
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("Usage: rdpc " + cmd), r.out());
            assertTrue(r.out().contains("Exit codes"), r.out());
        }
        CliHarness.Run v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("rdpc "), v.out());
        assertEquals(0, run("help", "compress").code());
    }

    /** The code is Apache-2.0, the embedded model research / non-commercial: both said where a user looks. */
    @Test
    void versionAndHelpStateTheCodeAndModelLicences() {
        CliHarness.Run v = run("--version");
        assertEquals(0, v.code(), v::toString);
        assertTrue(v.out().contains("Licence: Apache-2.0 (the code)"), v.out());
        assertTrue(v.out().contains("Embedded default model: LicenseRef-rdpc-research-non-commercial"), v.out());
        assertTrue(v.out().contains("research, non-commercial use only"), v.out());
        CliHarness.Run h = run("--help");
        assertEquals(0, h.code(), h::toString);
        String help = h.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("The rdpc code: Apache License 2.0."), help);
        assertTrue(help.contains("The embedded default model: research and non-commercial use only"), help);
        assertTrue(help.contains("--model analytic") && help.contains("--model M.onnx"), help);
        assertTrue(h.out().lines().allMatch(l -> l.length() <= 80), "no line wrapped by the terminal: " + h.out());
        CliHarness.Run c = run("compress", "--help");
        assertTrue(c.out().replaceAll("\\s+", " ").contains("research and non-commercial use only"), c.out());
    }

    @Test
    void everyValueOptionStatesRangeDefaultAndRecommendation() {
        CommandLine cl = RdpcCli.newCommandLine();
        for (String cmd : new String[] {"compress", "decompress", "info"}) {
            for (OptionSpec o : cl.getSubcommands().get(cmd).getCommandSpec().options()) {
                if (o.arity().max() == 0) {
                    continue; // flags: -f, -v, -h, -V
                }
                String d = String.join(" ", o.description());
                assertTrue(d.contains("[") || d.contains("("), o.longestName() + ": no range in " + d);
                assertTrue(d.contains("ecommended"), o.longestName() + ": no recommendation in " + d);
                boolean rateTarget = o.longestName().equals("--bpp") || o.longestName().equals("--sigma")
                        || o.longestName().equals("--quality"); // exactly one is required: no default
                assertTrue(rateTarget || d.contains("Default"), o.longestName() + ": no default in " + d);
            }
        }
        String help = cl.getSubcommands().get("compress").getUsageMessage();
        assertTrue(help.contains("0x5EED = 24301"), help);
        assertTrue(help.contains("Default: 9"), help);
    }

    // ---------------------------------------------------------------------------------------- exit 1: usage

    @Test
    void bothRateTargetsIsAUsageError() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        assertUsage(run("compress", in, dir.resolve("o.rdpc"), "--bpp", "1", "--sigma", "0.1"), "mutually exclusive");
    }

    @Test
    void noRateTargetIsAUsageError() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        assertUsage(run("compress", in, dir.resolve("o.rdpc")), "--bpp");
    }

    @Test
    void outOfRangeOptionsAreUsageErrors() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        Path o = dir.resolve("o.rdpc");
        assertUsage(run("compress", in, o, "--bpp", "0"), "--bpp");
        assertUsage(run("compress", in, o, "--bpp", "NaN"), "--bpp");
        assertUsage(run("compress", in, o, "--sigma", "11"), "--sigma");
        assertUsage(run("compress", in, o, "--sigma", "0.1", "--chunk-bits", "21"), "--chunk-bits");
        assertUsage(run("compress", in, o, "--sigma", "0.1", "--search-margin", "9"), "--search-margin");
        assertUsage(run("compress", in, o, "--sigma", "0.1", "--threads", "0"), "--threads");
        assertUsage(run("compress", in, o, "--sigma", "0.1", "--seed", "abc"), "--seed");
        assertUsage(run("compress", in, o, "--sigma", "abc"), "--sigma");
        assertUsage(run("compress", in, o, "--quality", "101"), "--quality");
        assertUsage(run("compress", in, o, "-q", "-1"), "--quality");
        assertUsage(run("compress", in, o, "-q", "50", "--bpp", "1"), "mutually exclusive");
        assertUsage(run("compress", in), "OUT");
        assertUsage(run("decompress", in, o, "--perception", "2"), "--perception");
        assertUsage(run("decompress", in, o, "--perception", "NaN"), "--perception");
        assertUsage(run("decompress", in, o, "--steps", "0"), "--steps");
        assertUsage(run("decompress", in, o, "--steps", "10001"), "--steps");
        assertUsage(run("decompress", in, o, "--mode", "fast"), "--mode");
        assertUsage(run("decompress", in, o, "--threads", "-1"), "--threads");
        assertUsage(run("decompress", in, o, "--tile", "63"), "--tile");
        assertUsage(run("frobnicate"), "frobnicate");
        assertUsage(run(), "subcommand");
        assertEquals(List.of("in.png"), listing(dir));
    }

    @Test
    void existingOutputWithoutForceIsRefusedAndUntouched() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        Path out = dir.resolve("out.rdpc");
        byte[] old = {1, 2, 3};
        Files.write(out, old);
        FileTime time = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(out, time);
        CliHarness.Run r = run("compress", in, out, "--sigma", "0.1");
        assertUsage(r, "-f");
        assertArrayEquals(old, Files.readAllBytes(out));
        assertEquals(time, Files.getLastModifiedTime(out));
        assertUsage(run("decompress", in, in), "same file");
        assertEquals(List.of("in.png", "out.rdpc"), listing(dir));
    }

    @Test
    void sameInputAndOutputIsRefused() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        byte[] before = Files.readAllBytes(in);
        assertUsage(run("compress", in, dir.resolve("sub/../in.png"), "--sigma", "0.1", "-f"), "same file");
        assertArrayEquals(before, Files.readAllBytes(in));
    }

    @Test
    void unreachableBppTargetIsAUsageError() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        assertUsage(run("compress", in, dir.resolve("o.rdpc"), "--bpp", "0.05"), "bpp");
        assertEquals(List.of("in.png"), listing(dir));
    }

    // ---------------------------------------------------------------------------------------- exit 2: input

    @Test
    void randomBytesAreNotAnImage() throws IOException {
        Path in = dir.resolve("noise.png");
        byte[] junk = new byte[1000];
        new Random(7).nextBytes(junk);
        junk[0] = 0x42; // not accidentally a magic number
        Files.write(in, junk);
        CliHarness.Run r = run("compress", in, dir.resolve("o.rdpc"), "--sigma", "0.1");
        assertExit(2, r, "not a recognised image format");
        assertEquals(List.of("noise.png"), listing(dir));
        assertExit(2, run("decompress", in, dir.resolve("o.png")), "malformed");
        assertEquals(List.of("noise.png"), listing(dir));
    }

    static Path tinyModel(String name) {
        return Path.of(System.getProperty("rdpc.project.dir", ".."), "decoder/src/test/resources/models", name + ".onnx");
    }

    @Test
    void fileForAnotherModelIsRefusedUnlessAllowed() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        Path rdpc = dir.resolve("in.rdpc");
        assertEquals(0, run("compress", in, rdpc, "--sigma", "0.15", "--model", tinyModel("tiny-gaussian-edm")).code());
        assertExit(2, run("decompress", rdpc, dir.resolve("out.png")), "model");
        assertExit(2, run("decompress", "--model", tinyModel("tiny-gaussian-eps-vp"), rdpc, dir.resolve("out.png")), "model mismatch");
        assertEquals(List.of("in.png", "in.rdpc"), listing(dir));
        CliHarness.Run allowed = run("decompress", "--model", tinyModel("tiny-gaussian-eps-vp"), "--allow-model-mismatch", rdpc,
                dir.resolve("out.png"));
        assertEquals(0, allowed.code(), allowed::toString);
        assertTrue(allowed.err().contains("warning"), allowed::toString);
        CliHarness.Run matching = run("decompress", "-f", "--model", tinyModel("tiny-gaussian-edm"), rdpc, dir.resolve("out.png"));
        assertEquals(0, matching.code(), matching::toString);
        // This machine has the CPU package and no GPU: a CUDA request decodes on the CPU and says so once.
        CliHarness.Run cuda = run("decompress", "-f", "--device", "cuda", "--model", tinyModel("tiny-gaussian-edm"), rdpc,
                dir.resolve("out.png"));
        assertEquals(0, cuda.code(), cuda::toString);
        assertEquals(1, cuda.err().lines().filter(l -> l.contains("CUDA is not available")).count(), cuda::toString);
        assertExit(1, run("decompress", "--device", "tpu", rdpc, dir.resolve("x.png")), "tpu");
    }

    /** --model takes a one-file bundle wherever it takes an ONNX path; the files are those of the ONNX file. */
    @Test
    void aModelBundleStandsInForItsOnnxFile() throws IOException {
        Path onnx = tinyModel("tiny-gaussian-edm");
        Path bundle = CliHarness.archive(dir.resolve("edm.zip"), new java.util.LinkedHashMap<>(java.util.Map.of(
                "edm/tiny-gaussian-edm.onnx", Files.readAllBytes(onnx),
                "edm/tiny-gaussian-edm.json", Files.readAllBytes(onnx.resolveSibling("tiny-gaussian-edm.json")))));
        Path in = png(dir, "in.png", 48, 40, 3);
        assertEquals(0, run("compress", in, dir.resolve("plain.rdpc"), "--sigma", "0.15", "--model", onnx).code());
        CliHarness.Run packed = run("compress", in, dir.resolve("packed.rdpc"), "--sigma", "0.15", "--model", bundle);
        assertEquals(0, packed.code(), packed::toString);
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain.rdpc")), Files.readAllBytes(dir.resolve("packed.rdpc")));
        CliHarness.Run d = run("decompress", "--model", bundle, dir.resolve("plain.rdpc"), dir.resolve("out.png"));
        assertEquals(0, d.code(), d::toString);
        assertEquals(48, ImageFiles.read(dir.resolve("out.png")).width());
        assertExit(2, run("decompress", "--model", dir.resolve("nowhere.tar.gz"), dir.resolve("plain.rdpc"),
                dir.resolve("x.png")), "nowhere.tar.gz");
    }

    @Test
    void defaultPriorRoundTripsWithoutAnyModelOption() throws IOException {
        Path in = png(dir, "in.png", 40, 32, 3);
        Path rdpc = dir.resolve("in.rdpc");
        CliHarness.Run c = CliHarness.runAsGiven("compress", in, rdpc, "--sigma", "0.2", "-v");
        assertEquals(0, c.code(), c::toString);
        CliHarness.Run d = CliHarness.runAsGiven("decompress", rdpc, dir.resolve("out.png"), "--steps", "2");
        assertEquals(0, d.code(), d::toString);
        RasterImage decoded = ImageFiles.read(dir.resolve("out.png"));
        assertEquals(40, decoded.width());
        assertTrue(ImageCompare.psnr(ImageFiles.read(in), decoded) > 15, "a recognisable reconstruction");
    }

    @Test
    void truncatedRdpcFileIsMalformed() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        Path rdpc = dir.resolve("in.rdpc");
        assertEquals(0, run("compress", in, rdpc, "--sigma", "0.15").code());
        byte[] all = Files.readAllBytes(rdpc);
        Path half = dir.resolve("half.rdpc");
        Files.write(half, Arrays.copyOf(all, all.length / 2));
        assertExit(2, run("decompress", half, dir.resolve("out.png")), "rdpc");
        assertExit(2, run("decompress", half, dir.resolve("out.pgm")), "rdpc");
        assertEquals(List.of("half.rdpc", "in.png", "in.rdpc"), listing(dir));
    }

    @Test
    void pngWithAlphaIsRefused() throws IOException {
        BufferedImage argb = new BufferedImage(32, 24, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                argb.setRGB(x, y, (0x80 << 24) | (x * 8 << 16) | (y * 10 << 8) | 0x40);
            }
        }
        Path in = dir.resolve("alpha.png");
        ImageIO.write(argb, "png", in.toFile());
        assertExit(2, run("compress", in, dir.resolve("o.rdpc"), "--bpp", "1"), "alpha");
        assertEquals(List.of("alpha.png"), listing(dir));
    }

    @Test
    void missingInputIsUnreadable() {
        assertExit(2, run("compress", dir.resolve("nope.png"), dir.resolve("o.rdpc"), "--sigma", "0.1"), "nope.png");
        assertExit(2, run("decompress", dir, dir.resolve("o.png")), "directory");
    }

    // ------------------------------------------------------------------------------------------ exit 3: I/O

    @Test
    void outputUnderARegularFileIsAnIoError() throws IOException {
        Path in = png(dir, "in.png", 48, 40, 3);
        Path file = dir.resolve("file.txt");
        Files.writeString(file, "x");
        assertExit(3, run("compress", in, file.resolve("out.rdpc"), "--sigma", "0.1"), "file.txt");
        assertExit(3, run("compress", in, dir.resolve("missing/out.rdpc"), "--sigma", "0.1"), "missing");
        assertExit(3, run("compress", in, dir, "--sigma", "0.1", "-f"), "directory");
        assertEquals(List.of("file.txt", "in.png"), listing(dir));
    }

    // ------------------------------------------------------------------------------------- exit 4: internal

    @Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer>, RdpcCli.Verbosity {
        @CommandLine.Option(names = "-v")
        boolean verbose;

        @Override
        public boolean verbose() {
            return verbose;
        }

        @Override
        public Integer call() {
            throw new IllegalStateException("invariant broken");
        }
    }

    @Test
    void internalErrorsAreShortUnlessVerbose() {
        CliHarness.Run quiet = run(RdpcCli.newCommandLine().addSubcommand(new Boom()), "boom");
        assertExit(4, quiet, "internal error");
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        assertEquals(1, quiet.err().strip().lines().count(), quiet.err());
        CliHarness.Run loud = run(RdpcCli.newCommandLine().addSubcommand(new Boom()), "boom", "-v");
        assertEquals(4, loud.code());
        assertTrue(loud.err().contains("\tat "), loud.err());
    }

    // --------------------------------------------------------------------------------------------- helpers

    private static void assertUsage(CliHarness.Run r, String fragment) {
        assertExit(1, r, fragment);
    }

    private static void assertExit(int code, CliHarness.Run r, String fragment) {
        assertEquals(code, r.code(), r::toString);
        assertEquals("", r.out(), r::toString);
        String err = r.err().strip();
        assertTrue(err.startsWith("rdpc: "), r::toString);
        assertEquals(1, err.lines().count(), r::toString);
        assertTrue(err.contains(fragment), () -> "expected '" + fragment + "' in " + r);
    }
}
