package dev.rdpc.tools;

import dev.rdpc.decoder.Denoiser;
import dev.rdpc.decoder.TensorShape;
import dev.rdpc.decoder.TiledDenoiser;
import dev.rdpc.decoder.onnx.ExecutionDevice;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Memory of repeated model forwards: Java heap in use (after a GC) and the process's resident set
 * (VmRSS and VmHWM from {@code /proc/self/status}, which include ONNX Runtime's native memory),
 * printed every {@code --every} forwards; and whether the output depends on ONNX Runtime's thread
 * count.
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.ModelMemoryBench --model M.onnx \
 *     --forwards 1000 --size 3x64x64 [--every 100] [--tile 1024] [--threads-check]
 * </pre>
 *
 * <p>Each forward denoises a fresh pseudo-random input at a sigma cycling through 0.02..2, through
 * {@link TiledDenoiser} (so a size larger than {@code --tile} exercises the tiles). With
 * {@code --threads-check} it then loads the model twice more, with 1 and 2 intra-op threads, and
 * reports whether one forward of the same input is bit-identical.
 */
@Command(name = "ModelMemoryBench", mixinStandardHelpOptions = true,
        description = "Heap and resident memory over many ONNX model forwards.")
public final class ModelMemoryBench implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "ONNX", description = "the .onnx model (card beside it)")
    private Path model;

    @Option(names = "--forwards", defaultValue = "1000", description = "forwards to run (default ${DEFAULT-VALUE})")
    private int forwards;

    @Option(names = "--every", defaultValue = "100", description = "report every N forwards (default ${DEFAULT-VALUE})")
    private int every;

    @Option(names = "--size", defaultValue = "3x64x64", paramLabel = "CxHxW",
            description = "input shape (default ${DEFAULT-VALUE})")
    private String size;

    @Option(names = "--tile", defaultValue = "" + TiledDenoiser.DEFAULT_TILE,
            description = "tile edge (default ${DEFAULT-VALUE})")
    private int tile;

    @Option(names = "--threads-check", description = "also compare outputs at 1 and 2 intra-op threads")
    private boolean threadsCheck;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ModelMemoryBench()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int[] dims = Arrays.stream(size.split("x")).mapToInt(Integer::parseInt).toArray();
        if (dims.length != 3) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be CxHxW, got " + size);
        }
        TensorShape shape = new TensorShape(dims[0], dims[1], dims[2]);
        float[] x = new float[shape.size()];
        float[] result = new float[shape.size()];
        SplittableRandom random = new SplittableRandom(1);
        out.printf(Locale.ROOT, "| forwards | heap used MB | VmRSS MB | VmHWM MB |%n|---|---|---|---|%n");
        report(out, 0);
        long started = System.nanoTime();
        try (Denoiser d = TiledDenoiser.of(OnnxDenoiser.load(model), tile)) {
            for (int i = 1; i <= forwards; i++) {
                for (int e = 0; e < x.length; e++) {
                    x[e] = (float) random.nextGaussian();
                }
                d.denoise(x, shape, 0.02 * Math.pow(100, (i % 10) / 9.0), result);
                if (i % every == 0) {
                    report(out, i);
                }
            }
        }
        out.printf(Locale.ROOT, "%d forwards of %s in %.1f s%n", forwards, shape, (System.nanoTime() - started) / 1e9);
        if (threadsCheck) {
            float[] one = new float[x.length];
            float[] two = new float[x.length];
            try (Denoiser a = TiledDenoiser.of(OnnxDenoiser.load(model, ExecutionDevice.CPU, 1, w -> { }), tile);
                 Denoiser b = TiledDenoiser.of(OnnxDenoiser.load(model, ExecutionDevice.CPU, 2, w -> { }), tile)) {
                a.denoise(x, shape, 0.3, one);
                b.denoise(x, shape, 0.3, two);
            }
            out.printf("intra-op threads 1 vs 2: %s%n", Arrays.equals(one, two) ? "bit-identical"
                    : "DIFFERENT (max |diff| " + maxDiff(one, two) + ")");
        }
        out.flush();
        return 0;
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** One table row: the count, heap in use after a GC, VmRSS and VmHWM, in MB (shared with {@link DecodeSoak}). */
    static void report(PrintWriter out, int forwards) throws IOException {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        double heap = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
        out.printf(Locale.ROOT, "| %d | %.1f | %s | %s |%n", forwards, heap, status("VmRSS"), status("VmHWM"));
        out.flush();
    }

    /** A /proc/self/status field in MB, or "n/a" off Linux. */
    private static String status(String field) throws IOException {
        Path p = Path.of("/proc/self/status");
        if (!Files.exists(p)) {
            return "n/a";
        }
        for (String line : Files.readAllLines(p)) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                return String.format(Locale.ROOT, "%.1f", Long.parseLong(parts[0]) / 1024.0);
            }
        }
        return "n/a";
    }
}
