package dev.rdpc.tools;

import dev.rdpc.DecodeOptions;
import dev.rdpc.DecodeResult;
import dev.rdpc.EncodeOptions;
import dev.rdpc.EncodeResult;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The large-image memory check of docs/reliability.md §7: makes a photograph of any size by
 * tiling one image and its mirror images, encodes it and decodes it through the library, so that
 * the JVM's heap (run it with the launcher's {@code -Xmx4g}) and {@code /usr/bin/time -v} measure
 * the codec alone.
 *
 * <pre>
 * java -cp tools/target/rdpc-cli.jar dev.rdpc.tools.LargeImageRun make kodim23.png 8000 big.png
 * java -Xmx4g -cp tools/target/rdpc-cli.jar dev.rdpc.tools.LargeImageRun encode big.png 3 big.rdpc
 * java -Xmx4g -cp tools/target/rdpc-cli.jar dev.rdpc.tools.LargeImageRun decode big.rdpc big.png 300000000
 * </pre>
 */
public final class LargeImageRun {
    private LargeImageRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LargeImageRun make SOURCE EDGE OUT.png | encode IN SIGMA OUT.rdpc"
                    + " | decode IN.rdpc ORIGINAL MAX_MODEL_WORK");
            System.exit(1);
        }
        switch (args[0]) {
            case "make" -> make(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "encode" -> encode(Path.of(args[1]), Double.parseDouble(args[2]), Path.of(args[3]));
            case "decode" -> decode(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    /** An edge x edge RGB image of the source and its mirror images, so that no seam is a hard edge. */
    static void make(Path source, int edge, Path out) throws Exception {
        BufferedImage tile = ImageIO.read(source.toFile());
        int w = tile.getWidth();
        int h = tile.getHeight();
        BufferedImage image = new BufferedImage(edge, edge, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < edge; y++) {
            for (int x = 0; x < edge; x++) {
                int sx = (x / w) % 2 == 1 ? w - 1 - x % w : x % w;
                int sy = (y / h) % 2 == 1 ? h - 1 - y % h : y % h;
                image.setRGB(x, y, tile.getRGB(sx, sy));
            }
        }
        ImageIO.write(image, "png", new File(out.toString()));
    }

    static void encode(Path in, double sigma, Path out) throws Exception {
        RasterImage image = ImageFiles.read(in);
        System.out.printf(Locale.ROOT, "image %dx%d, heap %d MB%n", image.width(), image.height(),
                Runtime.getRuntime().maxMemory() >> 20);
        try (RdpcEncoder encoder = new RdpcEncoder()) {
            EncodeResult result = encoder.encode(image, EncodeOptions.sigma(sigma));
            Files.write(out, result.file());
            System.out.printf(Locale.ROOT, "%.6f bpp, %d layers, %.1f s%n", result.bpp(), result.layers().size(),
                    result.seconds());
        }
    }

    static void decode(Path in, Path original, long maxModelWork) throws Exception {
        byte[] file = Files.readAllBytes(in);
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            DecodeResult result = decoder.decode(file, DecodeOptions.fromFile().withMaxModelWork(maxModelWork));
            RasterImage decoded = result.image();
            System.out.printf(Locale.ROOT, "decoded %dx%d in %.1f s%n", decoded.width(), decoded.height(),
                    result.seconds());
            byte[] x = ImageFiles.read(original).samples();
            byte[] y = decoded.samples();
            double squares = 0;
            for (int i = 0; i < x.length; i++) {
                double d = (x[i] & 0xFF) - (y[i] & 0xFF);
                squares += d * d;
            }
            System.out.printf(Locale.ROOT, "PSNR %.2f dB%n", 10 * Math.log10(255.0 * 255.0 * x.length / squares));
        }
    }
}
