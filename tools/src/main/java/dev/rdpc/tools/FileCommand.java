package dev.rdpc.tools;

import java.io.IOException;
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

    /** Checks IN and OUT before any expensive work: IN is a readable file, OUT differs from it and may be written. */
    void checkFiles(Path in, Path out) throws IOException {
        if (AtomicOutput.sameFile(in, out)) {
            throw CliException.usage("IN and OUT are the same file: " + out);
        }
        if (Files.isDirectory(in)) {
            throw CliException.input(in + ": is a directory, not a file", null);
        }
        if (!Files.exists(in)) {
            throw CliException.input(in + ": no such file", null);
        }
        AtomicOutput.checkTarget(out, force);
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
