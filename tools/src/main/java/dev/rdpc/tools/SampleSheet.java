package dev.rdpc.tools;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeNoise;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.decoder.DiffusionDecoder;
import dev.rdpc.decoder.TensorShape;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Unconditional samples of a diffusion model: pure noise at {@code --sigma-max} (x = sigma_max z,
 * z from {@link DecodeNoise} under {@code --seed}, stream = sample index) integrated to zero with
 * the probability-flow ODE (the decoder's {@code ode} mode at perception 1, i.e. kappa = 1, Heun
 * steps on the Karras grid), tiled into a sheet of {@code --columns} columns with 4-pixel white
 * gaps. It shows whether a model is a generative prior and not only a denoiser.
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.SampleSheet --model models/default/rdpc-default.onnx \
 *     --count 8 --size 128 --steps 32 --out docs/samples.png
 * </pre>
 */
@Command(name = "SampleSheet", mixinStandardHelpOptions = true,
        description = "Unconditional PF-ODE samples of an ONNX diffusion model, as one PNG sheet.")
public final class SampleSheet implements Callable<Integer> {
    static final int GAP = 4;

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, description = "the .onnx model (card beside it)")
    private Path model;

    @Option(names = "--out", required = true, description = "the PNG to write")
    private Path out;

    @Option(names = "--count", defaultValue = "8", description = "samples (default ${DEFAULT-VALUE})")
    private int count;

    @Option(names = "--columns", defaultValue = "4", description = "samples per row (default ${DEFAULT-VALUE})")
    private int columns;

    @Option(names = "--size", defaultValue = "128", description = "edge in pixels (default ${DEFAULT-VALUE})")
    private int size;

    @Option(names = "--steps", defaultValue = "32", description = "Heun steps (default ${DEFAULT-VALUE})")
    private int steps;

    @Option(names = "--sigma-max", defaultValue = "80", description = "starting noise level (default ${DEFAULT-VALUE})")
    private double sigmaMax;

    @Option(names = "--seed", defaultValue = "1", description = "noise seed (default ${DEFAULT-VALUE})")
    private long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SampleSheet()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getOut();
        TensorShape shape = new TensorShape(3, size, size);
        DecodeSettings settings = DecodeSettings.defaults().withMode(DecodeMode.ODE).withPerception(1).withSteps(steps);
        List<RasterImage> samples = new ArrayList<>();
        long started = System.nanoTime();
        try (OnnxDenoiser denoiser = OnnxDenoiser.load(model)) {
            for (int i = 0; i < count; i++) {
                float[] x = new float[shape.size()];
                for (int e = 0; e < x.length; e++) {
                    x[e] = (float) (sigmaMax * DecodeNoise.normal(seed, i, e));
                }
                float[] sample = DiffusionDecoder.reconstruct(denoiser, x, shape, sigmaMax, settings, null);
                samples.add(ModelSpace.toRaster(sample, size, size, 3));
            }
        }
        ImageFiles.writePng(grid(samples, columns), out);
        log.printf(Locale.ROOT, "%d samples of %dx%d, %d Heun steps from sigma %s, in %.1f s; wrote %s%n", count, size,
                size, steps, sigmaMax, (System.nanoTime() - started) / 1e9, out);
        log.flush();
        return 0;
    }

    /** Equal-sized RGB tiles in rows of {@code columns}, {@value #GAP} white pixels apart. */
    static RasterImage grid(List<RasterImage> tiles, int columns) {
        int tw = tiles.get(0).width();
        int th = tiles.get(0).height();
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        int w = cols * tw + (cols - 1) * GAP;
        int h = rows * th + (rows - 1) * GAP;
        byte[] s = new byte[w * h * 3];
        java.util.Arrays.fill(s, (byte) 0xFF);
        for (int k = 0; k < tiles.size(); k++) {
            RasterImage t = tiles.get(k).toRgb();
            int x0 = (k % cols) * (tw + GAP);
            int y0 = (k / cols) * (th + GAP);
            byte[] src = t.samples();
            for (int y = 0; y < th; y++) {
                System.arraycopy(src, y * tw * 3, s, ((y0 + y) * w + x0) * 3, tw * 3);
            }
        }
        return RasterImage.rgb(w, h, s);
    }
}
