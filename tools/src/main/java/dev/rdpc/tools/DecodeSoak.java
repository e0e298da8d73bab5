package dev.rdpc.tools;

import dev.rdpc.DecodeOptions;
import dev.rdpc.EncodeOptions;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.RdpcException;
import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.image.RasterImage;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Memory over many whole decodes through the public API: a small image is encoded once for the
 * embedded default model, then decoded {@code --decodes} times, with a fresh {@link RdpcDecoder}
 * (a new ONNX Runtime session, closed after use) every {@code --new-decoder-every} decodes. Every
 * decode must give the same image. Heap in use after a GC, VmRSS and VmHWM are printed every
 * {@code --every} decodes; flat figures mean the sessions and tensors are freed.
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.DecodeSoak --decodes 10000 --size 32 --every 1000
 * </pre>
 */
@Command(name = "DecodeSoak", mixinStandardHelpOptions = true,
        description = "Heap and resident memory over many decodes of one small file.")
public final class DecodeSoak implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--decodes", defaultValue = "10000", description = "decodes to run (default ${DEFAULT-VALUE})")
    private int decodes;

    @Option(names = "--size", defaultValue = "32", description = "edge of the square RGB test image (default ${DEFAULT-VALUE})")
    private int size;

    @Option(names = "--every", defaultValue = "1000", description = "report every N decodes (default ${DEFAULT-VALUE})")
    private int every;

    @Option(names = "--new-decoder-every", defaultValue = "100",
            description = "open a new decoder (ONNX session) every N decodes (default ${DEFAULT-VALUE})")
    private int newDecoderEvery;

    @Option(names = "--perception", defaultValue = "0.5",
            description = "perception of the interp decode, 3 Heun steps (default ${DEFAULT-VALUE}: 7 model calls)")
    private double perception;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DecodeSoak()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        byte[] pixels = new byte[size * size * 3];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (96 + random.nextInt(64) + 48 * Math.sin(i / 97.0));
        }
        RasterImage image = RasterImage.of(size, size, 3, pixels);
        byte[] file;
        try (RdpcEncoder encoder = new RdpcEncoder()) {
            file = encoder.encode(image, EncodeOptions.sigma(0.3)).file();
        }
        DecodeOptions options = DecodeOptions.fromFile().withMode(DecodeMode.INTERPOLATION).withPerception(perception).withSteps(3);
        out.printf(Locale.ROOT, "%dx%d RGB file of %d bytes, embedded model, interp P=%s, 3 steps; a new decoder every %d decodes%n",
                size, size, file.length, perception, newDecoderEvery);
        out.printf(Locale.ROOT, "| decodes | heap used MB | VmRSS MB | VmHWM MB |%n|---|---|---|---|%n");
        RasterImage first = null;
        long started = System.nanoTime();
        RdpcDecoder decoder = null;
        try {
            for (int d = 0; d < decodes; d++) {
                if (d % newDecoderEvery == 0) {
                    if (decoder != null) {
                        decoder.close();
                    }
                    decoder = new RdpcDecoder();
                }
                RasterImage decoded = decoder.decode(file, options).image();
                if (first == null) {
                    first = decoded;
                    ModelMemoryBench.report(out, 1);
                } else if (!first.equals(decoded)) {
                    throw new IllegalStateException("decode " + d + " differs from the first");
                }
                if ((d + 1) % every == 0) {
                    ModelMemoryBench.report(out, d + 1);
                }
            }
        } catch (RdpcException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            if (decoder != null) {
                decoder.close();
            }
        }
        out.printf(Locale.ROOT, "%d decodes in %.1f s, all identical%n", decodes, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
