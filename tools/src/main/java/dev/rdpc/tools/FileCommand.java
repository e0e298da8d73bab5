package dev.rdpc.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Shared parts of the subcommands that read IN and write OUT: -f and -v, the IN/OUT checks, the message helpers.
 * Subclasses return {@link ExitCodes#OK} or throw; {@link RdpcCli} maps exceptions onto exit codes.
 */
abstract class FileCommand implements Callable<Integer>, RdpcCli.Verbosity {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, order = 100,
            description = "Overwrite OUT if it exists (it is replaced atomically). Default: refuse.")
    boolean force;

    @Option(names = {"-v", "--verbose"}, order = 101,
            description = "Print a summary line to stderr, and stack traces of internal errors. Default: quiet.")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    /** IN or OUT given as {@value #STDIO}: standard input or output. */
    static final String STDIO = "-";

    /** Standard input and output as byte streams; tests replace them. */
    InputStream stdin = System.in;
    OutputStream stdout = System.out;

    static boolean isStdio(Path p) {
        return p.toString().equals(STDIO);
    }

    /**
     * Checks IN and OUT before any expensive work: IN is a readable file, OUT differs from it and may be
     * written; either may be {@value #STDIO}.
     */
    void checkFiles(Path in, Path out) throws IOException {
        if (isStdio(in) && isStdio(out)) {
            return;
        }
        if (isStdio(in)) {
            AtomicOutput.checkTarget(out, force);
            return;
        }
        if (isStdio(out)) {
            checkInput(in);
            return;
        }
        if (AtomicOutput.sameFile(in, out)) {
            throw CliException.usage("IN and OUT are the same file: " + out);
        }
        checkInput(in);
        AtomicOutput.checkTarget(out, force);
    }

    private static void checkInput(Path in) {
        if (Files.isDirectory(in)) {
            throw CliException.input(in + ": is a directory, not a file", null);
        }
        if (!Files.exists(in)) {
            throw CliException.input(in + ": no such file", null);
        }
    }

    /** All of IN (a file or standard input), refused beyond {@code maxBytes}. */
    byte[] readInput(Path in, long maxBytes) {
        return readInput(in, stdin, maxBytes);
    }

    /** All of {@code in}, or of {@code stdin} when {@code in} is {@value #STDIO}, refused beyond {@code maxBytes}. */
    static byte[] readInput(Path in, InputStream stdin, long maxBytes) {
        try {
            if (isStdio(in)) {
                byte[] bytes = stdin.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw CliException.input("standard input is larger than the largest accepted input (" + maxBytes
                            + " bytes)", null);
                }
                return bytes;
            }
            long size = Files.size(in);
            if (size > maxBytes) {
                throw CliException.input(in + ": " + size + " bytes is larger than the largest accepted input ("
                        + maxBytes + " bytes)", null);
            }
            return Files.readAllBytes(in);
        } catch (IOException e) {
            throw unreadable(in, e);
        }
    }

    /**
     * Writes OUT: atomically to a file, or, for {@value #STDIO}, to standard output in one piece after the
     * content is complete (so a failure writes nothing).
     */
    void writeOutput(Path out, AtomicOutput.Content content) throws IOException {
        if (isStdio(out)) {
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
            content.writeTo(buffer);
            buffer.writeTo(stdout);
            stdout.flush();
            return;
        }
        AtomicOutput.write(out, force, content);
    }

    /** Wraps an I/O failure while reading IN as unreadable input (exit {@value ExitCodes#INPUT}). */
    static CliException unreadable(Path in, IOException e) {
        String d = ExitCodes.describe(e);
        return CliException.input(d.startsWith(in.toString()) ? "cannot read " + d : "cannot read " + in + ": " + d, e);
    }

    ParameterException badOption(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Requires a finite value in (low, high] or [low, high]. */
    void checkRange(String option, double value, double low, boolean lowOpen, double high) {
        boolean ok = Double.isFinite(value) && (lowOpen ? value > low : value >= low) && value <= high;
        if (!ok) {
            throw badOption(String.format(java.util.Locale.ROOT, "%s must lie in %s%s, %s], got %s", option,
                    lowOpen ? "(" : "[", fmt(low), fmt(high), value));
        }
    }

    void checkRange(String option, long value, long low, long high) {
        if (value < low || value > high) {
            throw badOption(option + " must lie in [" + low + ", " + high + "], got " + value);
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    void info(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("rdpc: " + line);
        err.flush();
    }
}
