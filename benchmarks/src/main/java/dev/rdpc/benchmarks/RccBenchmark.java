package dev.rdpc.benchmarks;

import dev.rdpc.core.LayerProposals;
import dev.rdpc.core.PerFrequencyProposal;
import dev.rdpc.core.PosteriorVariance;
import dev.rdpc.core.WienerDenoiser;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.ModelSpace;
import dev.rdpc.image.RasterImage;
import dev.rdpc.rcc.CounterRng;
import dev.rdpc.rcc.IndexModel;
import dev.rdpc.rcc.LayerCoder;
import dev.rdpc.rcc.StandardNormal;
import dev.rdpc.transform.BlockDct;
import dev.rdpc.transform.ImageTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The layer coder's hot paths, from one generator word to a layer of a Kodak image. Run from the
 * repository root (the Kodak benchmark reads ../shared/data/eval/kodak):
 * mvn -B -q -Pbench package -DskipTests && java -jar benchmarks/target/benchmarks.jar RccBenchmark
 * (docs/measurements.md §19 has the figures).
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RccBenchmark {
    private long counter;
    private final float[] normals = new float[1024];
    private final float[] inCache = new float[1024];
    private final float[] accumulator = new float[1024];

    /** One 64-bit word of the counter-based generator. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long generatorWord() {
        return CounterRng.word(42L, 7L, counter++, 3L);
    }

    /** 1024 standard normals of one candidate (256 words): divide the time by 1024 for ns per variate. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float normals1024() {
        StandardNormal.fill(counter++, normals, normals.length);
        return normals[17];
    }

    /**
     * The machine's limit for the search's arithmetic: 1024 multiply-adds y = y a + x over data in
     * the L1 cache, which the JIT vectorises. Divide 1024 by the time for multiply-adds per ns on
     * one core.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float multiplyAdd1024() {
        float[] x = inCache;
        float[] y = accumulator;
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] * 0.999f + x[i];
        }
        return y[(int) (counter++ & 1023)];
    }

    /**
     * One layer of 2^16 iid dimensions at a given KL per dimension (0.02 bits: a photograph's light
     * layer; 0.2: the heaviest a layer gets), coded as the encoder does: 9-bit chunks, margin 3,
     * tilt 0.3.
     */
    @State(Scope.Benchmark)
    public static class Layer {
        @Param({"0.02", "0.2"})
        double bitsPerDimension;
        @Param({"1", "2"})
        int threads;
        LayerCoder.Targets targets;
        LayerCoder.Geometry geometry;
        byte[] payload;

        @Setup(Level.Trial)
        public void setUp() {
            int n = 1 << 16;
            double x = Math.pow(2, 2 * bitsPerDimension) - 1; // 1/2 log2(1 + x) bits per dimension
            SplittableRandom random = new SplittableRandom(1);
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = (float) (Math.sqrt(x) * random.nextGaussian());
            }
            float variance = (float) (1 + x);
            targets = new LayerCoder.Targets() {
                @Override
                public int dimensions() {
                    return n;
                }

                @Override
                public float mean(int i) {
                    return 0f;
                }

                @Override
                public float variance(int i) {
                    return variance;
                }

                @Override
                public double sigma() {
                    return 1;
                }

                @Override
                public float target(int i) {
                    return t[i];
                }
            };
            double kl = LayerCoder.klBits(targets);
            int chunks = (int) Math.ceil(kl / 9);
            geometry = new LayerCoder.Geometry(5, 1, 0, chunks, IndexModel.context(kl / chunks), 1 << 10);
            payload = LayerCoder.encode(targets, geometry, new IndexModel(17), new LayerCoder.Search(3, 17, threads, 0.3),
                    new float[n], LayerCoder.Progress.NONE).payload();
        }
    }

    /** The encoder's search of one layer; result.candidateDimensions() / time is the throughput. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public LayerCoder.Result layerEncode(Layer l) {
        return LayerCoder.encode(l.targets, l.geometry, new IndexModel(17), new LayerCoder.Search(3, 17, l.threads, 0.3),
                new float[l.targets.dimensions()], LayerCoder.Progress.NONE);
    }

    /** The decoder's side of that layer: one candidate per chunk. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float[] layerDecode(Layer l) throws Exception {
        float[] y = new float[l.targets.dimensions()];
        LayerCoder.decode(l.payload, 0, l.payload.length, l.targets, l.geometry, new IndexModel(17), y);
        return y;
    }

    /**
     * A Kodak image's last layer for the analytic prior, the step 0.3 -&gt; 0.2 (about the layer a
     * 0.3 bpp file ends with): the previous layer's output drawn as c + 0.3 n, its Wiener estimate,
     * the fitted scales. The search, not the transform or the container.
     */
    @State(Scope.Benchmark)
    public static class Kodak {
        @Param({"../shared/data/eval/kodak/kodim01.png"})
        String image;
        @Param({"2"})
        int threads;
        LayerCoder.Targets targets;
        LayerCoder.Geometry geometry;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            Path path = Path.of(image);
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("the Kodak benchmark needs " + path.toAbsolutePath()
                        + " (../shared beside the repository; run from its root, or pass -p image=PATH)");
            }
            RasterImage raster = ImageFiles.read(path);
            ImageTransform transform = new ImageTransform(raster.channels(), raster.width(), raster.height(), BlockDct.DEFAULT_BLOCK_SIZE);
            float[] c = transform.forwardModel(ModelSpace.toPlanar(raster));
            PerFrequencyProposal proposal = PerFrequencyProposal.estimate(c, transform.layout());
            double previous = 0.3;
            double sigma = 0.2;
            SplittableRandom random = new SplittableRandom(2);
            float[] y = new float[c.length];
            for (int i = 0; i < c.length; i++) {
                y[i] = (float) (c[i] + previous * random.nextGaussian());
            }
            float[] denoised = new float[c.length];
            new WienerDenoiser(proposal, transform.layout()).denoise(y, previous, denoised);
            PosteriorVariance variance = new PosteriorVariance(transform.layout(), proposal, PosteriorVariance.DEFAULT_BANDS);
            int blocks = transform.layout().blocksPerChannel();
            double[] energy = new double[variance.groups()];
            for (int i = 0; i < c.length; i++) {
                double e = c[i] - denoised[i];
                energy[i / blocks] += e * e;
            }
            float[] groupVariances = variance.proposalVariances(variance.fit(energy, previous, sigma), previous, sigma);
            targets = LayerProposals.step(transform.layout(), y, denoised, groupVariances, previous, sigma, c);
            double kl = LayerCoder.klBits(targets);
            int chunks = (int) Math.ceil(kl / 9);
            geometry = new LayerCoder.Geometry(5, 6, 0, chunks, IndexModel.context(kl / chunks), blocks);
            System.out.printf("%n%s, step %s -> %s: %d dimensions, KL %.0f bits, %d chunks%n", path.getFileName(),
                    previous, sigma, c.length, kl, chunks);
        }
    }

    /** The search of that Kodak layer. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public LayerCoder.Result kodakLayerEncode(Kodak k) {
        return LayerCoder.encode(k.targets, k.geometry, new IndexModel(17), new LayerCoder.Search(3, 17, k.threads, 0.3),
                new float[k.targets.dimensions()], LayerCoder.Progress.NONE);
    }
}
