package dev.rdpc.benchmarks;

import dev.rdpc.rcc.CounterRng;
import dev.rdpc.rcc.RccDecoder;
import dev.rdpc.rcc.RccEncoder;
import dev.rdpc.rcc.RccParameters;
import dev.rdpc.rcc.StandardNormal;
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
 * The reverse channel coder's hot paths. Run: mvn -B -q -Pbench package -DskipTests &&
 * java -jar benchmarks/target/benchmarks.jar RccBenchmark
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RccBenchmark {
    private long counter;
    private final float[] normals = new float[1024];

    /** One 64-bit word of the counter-based generator. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long generatorWord() {
        return CounterRng.word(42L, 7L, counter++, 3L);
    }

    /** 1024 standard normals of one candidate: divide the time by 1024 for ns per variate. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float normals1024() {
        StandardNormal.fill(counter++, normals, normals.length);
        return normals[17];
    }

    /** A synthetic Gaussian source at about 0.5 bit per dimension, 2^16 dimensions. */
    @State(Scope.Benchmark)
    public static class Source {
        @Param({"8"})
        double budget;
        @Param({"1", "2"})
        int threads;
        float[] targets;
        float[] means;
        float[] variances;
        double sigma;
        byte[] payload;
        RccParameters parameters;

        @Setup(Level.Trial)
        public void setUp() {
            int n = 1 << 16;
            double v = 1;
            sigma = Math.sqrt(v / (Math.pow(2, 1.0) - 1));
            SplittableRandom random = new SplittableRandom(1);
            targets = new float[n];
            means = new float[n];
            variances = new float[n];
            for (int i = 0; i < n; i++) {
                targets[i] = (float) random.nextGaussian();
                variances[i] = (float) (v + sigma * sigma);
            }
            parameters = new RccParameters(RccParameters.Scheme.PFR, budget, (int) budget + 8, RccParameters.DEFAULT_MAX_CHUNK_DIMENSIONS);
            payload = RccEncoder.encode(targets, means, variances, sigma, 5, parameters, new RccEncoder.Search(2, 1)).payload();
        }
    }

    /** Whole RCC encode of 2^16 dimensions; candidateDimensions() of the result gives the work. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public RccEncoder.Result encode(Source s) {
        return RccEncoder.encode(s.targets, s.means, s.variances, s.sigma, 5, s.parameters, new RccEncoder.Search(2, s.threads));
    }

    /** Whole RCC decode: one candidate per chunk. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float[] decode(Source s) throws Exception {
        return RccDecoder.decode(s.payload, s.means, s.variances, s.sigma, 5, s.parameters);
    }
}
