package dev.rdpc.tools;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs the CLI in-process with captured output, and makes small test images. */
final class CliHarness {
    private CliHarness() {
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + ", stdout [" + out + "], stderr [" + err + "]";
        }
    }

    /**
     * Runs the CLI. A {@code compress} without {@code --model} gets {@code --model analytic}, so that
     * the tests decode in milliseconds; {@link #runAsGiven} runs the arguments unchanged.
     */
    static Run run(Object... args) {
        if (args.length > 0 && "compress".equals(args[0]) && !java.util.Arrays.asList(args).contains("--model")) {
            Object[] withPrior = java.util.Arrays.copyOf(args, args.length + 2);
            withPrior[args.length] = "--model";
            withPrior[args.length + 1] = "analytic";
            return run(RdpcCli.newCommandLine(), withPrior);
        }
        return run(RdpcCli.newCommandLine(), args);
    }

    /** Runs the CLI with exactly these arguments. */
    static Run runAsGiven(Object... args) {
        return run(RdpcCli.newCommandLine(), args);
    }

    static Run run(CommandLine cl, Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = String.valueOf(args[i]);
        }
        int code = cl.execute(a);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * The command line of a real rdpc JVM ({@code RdpcCli.main}, as the launcher runs it) whose temporary directory
     * is {@code dir/tmp} and whose cache is {@code dir/cache}, so that what it leaves behind can be inspected.
     */
    static ProcessBuilder rdpcProcess(Path dir, List<String> jvmOptions, Object... args) throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir.resolve("tmp")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RdpcCli.class.getName()));
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        return pb;
    }

    /** Runs a real rdpc JVM with standard input closed, standard output as {@code stdout} says; stderr is captured. */
    static Run runProcess(ProcessBuilder pb, ProcessBuilder.Redirect stdout, long timeoutSeconds) throws Exception {
        Path err = Files.createTempFile("rdpc-test-stderr", ".txt");
        Path out = Files.createTempFile("rdpc-test-stdout", ".txt");
        try {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectError(err.toFile());
            pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.to(out.toFile()) : stdout);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("rdpc did not finish within " + timeoutSeconds + " s: " + pb.command()
                        + "; stderr: " + readQuietly(err));
            }
            return new Run(p.exitValue(), readQuietly(out), readQuietly(err));
        } finally {
            Files.deleteIfExists(err);
            Files.deleteIfExists(out);
        }
    }

    /** Smooth gradients plus Gaussian noise, deterministic in the seed. */
    static RasterImage image(int width, int height, int channels, long seed) {
        Random r = new Random(seed);
        byte[] s = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    double v = c == 0 ? 255.0 * x / width
                            : c == 1 ? 255.0 * y / height
                            : 128 + 100 * Math.sin((x + y) / 9.0);
                    if (channels == 1) {
                        v = 40 + 0.4 * 255.0 * x / width + 0.3 * 255.0 * y / height + 30 * Math.sin(x / 7.0);
                    }
                    v += 8 * r.nextGaussian();
                    s[(y * width + x) * channels + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return RasterImage.of(width, height, channels, s);
    }

    static Path png(Path dir, String name, int width, int height, int channels) throws IOException {
        Path p = dir.resolve(name);
        ImageFiles.writePng(image(width, height, channels, name.hashCode()), p);
        return p;
    }

    /**
     * Writes a .zip, .tar or .tar.gz (by the name) holding {@code entries} (entry name to bytes) in
     * the map's order; names are written as given, hostile ones included.
     */
    static Path archive(Path out, java.util.Map<String, byte[]> entries) throws IOException {
        String n = out.getFileName().toString();
        try (java.io.OutputStream file = Files.newOutputStream(out)) {
            if (n.endsWith(".zip")) {
                try (var zip = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(file)) {
                    for (var e : entries.entrySet()) {
                        zip.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(e.getKey()));
                        zip.write(e.getValue());
                        zip.closeArchiveEntry();
                    }
                }
                return out;
            }
            java.io.OutputStream body = n.endsWith(".gz")
                    ? new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(file) : file;
            try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(body)) {
                tar.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
                for (var e : entries.entrySet()) {
                    var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getKey(), true);
                    entry.setSize(e.getValue().length);
                    tar.putArchiveEntry(entry);
                    tar.write(e.getValue());
                    tar.closeArchiveEntry();
                }
            }
        }
        return out;
    }

    /** Names of the files in a directory, sorted. */
    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** Names in a directory that look like AtomicOutput's temporary files. */
    static List<String> temporaries(Path dir) throws IOException {
        return listing(dir).stream().filter(AtomicOutput::isTemporaryName).collect(Collectors.toList());
    }

    /** The file's text, or the reason it cannot be read (for assertion messages). */
    static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
