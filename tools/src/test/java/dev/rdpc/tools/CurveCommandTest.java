package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.png;
import static dev.rdpc.tools.CliHarness.runAsGiven;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rdpc.tools.curve.ClassicCodec;
import dev.rdpc.tools.curve.Keys;
import dev.rdpc.tools.curve.ToolPath;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code rdpc curve} end to end on two tiny synthetic images with the analytic prior: the outputs
 * and the report, the cache, skipped and present classic codecs, and the option checks.
 */
class CurveCommandTest {
    private static final int W = 48;
    private static final int H = 32;

    @TempDir
    Path dir;

    private Path images() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        png(images, "a.png", W, H, 3);
        png(images, "b.png", W, H, 3);
        return images;
    }

    /** A fast rdpc-only run: 2 sigmas x ode at 2 perception values = 4 curve points, 8 image points. */
    private CliHarness.Run tinyRun(Path images, Path out, String... extra) {
        return tinyRunWith("0,1", images, out, extra);
    }

    private CliHarness.Run tinyRunWith(String perception, Path images, Path out, String... extra) {
        List<Object> args = new ArrayList<>(List.of("curve", "--images", images, "--out", out, "--model", "analytic",
                "--steps", "2", "--sigma", "0.1,0.3", "--perception", perception, "--codecs", "rdpc",
                "--crop-bpp", "6"));
        args.addAll(Arrays.asList(extra));
        return runAsGiven(args.toArray());
    }

    private static JsonObject json(Path p) throws IOException {
        return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static List<String> pngs(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void tinyRunWritesJsonCsvPlotsAndAReportThatReferencesEveryPlot() throws IOException {
        Path images = images();
        Path out = dir.resolve("out");
        CliHarness.Run r = tinyRun(images, out);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.out(), "results go to files, not standard output");

        // one JSON per curve, in the documented schema
        for (String id : List.of("rdpc-ode-0", "rdpc-ode-1")) {
            JsonObject o = json(out.resolve(id + ".json"));
            assertEquals("rdpc-curve/1", o.get("schema").getAsString());
            assertEquals(id, o.get("name").getAsString());
            assertEquals("rdpc", o.get("codec").getAsString());
            assertTrue(o.get("version").getAsString().startsWith("rdpc "), o.get("version").toString());
            JsonObject settings = o.getAsJsonObject("settings");
            assertEquals("ode", settings.get("mode").getAsString());
            assertEquals("analytic", settings.get("model").getAsString());
            assertEquals("sigma", settings.get("rateKnob").getAsString());
            assertEquals(2, settings.get("steps").getAsInt());
            assertEquals(2, o.getAsJsonArray("images").size());
            JsonArray points = o.getAsJsonArray("points");
            assertEquals(2, points.size());
            for (JsonElement e : points) {
                JsonObject p = e.getAsJsonObject();
                assertTrue(p.get("complete").getAsBoolean(), p.toString());
                assertTrue(p.get("psnr").getAsDouble() > 15, p.toString());
                double ms = p.get("msSsim").getAsDouble();
                assertTrue(ms > 0.5 && ms <= 1, p.toString());
                assertTrue(p.get("realism").getAsDouble() > 0, p.toString());
                assertEquals(3, p.getAsJsonArray("realismPerLevel").size());
                assertTrue(p.get("encodeSeconds").getAsDouble() > 0);
                assertTrue(p.get("decodeSeconds").getAsDouble() > 0);
                JsonArray per = p.getAsJsonArray("images");
                assertEquals(2, per.size());
                double meanBpp = 0;
                for (JsonElement ie : per) {
                    JsonObject im = ie.getAsJsonObject();
                    long bytes = im.get("bytes").getAsLong();
                    assertEquals(8.0 * bytes / (W * H), im.get("bpp").getAsDouble(), 1e-12, "bpp from the file size");
                    assertTrue(Files.isRegularFile(out.resolve(im.get("decoded").getAsString())), im.toString());
                    meanBpp += im.get("bpp").getAsDouble() / 2;
                }
                assertEquals(meanBpp, p.get("bpp").getAsDouble(), 1e-12);
            }
            // the larger sigma gives the smaller file
            assertTrue(points.get(0).getAsJsonObject().get("bpp").getAsDouble()
                    > points.get(1).getAsJsonObject().get("bpp").getAsDouble());
        }
        // the same files decoded twice: the same bytes, different reconstructions
        JsonObject p0 = json(out.resolve("rdpc-ode-0.json")).getAsJsonArray("points").get(1).getAsJsonObject();
        JsonObject p1 = json(out.resolve("rdpc-ode-1.json")).getAsJsonArray("points").get(1).getAsJsonObject();
        assertEquals(p0.get("bpp").getAsDouble(), p1.get("bpp").getAsDouble(), 0);
        assertNotEquals(p0.get("psnr").getAsDouble(), p1.get("psnr").getAsDouble());

        List<String> csv = Files.readAllLines(out.resolve("curve.csv"));
        assertEquals(5, csv.size(), csv::toString);
        assertTrue(csv.get(0).startsWith("curve,codec,version,mode,perception,rate_knob,rate_value,bpp,psnr"));
        assertTrue(csv.get(1).startsWith("rdpc-ode-0,rdpc,"), csv.get(1));

        List<String> plots = pngs(out.resolve("plots"));
        assertEquals(List.of("dp-sigma-0.1.png", "dp-sigma-0.3.png", "rate-msssim.png", "rate-psnr.png",
                "rate-realism.png"), plots);
        for (String p : plots) {
            BufferedImage img = ImageIO.read(out.resolve("plots").resolve(p).toFile());
            assertNotNull(img, p);
            assertTrue(img.getWidth() >= 400 && img.getHeight() >= 300, p);
        }
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        for (String p : plots) {
            assertTrue(html.contains("src=\"plots/" + p + "\""), "the report shows " + p);
        }
        List<String> crops = pngs(out.resolve("crops"));
        assertEquals(List.of("original.png", "rdpc-ode-0.png", "rdpc-ode-1.png"), crops);
        for (String c : crops) {
            assertTrue(html.contains("src=\"crops/" + c + "\""), "the report shows " + c);
        }
        // every link of the report is relative and resolves
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int links = 0;
        while (m.find()) {
            String target = m.group(1);
            assertFalse(target.startsWith("/") || target.contains(":"), target);
            assertTrue(Files.isRegularFile(out.resolve(target)), "report link " + target);
            links++;
        }
        assertEquals(plots.size() + crops.size() + 4, links, "plots, crops, the CSV, the two JSON files and the summary");

        // the summary reads every curve off at the --compare-bpp rates, here outside the tiny images' range
        JsonObject summary = json(out.resolve("summary.json"));
        assertEquals("rdpc-curve-summary/1", summary.get("schema").getAsString());
        assertEquals(0, summary.getAsJsonArray("bdRates").size(), "no classic codec, no BD-rate");
        JsonArray at = summary.getAsJsonArray("atBpp");
        assertEquals(4, at.size(), at::toString);
        for (JsonElement e : at) {
            JsonObject a = e.getAsJsonObject();
            assertTrue(a.get("psnr").isJsonNull() && a.get("note").getAsString().contains("outside"), a.toString());
        }
        assertTrue(html.contains("BD-rate") && html.contains("At equal bit rate"));
        assertTrue(html.contains("rdpc-ode-0.json") && html.contains("curve.csv"));

        // no temporary files or work folders left behind
        try (Stream<Path> s = Files.walk(out)) {
            List<String> leftovers = s.map(p -> out.relativize(p).toString())
                    .filter(n -> n.contains("work-") || n.endsWith(".tmp")).collect(Collectors.toList());
            assertEquals(List.of(), leftovers);
        }
    }

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) point\\(s\\): (\\d+) computed \\((\\d+) encode\\(s\\)\\), (\\d+) from the cache, (\\d+) failed");

    /** {computed, encodes, cached, failed} from the -v summary line. */
    private static int[] summary(CliHarness.Run r) {
        Matcher m = SUMMARY.matcher(r.err());
        assertTrue(m.find(), r::toString);
        return new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5))};
    }

    @Test
    void rerunSkipsCachedPointsAndNewDecodeSettingsReuseTheEncodes() throws IOException {
        Path images = images();
        Path out = dir.resolve("out");
        CliHarness.Run first = tinyRun(images, out, "-v");
        assertEquals(0, first.code(), first::toString);
        // 2 images x 2 sigmas x 2 perception values; one encode per image and sigma
        assertEquals(List.of(8, 4, 0, 0), toList(summary(first)));
        String json = Files.readString(out.resolve("rdpc-ode-1.json"));

        CliHarness.Run second = tinyRun(images, out, "-v");
        assertEquals(0, second.code(), second::toString);
        assertEquals(List.of(0, 0, 8, 0), toList(summary(second)), "everything from the cache");
        assertFalse(second.err().contains(" bpp, encode "), "no point coded: " + second.err());
        assertEquals(json, Files.readString(out.resolve("rdpc-ode-1.json")), "the same results, timings included");

        // one more perception value: its 4 points are decoded from the cached files, nothing is encoded
        CliHarness.Run third = tinyRunWith("0,0.5,1", images, out, "-v");
        assertEquals(0, third.code(), third::toString);
        assertEquals(List.of(4, 0, 8, 0), toList(summary(third)));
        assertTrue(third.err().contains("(cached file)"), third.err());

        // a changed image misses the cache for that image only
        png(images, "b.png", W, H, 1); // grey now: other content, same name
        CliHarness.Run fourth = tinyRun(images, out, "-v");
        assertEquals(0, fourth.code(), fourth::toString);
        assertEquals(List.of(4, 2, 4, 0), toList(summary(fourth)));
        // the curve of the third run that this run lacks is gone
        assertFalse(Files.exists(out.resolve("rdpc-ode-0.5.json")));
        assertTrue(Files.exists(out.resolve("rdpc-ode-1.json")));
    }

    /**
     * An image set read straight from an archive, as data sets ship: image entries at any depth in
     * name order, other entries skipped, and the same images as the unpacked folder (so the same
     * cache keys: a run on the archive after a run on the folder computes nothing).
     */
    @ParameterizedTest
    @ValueSource(strings = {"set.tar.gz", "set.zip"})
    void imagesAreReadFromAnArchiveInNameOrder(String name) throws IOException {
        Path images = images();
        Path out = dir.resolve("out");
        CliHarness.Run folder = tinyRun(images, out, "-v");
        assertEquals(0, folder.code(), folder::toString);
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("set/b.png", Files.readAllBytes(images.resolve("b.png")));
        entries.put("set/README.txt", "two images".getBytes(StandardCharsets.UTF_8));
        entries.put("__MACOSX/set/._a.png", new byte[] {0, 5, 22, 7});   // a resource fork, not an image
        entries.put("set/a.png", Files.readAllBytes(images.resolve("a.png")));
        Path archive = CliHarness.archive(dir.resolve(name), entries);

        CliHarness.Run packed = tinyRun(archive, out, "-v");
        assertEquals(0, packed.code(), packed::toString);
        assertEquals(List.of(0, 0, 8, 0), toList(summary(packed)), "the folder's images, so every point is cached");
        JsonArray listed = json(out.resolve("rdpc-ode-0.json")).getAsJsonArray("images");
        assertEquals(List.of("set/a.png", "set/b.png"), names(listed));
        assertEquals(Keys.sha256(images.resolve("a.png")), listed.get(0).getAsJsonObject().get("sha256").getAsString());

        CliHarness.Run first = tinyRun(archive, dir.resolve("out1"), "--limit", "1", "--crop-image", "set/a.png");
        assertEquals(0, first.code(), first::toString);
        assertEquals(List.of("set/a.png"), names(json(dir.resolve("out1/rdpc-ode-0.json")).getAsJsonArray("images")));
    }

    private static List<String> names(JsonArray images) {
        List<String> names = new ArrayList<>();
        images.forEach(e -> names.add(e.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    @Test
    void brokenOrHostileArchivesAreInputErrors() throws IOException {
        Path images = images();
        byte[] png = Files.readAllBytes(images.resolve("a.png"));
        java.util.Map<String, byte[]> up = new java.util.LinkedHashMap<>();
        up.put("a.png", png);
        up.put("../../b.png", png);
        Path traversal = CliHarness.archive(dir.resolve("up.tar"), up);
        Path empty = CliHarness.archive(dir.resolve("text.zip"), java.util.Map.of("notes.txt", new byte[10]));
        Path notImage = CliHarness.archive(dir.resolve("fake.tar.gz"), java.util.Map.of("a.png", new byte[100]));
        byte[] junk = new byte[5000];
        new java.util.Random(2).nextBytes(junk);
        Path notArchive = Files.write(dir.resolve("junk.zip"), junk);
        String[][] cases = {
            {traversal.toString(), "outside the archive"},
            {empty.toString(), "no PNG, JPEG, PPM or PGM images"},
            {notImage.toString(), "a.png"},
            {notArchive.toString(), "not a readable zip archive"},
            {dir.resolve("missing.tar").toString(), "no such archive"},
        };
        for (String[] c : cases) {
            CliHarness.Run r = tinyRun(Path.of(c[0]), dir.resolve("out"));
            assertEquals(ExitCodes.INPUT, r.code(), r::toString);
            assertEquals(1, r.err().strip().lines().count(), r::toString);
            assertTrue(r.err().contains(c[1]), () -> "expected '" + c[1] + "' in " + r);
        }
    }

    private static List<Integer> toList(int[] a) {
        return Arrays.stream(a).boxed().collect(Collectors.toList());
    }

    @Test
    void missingCodecProgramsAreSkippedWithAMessage() throws IOException {
        Path images = images();
        Path out = dir.resolve("out");
        Path empty = Files.createDirectories(dir.resolve("no-tools"));
        CliHarness.Run r = runAsGiven("curve", "--images", images, "--out", out, "--model", "analytic", "--steps", "2",
                "--sigma", "0.3", "--perception", "0", "--tool-path", empty,
                "--codecs", "rdpc,jpeg,webp,avif,jxl,heic");
        assertEquals(0, r.code(), r::toString);
        for (ClassicCodec.Spec s : ClassicCodec.SPECS) {
            String line = "rdpc: skipping " + s.name() + ": " + String.join(" or ", s.encoders()) + " and "
                    + String.join(" or ", s.decoders()) + " not found (Debian package " + s.package_();
            assertTrue(r.err().contains(line), "expected [" + line + "] in " + r.err());
            assertFalse(Files.exists(out.resolve(s.name() + ".json")));
        }
        assertTrue(Files.exists(out.resolve("rdpc-ode-0.json")));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Skipped jpeg: cjpeg and djpeg not found"), html);

        // asked only for codecs that are all missing: nothing to run is a usage error
        CliHarness.Run none = runAsGiven("curve", "--images", images, "--out", out, "--tool-path", empty,
                "--codecs", "jpeg");
        assertEquals(1, none.code(), none::toString);
        assertTrue(none.err().contains("skipping jpeg") && none.err().contains("no codec to run"), none.err());
    }

    /**
     * Each classic codec through the harness where its programs are installed: the sweep gives one
     * point per quality, more bits for a better setting, and an honest file size.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "webp", "avif", "jxl", "heic"})
    void installedClassicCodecIsMeasured(String name) throws IOException {
        ClassicCodec.Spec spec = ClassicCodec.spec(name).orElseThrow();
        ToolPath path = ToolPath.fromEnvironment();
        List<String> missing = new ArrayList<>();
        if (spec.encoders().stream().map(path::find).noneMatch(Optional::isPresent)) {
            missing.add(String.join(" or ", spec.encoders()));
        }
        if (spec.decoders().stream().map(path::find).noneMatch(Optional::isPresent)) {
            missing.add(String.join(" or ", spec.decoders()));
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> name + " not tested: " + String.join(" and ", missing)
                + " not on PATH (Debian package " + spec.package_() + "; run tools/setup-codecs.sh)");
        Path images = images();
        Path out = dir.resolve("out");
        // the defaults run from the lowest rate to the highest, whichever way the knob points
        List<Double> d = spec.defaults();
        String values = Keys.fmt(d.get(1)) + "," + Keys.fmt(d.get(d.size() - 1));
        CliHarness.Run r = runAsGiven("curve", "--images", images, "--out", out, "--codecs", name, "--quality",
                name + "=" + values);
        assertEquals(0, r.code(), r::toString);
        JsonObject o = json(out.resolve(name + ".json"));
        assertEquals(name, o.get("codec").getAsString());
        assertFalse(o.get("version").getAsString().equals("unknown"), o.toString());
        assertEquals(spec.knob(), o.getAsJsonObject("settings").get("rateKnob").getAsString());
        JsonArray points = o.getAsJsonArray("points");
        assertEquals(2, points.size());
        JsonObject a = points.get(0).getAsJsonObject();
        JsonObject b = points.get(1).getAsJsonObject();
        assertTrue(a.get("complete").getAsBoolean() && b.get("complete").getAsBoolean(), o.toString());
        double bppA = a.get("bpp").getAsDouble();
        double bppB = b.get("bpp").getAsDouble();
        assertTrue(bppB > bppA, "the better setting gives more bits: " + bppA + ", " + bppB);
        for (JsonObject p : List.of(a, b)) {
            assertTrue(p.get("psnr").getAsDouble() > 12, p.toString());
            assertTrue(p.get("realism").getAsDouble() >= 0, p.toString());
        }
        assertTrue(Files.readString(out.resolve("report.html")).contains("crops/" + name + ".png"));
    }

    /** Regression: with a relative --out the codec programs, which run in the work folder, found no input. */
    @Test
    void relativeOutputFolderWorksForClassicCodecs() throws IOException {
        ToolPath path = ToolPath.fromEnvironment();
        Assumptions.assumeTrue(path.find("cjpeg").isPresent() && path.find("djpeg").isPresent(),
                "not tested: cjpeg/djpeg not on PATH (Debian package libjpeg-turbo-progs; run tools/setup-codecs.sh)");
        Path images = images();
        Path relativeOut = Path.of("").toAbsolutePath().relativize(dir.resolve("relative-out").toAbsolutePath());
        assertFalse(relativeOut.isAbsolute());
        CliHarness.Run r = runAsGiven("curve", "--images", images, "--out", relativeOut, "--codecs", "jpeg",
                "--quality", "jpeg=50");
        assertEquals(0, r.code(), r::toString);
        JsonObject p = json(dir.resolve("relative-out").resolve("jpeg.json")).getAsJsonArray("points").get(0)
                .getAsJsonObject();
        assertTrue(p.get("complete").getAsBoolean(), p.toString());
    }

    @Test
    void jpegFileSizeIsTheRealOne() throws IOException, InterruptedException {
        Optional<Path> cjpeg = ToolPath.fromEnvironment().find("cjpeg");
        Assumptions.assumeTrue(cjpeg.isPresent() && ToolPath.fromEnvironment().find("djpeg").isPresent(),
                "not tested: cjpeg or djpeg not on PATH (Debian package libjpeg-turbo-progs)");
        Path images = Files.createDirectories(dir.resolve("images"));
        Path src = png(images, "a.png", W, H, 3);
        Path out = dir.resolve("out");
        CliHarness.Run r = runAsGiven("curve", "--images", images, "--out", out, "--codecs", "jpeg", "--quality",
                "jpeg=40");
        assertEquals(0, r.code(), r::toString);
        long bytes = json(out.resolve("jpeg.json")).getAsJsonArray("points").get(0).getAsJsonObject()
                .getAsJsonArray("images").get(0).getAsJsonObject().get("bytes").getAsLong();
        Path ppm = dir.resolve("a.ppm");
        dev.rdpc.image.ImageFiles.writePpm(dev.rdpc.image.ImageFiles.read(src), ppm);
        Path jpg = dir.resolve("a.jpg");
        Process p = new ProcessBuilder(cjpeg.get().toString(), "-quality", "40", "-optimize", "-outfile", jpg.toString(),
                ppm.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
        assertEquals(Files.size(jpg), bytes, "the size of the file cjpeg writes");
    }

    @Test
    void badOptionsAreUsageErrorsAndBadInputIsInputError() throws IOException {
        Path images = images();
        Path out = dir.resolve("out");
        String[][] usage = {
                {"--bpp", "0.1", "--sigma", "0.1"},
                {"--perception", "1.5"},
                {"--modes", "ode", "--knobs", "sde=0,1"},
                {"--modes", "nope"},
                {"--codecs", "rdpc,png"},
                {"--quality", "gif=1,2"},
                {"--quality", "jpeg=10.5", "--codecs", "jpeg"},
                {"--bpp", "0"},
                {"--steps", "0"},
                {"--crop-image", "zzz.png"},
        };
        for (String[] extra : usage) {
            List<Object> args = new ArrayList<>(List.of("curve", "--images", images, "--out", out, "--model",
                    "analytic"));
            args.addAll(Arrays.asList(extra));
            CliHarness.Run r = runAsGiven(args.toArray());
            assertEquals(1, r.code(), () -> Arrays.toString(extra) + ": " + r);
            assertTrue(r.err().startsWith("rdpc: ") && r.err().strip().lines().count() <= 6, r::toString);
        }
        CliHarness.Run missing = runAsGiven("curve", "--images", dir.resolve("nothing"), "--out", out);
        assertEquals(2, missing.code(), missing::toString);
        Path emptyFolder = Files.createDirectories(dir.resolve("empty"));
        CliHarness.Run empty = runAsGiven("curve", "--images", emptyFolder, "--out", out);
        assertEquals(2, empty.code(), empty::toString);
        Path notAFolder = Files.writeString(dir.resolve("file.txt"), "x");
        CliHarness.Run file = runAsGiven("curve", "--images", images, "--out", notAFolder);
        assertEquals(1, file.code(), file::toString);
    }

    @Test
    void helpStatesRangeDefaultAndRecommendationAndTheQualityDefaults() {
        CliHarness.Run r = runAsGiven("curve", "--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Usage: rdpc curve"), r.out());
        CommandLine cl = RdpcCli.newCommandLine();
        for (OptionSpec o : cl.getSubcommands().get("curve").getCommandSpec().options()) {
            if (o.arity().max() == 0) {
                continue;
            }
            String d = String.join(" ", o.description());
            assertTrue(d.contains("Default") || o.required(), o.longestName() + ": no default in " + d);
            assertTrue(d.contains("ecommended") || o.required(), o.longestName() + ": no recommendation in " + d);
            boolean free = o.longestName().equals("--crop-image") || o.longestName().equals("--images")
                    || o.longestName().equals("--out") || o.longestName().equals("--model");
            assertTrue(free || d.contains("[") || d.contains("("), o.longestName() + ": no range in " + d);
        }
        // the defaults written into --quality's help are the ones the code uses
        String quality = String.join(" ", cl.getSubcommands().get("curve").getCommandSpec().findOption("--quality")
                .description());
        for (ClassicCodec.Spec s : ClassicCodec.SPECS) {
            String defaults = s.defaults().stream().map(Keys::fmt).collect(Collectors.joining(","));
            String expected = s.name() + " " + s.knob() + " [" + Keys.fmt(s.min()) + ", " + Keys.fmt(s.max()) + "]";
            assertTrue(quality.contains(expected), "[" + expected + "] in " + quality);
            assertTrue(quality.contains("default " + defaults), s.name() + ": [default " + defaults + "] in " + quality);
        }
    }
}
