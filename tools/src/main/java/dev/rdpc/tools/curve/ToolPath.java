package dev.rdpc.tools.curve;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds external programs on a search path (by default the PATH environment variable) and runs
 * them with a time limit, their output going to a log file so that a chatty program can never
 * block on a full pipe.
 */
public final class ToolPath {
    private final List<Path> dirs;

    /** A search path of folders, in order. */
    public ToolPath(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /** The PATH environment variable as a search path. */
    public static ToolPath fromEnvironment() {
        return parse(System.getenv().getOrDefault("PATH", ""));
    }

    /** A search path in PATH syntax (folders separated by the platform's path separator). */
    public static ToolPath parse(String path) {
        List<Path> dirs = new ArrayList<>();
        for (String s : path.split(File.pathSeparator)) {
            if (!s.isBlank()) {
                dirs.add(Path.of(s));
            }
        }
        return new ToolPath(dirs);
    }

    public List<Path> dirs() {
        return dirs;
    }

    /** The first executable regular file called {@code name} on the path. */
    public Optional<Path> find(String name) {
        for (Path d : dirs) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** What a finished program did. */
    public record Outcome(int exitCode, double seconds, String output) {
    }

    /**
     * Runs {@code command} in {@code workDir} with standard input closed, standard output and error
     * together in a log file there (deleted afterwards).
     *
     * @throws IOException if the program cannot be started, or it runs longer than {@code timeoutSeconds}
     *     (it is then killed)
     */
    public static Outcome run(List<String> command, Path workDir, long timeoutSeconds) throws IOException {
        Path log = Files.createTempFile(workDir, "tool", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            long t0 = System.nanoTime();
            Process p = pb.start();
            boolean finished;
            try {
                finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.get(0), e);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!finished) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " ran longer than " + timeoutSeconds + " s and was stopped");
            }
            return new Outcome(p.exitValue(), seconds, Files.readString(log, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static File nullDevice() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }

    /** The last {@code max} characters of a program's output, on one line. */
    static String tail(String output, int max) {
        String s = output.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }
}
