package dev.rdpc.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
            description = "Print a summary line to stderr, and stack traces of internal errors. Default: off.")
    boolean verbose;

    @Option(names = "--quiet", order = 102,
            description = "No progress bar, warnings or notes on stderr; errors (and the -v summary) still print. "
                    + "Default: off. The progress bar is drawn only when stderr is a terminal (Linux: /proc/self/fd/2 "
                    + "is a /dev/pts or /dev/tty device), never into a redirected log.")
    boolean quiet;

    @Override
    public boolean verbose() {
        return verbose;
    }

    /** IN or OUT given as {@value #STDIO}: standard input or output. */
    static final String STDIO = "-";

    /** Standard input and output as byte streams; tests replace them. Write failures on stdout throw. */
    InputStream stdin = System.in;
    OutputStream stdout = StandardOutput.INSTANCE;

    static boolean isStdio(Path p) {
        return p.toString().equals(STDIO);
    }

    /**
     * Checks IN and OUT before any expensive work: IN is a readable file, OUT differs from it and may be
     * written (see {@link OutputTarget}); either may be {@value #STDIO}.
     *
     * @return where OUT goes
     */
    OutputTarget checkFiles(Path in, Path out) throws IOException {
        if (!isStdio(in) && !isStdio(out) && AtomicOutput.sameFile(in, out)) {
            throw CliException.usage("IN and OUT are the same file: " + out);
        }
        if (!isStdio(in)) {
            checkInput(in);
        }
        return OutputTarget.of(out, force);
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

    /**
     * All of {@code in}, or of {@code stdin} when {@code in} is {@value #STDIO}, refused beyond {@code maxBytes}.
     * Files are read through the same bound as standard input: a device or FIFO ({@code /dev/zero}) reports no
     * size and may never end.
     */
    static byte[] readInput(Path in, InputStream stdin, long maxBytes) {
        try {
            if (isStdio(in)) {
                return BoundedRead.readAll(stdin, maxBytes, -1);
            }
            BasicFileAttributes attributes = Files.readAttributes(in, BasicFileAttributes.class);
            if (attributes.isRegularFile() && attributes.size() > maxBytes) {
                throw CliException.input(in + ": " + attributes.size() + " bytes is larger than the largest accepted "
                        + "input (" + maxBytes + " bytes)", null);
            }
            try (InputStream stream = Files.newInputStream(in)) {
                return BoundedRead.readAll(stream, maxBytes, attributes.isRegularFile() ? attributes.size() : -1);
            }
        } catch (BoundedRead.TooLargeException e) {
            String name = isStdio(in) ? "standard input" : in.toString();
            throw CliException.input(name + " is larger than the largest accepted input (" + maxBytes + " bytes)", e);
        } catch (IOException e) {
            throw unreadable(in, e);
        }
    }

    /** Writes OUT as {@code target} says; a failure is one line with exit {@value ExitCodes#IO}. */
    void writeOutput(OutputTarget target, AtomicOutput.Content content) throws IOException {
        target.write(content, stdout);
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

    /** Prints "rdpc: warning: ..." unless --quiet: something was lost or may surprise. */
    void warn(String message) {
        if (!quiet) {
            info("warning: " + message);
        }
    }

    /** Prints "rdpc: note: ..." unless --quiet: a harmless change the user may want to know about. */
    void note(String message) {
        if (!quiet) {
            info("note: " + message);
        }
    }

    /** A progress bar on stderr when stderr is a terminal and --quiet is off, else null (no bar). */
    ProgressBar progressBar(String label, String unit) {
        return quiet ? null : ProgressBar.forTerminal(spec.commandLine().getErr(), label, unit);
    }
}
