package dev.rdpc.tools;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints the RGB PSNR between two images of equal size: java -cp tools/target/rdpc-cli.jar
 * dev.rdpc.tools.ImageCompare ORIGINAL DECODED. The curve tool will supersede it.
 */
public final class ImageCompare {
    private ImageCompare() {}

    public static double psnr(RasterImage a, RasterImage b) {
        if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
            throw new IllegalArgumentException("images differ in size or channels: " + a + " vs " + b);
        }
        double squares = 0;
        for (int i = 0; i < a.sampleCount(); i++) {
            double d = a.sampleAt(i) - b.sampleAt(i);
            squares += d * d;
        }
        double mse = squares / a.sampleCount();
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ImageCompare ORIGINAL DECODED");
            System.exit(1);
        }
        RasterImage a = ImageFiles.read(Path.of(args[0]));
        RasterImage b = ImageFiles.read(Path.of(args[1]));
        System.out.printf(Locale.ROOT, "psnr %.2f dB%n", psnr(a, b));
    }
}
