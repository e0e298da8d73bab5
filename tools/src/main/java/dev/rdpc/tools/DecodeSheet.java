package dev.rdpc.tools;

import dev.rdpc.DecodeOptions;
import dev.rdpc.DecodeResult;
import dev.rdpc.ModelRuntime;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.RdpcException;
import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.format.ReaderLimits;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * One .rdpc file decoded across the decode-time knobs, side by side in one PNG:
 * original | ode P=0 | ode P=0.5 | ode P=1 | sde lambda=1 (decode seed 1), separated by 8 white
 * columns, optionally cropped. Prints a markdown table with each panel's RGB PSNR against the
 * original and its decode time.
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.DecodeSheet --file F.rdpc --original O.png \
 *     --out docs/decode-sheet.png [--model M.onnx] [--crop x,y,w,h]
 * </pre>
 */
@Command(name = "DecodeSheet", mixinStandardHelpOptions = true,
        description = "One file decoded at P = 0, 0.5, 1 and lambda = 1, side by side.")
public final class DecodeSheet implements Callable<Integer> {
    static final int GAP = 8;

    @Spec
    private CommandSpec spec;

    @Option(names = "--file", required = true, description = "the .rdpc file")
    private Path file;

    @Option(names = "--original", required = true, description = "the original image")
    private Path original;

    @Option(names = "--out", required = true, description = "the PNG to write")
    private Path out;

    @Option(names = "--model", description = "ONNX model (default: the analytic prior in the file)")
    private Path model;

    @Option(names = "--crop", paramLabel = "x,y,w,h", description = "crop every panel to this rectangle")
    private String crop;

    /** The panels after the original: label and options. */
    static List<Object[]> panels() {
        DecodeOptions base = DecodeOptions.fromFile().withDecodeSeed(1);
        List<Object[]> p = new ArrayList<>();
        p.add(new Object[] {"interp P=0", base.withMode(DecodeMode.INTERPOLATION).withPerception(0)});
        p.add(new Object[] {"interp P=0.5", base.withMode(DecodeMode.INTERPOLATION).withPerception(0.5)});
        p.add(new Object[] {"interp P=1", base.withMode(DecodeMode.INTERPOLATION).withPerception(1)});
        p.add(new Object[] {"ode P=0", base.withMode(DecodeMode.ODE).withPerception(0)});
        p.add(new Object[] {"sde lambda=1", base.withMode(DecodeMode.SDE).withPerception(1)});
        return p;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DecodeSheet()).execute(args));
    }

    @Override
    public Integer call() throws IOException, RdpcException {
        PrintWriter log = spec.commandLine().getOut();
        byte[] bytes = Files.readAllBytes(file);
        RasterImage reference = ImageFiles.read(original).toRgb();
        List<RasterImage> images = new ArrayList<>();
        images.add(reference);
        log.printf("| panel | RGB PSNR dB | decode s |%n|---|---|---|%n");
        double bpp = bytes.length * 8.0 / reference.pixelCount();
        try (RdpcDecoder decoder = model == null ? new RdpcDecoder()
                : RdpcDecoder.forModel(model, ReaderLimits.defaults(), ModelRuntime.defaults(), w -> log.println(w))) {
            for (Object[] panel : panels()) {
                DecodeResult r = decoder.decode(bytes, (DecodeOptions) panel[1]);
                RasterImage image = r.image().toRgb();
                images.add(image);
                log.printf(Locale.ROOT, "| %s | %.2f | %.1f |%n", panel[0], ImageCompare.psnr(reference, image), r.seconds());
                log.flush();
            }
        }
        if (crop != null) {
            String[] f = crop.split(",");
            int x = Integer.parseInt(f[0].trim());
            int y = Integer.parseInt(f[1].trim());
            int w = Integer.parseInt(f[2].trim());
            int h = Integer.parseInt(f[3].trim());
            images.replaceAll(im -> im.crop(x, y, w, h));
        }
        ImageFiles.writePng(sideBySide(images), out);
        log.printf(Locale.ROOT, "%s: %.4f bpp; wrote %s%n", file, bpp, out);
        log.flush();
        return 0;
    }

    /** RGB images of equal height next to each other, {@value #GAP} white columns apart. */
    static RasterImage sideBySide(List<RasterImage> images) {
        int h = images.get(0).height();
        int w = -GAP;
        for (RasterImage im : images) {
            if (im.height() != h || im.channels() != 3) {
                throw new IllegalArgumentException("panels must be RGB and " + h + " pixels high");
            }
            w += im.width() + GAP;
        }
        byte[] s = new byte[w * h * 3];
        java.util.Arrays.fill(s, (byte) 0xFF);
        int x0 = 0;
        for (RasterImage im : images) {
            byte[] src = im.samples();
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, y * im.width() * 3, s, (y * w + x0) * 3, im.width() * 3);
            }
            x0 += im.width() + GAP;
        }
        return RasterImage.rgb(w, h, s);
    }
}
