import dev.rdpc.decoder.TensorShape;
import dev.rdpc.decoder.onnx.ExecutionDevice;
import dev.rdpc.decoder.onnx.OnnxDenoiser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Checks an exported prior from Java, through the decoder's own loader: the card parses, the
 * SHA-256 matches, the graph matches the card, and D(x; sigma) from ONNX Runtime agrees with the
 * torch output that export.py --reference-dir wrote. Optionally times forwards at 768x512.
 *
 * <pre>
 *   java -cp decoder/target/rdpc-decoder-0.1.0-SNAPSHOT.jar:ONNXRUNTIME_JAR:GSON_JAR \
 *       tools/train/OnnxCheck.java MODEL.onnx [REF_DIR] [--bench N] [--threads T]
 * </pre>
 * Without REF_DIR (a model from export_user_model.py, say) it loads the model and runs it on a
 * random 37x45 image at a few noise levels, checking that the output is finite.
 * (a single-file source program; see tools/train/README.md for the exact jar paths).
 */
public class OnnxCheck {

    static float[] read(Path p, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] a = new float[n];
        b.asFloatBuffer().get(a);
        if (b.capacity() != 4 * n) {
            throw new IOException(p + " has " + b.capacity() + " bytes, expected " + 4 * n);
        }
        return a;
    }

    /** PSNR in [0, 1] units of a against reference r, both in [-1, 1] (a clamped). */
    static double psnr01(float[] a, float[] r) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.max(-1, Math.min(1, a[i])) - r[i];
            se += d * d;
        }
        return 10 * Math.log10(1.0 / (se / a.length / 4.0));
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int first = args.length > 1 && !args[1].startsWith("--") ? 2 : 1;
        if (first == 1) {
            smoke(model);
            return;
        }
        Path ref = Path.of(args[1]);
        int bench = 0;
        int threads = 2;
        for (int i = first; i < args.length; i++) {
            if (args[i].equals("--bench")) {
                bench = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[++i]);
            }
        }
        String meta = Files.readString(ref.resolve("reference.json"));
        double sigma = Double.parseDouble(meta.replaceAll("(?s).*\"sigma\":\\s*([0-9.eE+-]+).*", "$1"));
        int size = 64;
        TensorShape shape = new TensorShape(3, size, size);
        int n = shape.size();
        float[] clean = read(ref.resolve("clean.f32"), n);
        float[] noisy = read(ref.resolve("noisy.f32"), n);
        float[] torchD = read(ref.resolve("denoised_torch.f32"), n);
        try (OnnxDenoiser den = OnnxDenoiser.load(model, ExecutionDevice.CPU, threads, System.err::println)) {
            System.out.println("loaded " + den + " card " + den.card().name());
            float[] out = new float[n];
            den.denoise(noisy, shape, sigma, out);
            double maxDiff = 0;
            for (int i = 0; i < n; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(out[i] - torchD[i]));
            }
            System.out.printf("sigma %.4f on a 3x%dx%d held-out training crop: PSNR noisy %.2f dB, ORT D %.2f dB "
                    + "(gain %.2f dB), torch D %.2f dB; max |D_ort - D_torch| = %.3g%n", sigma, size, size,
                    psnr01(noisy, clean), psnr01(out, clean), psnr01(out, clean) - psnr01(noisy, clean),
                    psnr01(torchD, clean), maxDiff);
            // a size that is not a multiple of spatialMultiple goes through the adapter's padding
            TensorShape odd = new TensorShape(3, 61, 59);
            float[] x2 = new float[odd.size()];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 61; y++) {
                    System.arraycopy(noisy, (c * size + y) * size, x2, (c * 61 + y) * 59, 59);
                }
            }
            float[] o2 = new float[odd.size()];
            den.denoise(x2, odd, sigma, o2);
            System.out.println("3x61x59 input (padded to 64x64 by the adapter): output finite = "
                    + Arrays.stream(toDouble(o2)).allMatch(Double::isFinite));
            if (bench > 0) {
                TensorShape big = new TensorShape(3, 512, 768);
                float[] xb = new float[big.size()];
                Random r = new Random(1);
                for (int i = 0; i < xb.length; i++) {
                    xb[i] = (float) (0.5 * r.nextGaussian());
                }
                float[] ob = new float[big.size()];
                den.denoise(xb, big, 0.5, ob); // warm-up
                double[] t = new double[bench];
                for (int i = 0; i < bench; i++) {
                    long t0 = System.nanoTime();
                    den.denoise(xb, big, 0.5, ob);
                    t[i] = (System.nanoTime() - t0) / 1e9;
                }
                Arrays.sort(t);
                System.out.printf("ORT forward at 1x3x512x768, %d intra-op threads: median %.3f s (min %.3f, max %.3f, "
                        + "%d runs)%n", threads, t[bench / 2], t[0], t[bench - 1], bench);
            }
        }
    }

    static void smoke(Path model) throws IOException {
        try (OnnxDenoiser den = OnnxDenoiser.load(model)) {
            System.out.println("loaded " + den + " card " + den.card().name() + " ("
                    + den.card().parameterization() + ")");
            TensorShape shape = new TensorShape(den.card().channels(), 37, 45);
            Random r = new Random(3);
            for (double sigma : new double[] {0.001, 0.2, 5.0, 200.0}) {
                float[] x = new float[shape.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (sigma * r.nextGaussian());
                }
                float[] out = new float[x.length];
                den.denoise(x, shape, sigma, out);
                double mad = 0;
                boolean finite = true;
                for (int i = 0; i < x.length; i++) {
                    finite &= Float.isFinite(out[i]);
                    mad += Math.abs(out[i] - x[i]) / x.length;
                }
                System.out.printf("sigma %g: output finite = %b, mean |D - x| = %.4g%n", sigma, finite, mad);
            }
            System.out.println("network calls " + den.calls() + ", clamped (sigma outside the card's range) "
                    + den.clampedCalls());
        }
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
