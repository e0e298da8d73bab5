package dev.rdpc.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Properties;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code rdpc} command line: {@code rdpc compress IN OUT}, {@code rdpc decompress IN OUT}, {@code rdpc help}.
 * Exit codes are those of {@link ExitCodes}; every failure prints one line to stderr starting with "rdpc: ".
 */
@Command(name = "rdpc", mixinStandardHelpOptions = true, versionProvider = RdpcCli.Version.class,
        description = "Rate-distortion-perception image codec: reverse channel coding plus a diffusion decoder.",
        subcommands = {CompressCommand.class, DecompressCommand.class, InfoCommand.class, CurveCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {RdpcCli.EXIT_0, RdpcCli.EXIT_1, RdpcCli.EXIT_2, RdpcCli.EXIT_3, RdpcCli.EXIT_4},
        footerHeading = "%nLicences:%n",
        // Short lines, one per element: picocli's own wrapping would break a file name in two.
        footer = {"The rdpc code: Apache License 2.0.",
                "The embedded default model: research and non-commercial use only, because of",
                "its training images' terms (models/default/LICENSE; in the jar,",
                "dev/rdpc/model/LICENSE). For other uses, compress with --model analytic, or",
                "with --model M.onnx (its card M.json beside it) or a bundle M.tar.gz of a",
                "model whose licence allows it."})
public final class RdpcCli {
    static final String EXIT_0 = "0:success";
    static final String EXIT_1 = "1:wrong or conflicting options, OUT exists without -f";
    static final String EXIT_2 = "2:unreadable, malformed or unsupported input";
    static final String EXIT_3 = "3:I/O failure (e.g. OUT cannot be written)";
    static final String EXIT_4 = "4:internal error (stack trace with -v)";

    /** Implemented by commands with a -v option, so that failures can print stack traces only when asked. */
    interface Verbosity {
        boolean verbose();
    }

    private RdpcCli() {
    }

    public static void main(String[] args) {
        // Before any image is read or written: ImageIO's cache files in the temporary directory outlive failed writes.
        ImageIO.setUseCache(false);
        OnnxRuntimeNatives.prepare(System.getenv());
        CommandLine cl = newCommandLine();
        cl.setOut(new PrintWriter(new OutputStreamWriter(StandardOutput.INSTANCE, standardOutputCharset()), true));
        System.exit(run(cl, args));
    }

    /** The charset picocli would use for System.out. */
    private static Charset standardOutputCharset() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /**
     * Executes {@code cl}; an {@link OutOfMemoryError} (which picocli does not handle) becomes a
     * one-line message naming the heap limit and exit {@value ExitCodes#INTERNAL}. Outputs are
     * only renamed into place after success, so nothing partial is left behind.
     */
    static int run(CommandLine cl, String[] args) {
        try {
            int code = cl.execute(args);
            // picocli's writer (info, --help, --version) swallows write failures; a PrintWriter only reports them here.
            if (cl.getOut().checkError() && code == ExitCodes.OK) {
                IOException failure = StandardOutput.INSTANCE.failure();
                PrintWriter err = cl.getErr();
                err.println("rdpc: " + StandardOutput.writeFailed(failure != null ? failure
                        : new IOException("the write failed")).getMessage());
                err.flush();
                return ExitCodes.IO;
            }
            return code;
        } catch (OutOfMemoryError e) {
            PrintWriter err = cl.getErr();
            err.println("rdpc: out of memory: the Java heap limit is " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB; give Java more, e.g. RDPC_JAVA_OPTS=-Xmx8g ./rdpc ...");
            err.flush();
            return ExitCodes.INTERNAL;
        }
    }

    /** A configured command line; call {@code execute} on it (tests redirect its out and err writers first). */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new RdpcCli());
        cl.setParameterExceptionHandler(PARAMETER_ERRORS);
        cl.setExecutionExceptionHandler(EXECUTION_ERRORS);
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        return cl;
    }

    private static final IParameterExceptionHandler PARAMETER_ERRORS = (ex, args) -> {
        CommandLine cmd = ex.getCommandLine();
        String message = ExitCodes.oneLine(String.valueOf(ex.getMessage())).replaceFirst("^Error: ", "");
        PrintWriter err = cmd.getErr();
        err.println("rdpc: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    };

    private static final IExecutionExceptionHandler EXECUTION_ERRORS = (ex, cmd, parseResult) -> {
        PrintWriter err = cmd.getErr();
        Object command = cmd.getCommand();
        boolean verbose = command instanceof Verbosity && ((Verbosity) command).verbose();
        int code = ExitCodes.of(ex);
        err.println("rdpc: " + ExitCodes.message(ex, verbose));
        if (verbose && code == ExitCodes.INTERNAL) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    };

    /** The version, from a resource that Maven filters at build time. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = "unknown";
            try (InputStream in = RdpcCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    version = p.getProperty("version", version);
                }
            } catch (IOException e) {
                // keep "unknown"
            }
            // Line 0 is the version alone: the curve tool keys its cache with it.
            return new String[] {"rdpc " + version, "Java " + System.getProperty("java.version"),
                    "Licence: Apache-2.0 (the code)",
                    "Embedded default model: " + dev.rdpc.RdpcDecoder.embeddedModelLicence().orElse("none in this build")};
        }
    }
}
