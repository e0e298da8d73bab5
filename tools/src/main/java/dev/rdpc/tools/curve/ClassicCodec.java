package dev.rdpc.tools.curve;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A classic image codec driven through its command-line encoder and decoder (as Debian packages
 * them; {@code tools/setup-codecs.sh} installs them), measured by the same harness as rdpc: the
 * encoder reads the image re-written as 8-bit PNG (PPM/PGM for cjpeg), bpp comes from the size of
 * the file it writes, timings are wall seconds of each program run (process start included), and
 * the decoder's output is compared with the samples the encoder read. Apart from the quality knob
 * every tool runs with its own defaults; the exact argument lists are in {@link #SPECS}, in each
 * curve's JSON and in every cache key.
 */
public final class ClassicCodec extends CurveCodec {
    /** Longest a single encoder or decoder run may take. */
    static final long TIMEOUT_SECONDS = 600;

    /**
     * How to run one codec. In the argument templates {@code {q}}, {@code {in}} and {@code {out}}
     * stand for the knob's value, the input file and the output file; the program is the first
     * of its candidate names found on the search path.
     *
     * @param name             the codec's name on the command line and in outputs
     * @param title            what it is, for --help and the report
     * @param encoders         candidate encoder program names, first found wins
     * @param decoders         candidate decoder program names, first found wins
     * @param knob             name of the swept setting
     * @param min              smallest accepted knob value
     * @param max              largest accepted knob value
     * @param defaults         the default sweep, from low to high rate
     * @param higherIsBetter   whether a larger knob value means more bits
     * @param extension        extension of the compressed file
     * @param pnmInput         whether the encoder reads PPM/PGM rather than PNG
     * @param decodedExtension extension of the decoder's output (its format is detected from the content)
     * @param encodeArgs       the encoder's arguments
     * @param decodeArgs       the decoder's arguments
     * @param package_         the Debian package that holds the programs
     */
    public record Spec(String name, String title, List<String> encoders, List<String> decoders, String knob,
                       double min, double max, List<Double> defaults, boolean higherIsBetter, String extension,
                       boolean pnmInput, String decodedExtension, List<String> encodeArgs, List<String> decodeArgs,
                       String package_) {
    }

    /** The classic codecs, in the order reports list them. */
    public static final List<Spec> SPECS = List.of(
            new Spec("jpeg", "JPEG (libjpeg-turbo cjpeg/djpeg, 4:2:0, optimised Huffman tables)",
                    List.of("cjpeg"), List.of("djpeg"), "quality", 1, 100,
                    List.of(5.0, 10.0, 20.0, 30.0, 50.0, 70.0, 90.0), true, "jpg", true, "pnm",
                    List.of("-quality", "{q}", "-optimize", "-outfile", "{out}", "{in}"),
                    List.of("-outfile", "{out}", "{in}"), "libjpeg-turbo-progs"),
            new Spec("webp", "WebP (libwebp cwebp/dwebp, lossy)",
                    List.of("cwebp"), List.of("dwebp"), "quality", 0, 100,
                    List.of(2.0, 10.0, 25.0, 50.0, 75.0, 90.0), true, "webp", false, "png",
                    List.of("-quiet", "-q", "{q}", "{in}", "-o", "{out}"),
                    List.of("-quiet", "{in}", "-o", "{out}"), "webp"),
            new Spec("avif", "AVIF (libavif avifenc/avifdec with libaom; the quantizer, 0-63, lower = better)",
                    List.of("avifenc"), List.of("avifdec"), "quantizer", 0, 63,
                    List.of(60.0, 52.0, 44.0, 36.0, 28.0, 20.0), false, "avif", false, "png",
                    List.of("--min", "{q}", "--max", "{q}", "{in}", "{out}"),
                    List.of("{in}", "{out}"), "libavif-bin"),
            new Spec("jxl", "JPEG XL (libjxl cjxl/djxl, lossy, quality mapped to a Butteraugli distance)",
                    List.of("cjxl"), List.of("djxl"), "quality", 0, 100,
                    List.of(5.0, 15.0, 30.0, 50.0, 70.0, 90.0), true, "jxl", false, "png",
                    List.of("{in}", "{out}", "-q", "{q}"),
                    List.of("{in}", "{out}"), "libjxl-tools"),
            new Spec("heic", "HEIC (libheif heif-enc with x265, HEVC intra, 4:2:0; heif-dec or heif-convert)",
                    List.of("heif-enc"), List.of("heif-dec", "heif-convert"), "quality", 0, 100,
                    List.of(10.0, 20.0, 30.0, 40.0, 50.0, 60.0), true, "heic", false, "png",
                    List.of("-q", "{q}", "-o", "{out}", "{in}"),
                    List.of("{in}", "{out}"), "libheif-examples"));

    /** The spec of a codec name, if it is a classic codec. */
    public static Optional<Spec> spec(String name) {
        return SPECS.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A classic codec whose programs were found, or why it cannot run. */
    public record Lookup(ClassicCodec codec, String missing) {
    }

    /**
     * Finds the programs of {@code spec} on {@code path} and asks the encoder for its version.
     *
     * @param values the knob values to sweep (the defaults when empty)
     * @return the codec, or a reason naming the missing programs and the package that holds them
     */
    public static Lookup find(Spec spec, ToolPath path, List<Double> values, Path workDir) {
        Optional<Path> enc = first(path, spec.encoders());
        Optional<Path> dec = first(path, spec.decoders());
        if (enc.isEmpty() || dec.isEmpty()) {
            List<String> missing = new ArrayList<>();
            if (enc.isEmpty()) {
                missing.add(String.join(" or ", spec.encoders()));
            }
            if (dec.isEmpty()) {
                missing.add(String.join(" or ", spec.decoders()));
            }
            return new Lookup(null, String.join(" and ", missing) + " not found (Debian package " + spec.package_()
                    + "; tools/setup-codecs.sh installs it)");
        }
        String version = probeVersion(spec, enc.get(), workDir);
        return new Lookup(new ClassicCodec(spec, enc.get(), dec.get(), version,
                values.isEmpty() ? spec.defaults() : values), null);
    }

    private static Optional<Path> first(ToolPath path, List<String> names) {
        for (String n : names) {
            Optional<Path> p = path.find(n);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /**
     * What the encoder says its version is, reduced to the parts that identify the code (CPU feature
     * lists, which vary between machines, are dropped); "unknown" when it says nothing usable.
     */
    static String probeVersion(Spec spec, Path encoder, Path workDir) {
        try {
            switch (spec.name()) {
                case "jpeg":
                    return firstMatch(run(encoder, workDir, "-version"), "(libjpeg\\S*\\s+version\\s+\\S+)")
                            .orElse("unknown");
                case "webp":
                    return firstMatch(run(encoder, workDir, "-version"), "^\\s*(\\d+\\.\\d+\\S*)")
                            .map(v -> "libwebp " + v).orElse("unknown");
                case "avif":
                    return firstMatch(run(encoder, workDir, "--version"), "Version:\\s*(.+)")
                            .map(v -> "libavif " + v.strip()).orElse("unknown");
                case "jxl":
                    return firstMatch(run(encoder, workDir, "--version"), "(cjxl\\s+v?[0-9][^\\s\\[]*)")
                            .orElse("unknown");
                case "heic": {
                    String lib = firstMatch(run(encoder, workDir, "--help"), "libheif version:\\s*(\\S+)")
                            .map(v -> "libheif " + v).orElse("libheif unknown");
                    String x265 = firstMatch(run(encoder, workDir, "--list-encoders"), "(x265 HEVC encoder[^\\]\\n]*\\))")
                            .orElse("");
                    return x265.isEmpty() ? lib : lib + ", " + x265;
                }
                default:
                    return "unknown";
            }
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String run(Path program, Path workDir, String arg) throws IOException {
        return ToolPath.run(List.of(program.toString(), arg), workDir, 30).output();
    }

    private static Optional<String> firstMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private final Spec spec;
    private final Path encoder;
    private final Path decoder;
    private final String version;
    private final List<Rate> rates;
    private final Variant variant;

    ClassicCodec(Spec spec, Path encoder, Path decoder, String version, List<Double> values) {
        this.spec = spec;
        this.encoder = encoder;
        this.decoder = decoder;
        this.version = version;
        List<Rate> r = new ArrayList<>();
        for (double v : values) {
            if (!(v >= spec.min() && v <= spec.max())) {
                throw new IllegalArgumentException(spec.name() + " " + spec.knob() + " must lie in [" + Keys.fmt(spec.min())
                        + ", " + Keys.fmt(spec.max()) + "], got " + Keys.fmt(v));
            }
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException(spec.name() + " " + spec.knob() + " must be a whole number, got "
                        + Keys.fmt(v));
            }
            r.add(new Rate(spec.knob(), v));
        }
        this.rates = List.copyOf(r);
        this.variant = new Variant(spec.name(), spec.name(), new LinkedHashMap<>());
    }

    public Spec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<Rate> rates() {
        return rates;
    }

    @Override
    public List<Variant> variants() {
        return List.of(variant);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("encoder", encoder.getFileName().toString());
        s.put("encoderArgs", String.join(" ", spec.encodeArgs()));
        s.put("decoder", decoder.getFileName().toString());
        s.put("decoderArgs", String.join(" ", spec.decodeArgs()));
        s.put("input", spec.pnmInput() ? "ppm/pgm" : "png");
        return s;
    }

    @Override
    public String keyBase() {
        return spec.name() + "|version=" + version + "|enc=" + encoder.getFileName() + " "
                + String.join(" ", spec.encodeArgs()) + "|dec=" + decoder.getFileName() + " "
                + String.join(" ", spec.decodeArgs()) + "|input=" + (spec.pnmInput() ? "pnm" : "png");
    }

    @Override
    public List<Coded> code(SourceImage image, Rate rate, List<Variant> todo, RunContext context) throws Exception {
        Path work = context.workDir();
        Path in = spec.pnmInput() ? image.pnm(work) : image.png(work);
        Path compressed = Files.createTempFile(work, spec.name() + "-", "." + spec.extension());
        Path decodedFile = Files.createTempFile(work, spec.name() + "-", "." + spec.decodedExtension());
        try {
            ToolPath.Outcome enc = ToolPath.run(command(encoder, spec.encodeArgs(), rate.value(), in, compressed),
                    work, TIMEOUT_SECONDS);
            long bytes = Files.size(compressed);
            if (enc.exitCode() != 0 || bytes == 0) {
                throw new IOException(encoder.getFileName() + " failed (exit " + enc.exitCode() + "): "
                        + ToolPath.tail(enc.output(), 300));
            }
            ToolPath.Outcome dec = ToolPath.run(command(decoder, spec.decodeArgs(), rate.value(), compressed,
                    decodedFile), work, TIMEOUT_SECONDS);
            if (dec.exitCode() != 0 || Files.size(decodedFile) == 0) {
                throw new IOException(decoder.getFileName() + " failed (exit " + dec.exitCode() + "): "
                        + ToolPath.tail(dec.output(), 300));
            }
            RasterImage decoded = ImageFiles.read(decodedFile);
            RasterImage original = image.image();
            if (decoded.width() != original.width() || decoded.height() != original.height()) {
                throw new IOException(decoder.getFileName() + " returned " + decoded.width() + "x" + decoded.height()
                        + " for a " + original.width() + "x" + original.height() + " image");
            }
            List<Coded> out = new ArrayList<>();
            for (Variant v : todo) {
                out.add(new Coded(v, bytes, enc.seconds(), dec.seconds(), decoded, true));
            }
            return out;
        } finally {
            Files.deleteIfExists(compressed);
            Files.deleteIfExists(decodedFile);
        }
    }

    /** The argument list with the placeholders filled in. */
    static List<String> command(Path program, List<String> template, double value, Path in, Path out) {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        for (String a : template) {
            cmd.add(a.replace("{q}", Keys.fmt(value)).replace("{in}", in.toString()).replace("{out}", out.toString()));
        }
        return cmd;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s)", spec.name(), version);
    }
}
