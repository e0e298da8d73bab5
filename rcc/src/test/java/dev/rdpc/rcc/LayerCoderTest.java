package dev.rdpc.rcc;

import static dev.rdpc.rcc.Layers.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** LayerCoder's encoder and decoder together (DESIGN.md §7, docs/format.md §7.3 to §7.5). */
class LayerCoderTest {
    static final double TILT = 0.3;

    /** Three consecutive layers of one file: sizes, chunk counts, contexts; one index model carried through them. */
    record File(long seed, int log2Candidates, double sigma, int[] sizes, int[] chunks, int[] contexts, int threads) {
        Layers.Layer layer(int l) {
            return Layers.mixed(seed * 31 + l, sizes[l], sigma);
        }

        LayerCoder.Geometry geometry(int l) {
            long first = 0;
            for (int k = 0; k < l; k++) {
                first += chunks[k];
            }
            // Layers 0 and 2 in four groups (the codec's dealing by group), layer 1 as one group.
            int group = l != 1 && sizes[l] % 4 == 0 ? sizes[l] / 4 : 0;
            return new LayerCoder.Geometry(seed, l, first, chunks[l], contexts[l], group);
        }

        LayerCoder.Search search() {
            return new LayerCoder.Search(2, log2Candidates, threads, TILT);
        }
    }

    static final File[] FILES = {
        new File(11, 10, 0.4, new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {0, 5, 31}, 1),
        new File(-3, 12, 0.3, new int[] {300, 500, 64}, new int[] {1, 40, 64}, new int[] {8, 9, 0}, 2),
        new File(0x5EED, 16, 1.0, new int[] {2000, 3001, 1500}, new int[] {170, 3001, 150}, new int[] {8, 2, 12}, 2),
        new File(7, 3, 0.05, new int[] {50, 50, 50}, new int[] {5, 50, 1}, new int[] {1, 2, 3}, 1),
    };

    /** What the encoder wrote for the layers of a file. */
    record Encoded(LayerCoder.Result[] results, float[][] outputs) {}

    static Encoded encode(File file) {
        IndexModel model = new IndexModel(file.log2Candidates());
        LayerCoder.Result[] results = new LayerCoder.Result[3];
        float[][] outputs = new float[3][];
        for (int l = 0; l < 3; l++) {
            Layers.Layer layer = file.layer(l);
            outputs[l] = new float[layer.dimensions()];
            results[l] = LayerCoder.encode(layer, file.geometry(l), model, file.search(), outputs[l], LayerCoder.Progress.NONE);
        }
        return new Encoded(results, outputs);
    }

    @Test
    void decoderRegeneratesTheEncodersOutputExactlyAcrossLayers() throws CorruptBitstreamException {
        for (File file : FILES) {
            Encoded encoded = encode(file);
            IndexModel model = new IndexModel(file.log2Candidates());
            for (int l = 0; l < 3; l++) {
                Layers.Layer layer = file.layer(l);
                byte[] payload = encoded.results()[l].payload();
                float[] y = new float[layer.dimensions()];
                LayerCoder.decode(payload, 0, payload.length, layer.proposal(), file.geometry(l), model, y);
                String where = "seed " + file.seed() + ", layer " + l;
                assertBitIdentical(encoded.outputs()[l], y, y.length, where);
                checkFormula(layer, file.geometry(l), encoded.results()[l].indices(), y, where);
                for (long k : encoded.results()[l].indices()) {
                    assertTrue(k >= 1 && k <= 1L << file.log2Candidates(), where + ": index " + k);
                }
            }
        }
    }

    /** y_i = binary32(m_i + sqrt(s_i^2) z) in binary64, z the normal of dimension i's chunk position in candidate K_j. */
    static void checkFormula(Layers.Layer layer, LayerCoder.Geometry geometry, long[] indices, float[] y, String where) {
        int n = layer.dimensions();
        LayerDeal deal = geometry.deal(n);
        assertEquals(geometry.chunkCount(), indices.length);
        boolean[] seen = new boolean[n];
        for (int j = 0; j < geometry.chunkCount(); j++) {
            int[] dims = new int[deal.chunkSize(j)];
            deal.fill(j, dims);
            long key = CounterRng.candidateKey(CounterRng.chunkKey(geometry.seed(), geometry.firstChunk() + j), indices[j]);
            float[] z = new float[dims.length];
            StandardNormal.fill(key, z, z.length);
            for (int t = 0; t < dims.length; t++) {
                int i = dims[t];
                assertFalse(seen[i]);
                seen[i] = true;
                float expected = (float) ((double) layer.means()[i] + Math.sqrt((double) layer.variances()[i]) * (double) z[t]);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[i]), where + ", chunk " + j + ", dimension " + i);
            }
        }
    }

    @Test
    void theIndexModelMustBeCarriedAcrossLayers() throws CorruptBitstreamException {
        File file = FILES[2];
        Encoded encoded = encode(file);
        // Layer 1 read with a fresh model instead of the one that read layer 0: the contexts' statistics
        // differ, so the decoder goes astray (or fails).
        Layers.Layer layer = file.layer(1);
        byte[] payload = encoded.results()[1].payload();
        float[] y = new float[layer.dimensions()];
        try {
            LayerCoder.decode(payload, 0, payload.length, layer.proposal(), file.geometry(1), new IndexModel(file.log2Candidates()), y);
            assertFalse(Arrays.equals(encoded.outputs()[1], y));
        } catch (CorruptBitstreamException expected) {
            // also acceptable
        }
    }

    @Test
    void keysComeFromSeedLayerAndFirstChunk() throws CorruptBitstreamException {
        File file = FILES[1];
        Layers.Layer layer = file.layer(1);
        LayerCoder.Geometry g = file.geometry(1);
        float[] y = new float[layer.dimensions()];
        LayerCoder.Result result = LayerCoder.encode(layer, g, new IndexModel(file.log2Candidates()), file.search(), y,
                LayerCoder.Progress.NONE);
        LayerCoder.Geometry[] others = {
            new LayerCoder.Geometry(g.seed() + 1, g.layer(), g.firstChunk(), g.chunkCount(), g.context()),
            new LayerCoder.Geometry(g.seed(), g.layer() + 1, g.firstChunk(), g.chunkCount(), g.context()),
            new LayerCoder.Geometry(g.seed(), g.layer(), g.firstChunk() + 1, g.chunkCount(), g.context()),
        };
        for (LayerCoder.Geometry other : others) {
            float[] z = new float[layer.dimensions()];
            LayerCoder.decode(result.payload(), 0, result.payload().length, layer.proposal(), other,
                    new IndexModel(file.log2Candidates()), z);
            int same = 0;
            for (int i = 0; i < z.length; i++) {
                if (z[i] == y[i]) {
                    same++;
                }
            }
            // The same indices under other keys (or another permutation): hardly any value agrees.
            assertTrue(same < z.length / 20, other + ": " + same + " of " + z.length + " values unchanged");
        }
    }

    @Test
    void indicesAndPayloadDoNotDependOnTheThreadCount() {
        Layers.Layer layer = Layers.mixed(5, 6000, 0.1);
        LayerCoder.Geometry geometry = new LayerCoder.Geometry(1234, 2, 77, 600, 9);
        float[] one = new float[layer.dimensions()];
        LayerCoder.Result reference = LayerCoder.encode(layer, geometry, new IndexModel(14), new LayerCoder.Search(2, 14, 1, TILT),
                one, LayerCoder.Progress.NONE);
        for (int threads : new int[] {2, 4}) {
            float[] y = new float[layer.dimensions()];
            LayerCoder.Result result = LayerCoder.encode(layer, geometry, new IndexModel(14), new LayerCoder.Search(2, 14, threads, TILT),
                    y, LayerCoder.Progress.NONE);
            assertArrayEquals(reference.indices(), result.indices(), threads + " threads");
            assertArrayEquals(reference.payload(), result.payload(), threads + " threads");
            assertBitIdentical(one, y, y.length, threads + " threads");
            assertEquals(reference.candidatesSearched(), result.candidatesSearched());
            assertEquals(reference.candidateDimensions(), result.candidateDimensions());
            assertEquals(reference.klBits(), result.klBits());
        }
    }

    @Test
    void resultBookkeepingAndProgress() {
        for (int threads : new int[] {1, 3}) {
            Layers.Layer layer = Layers.mixed(6, 2500, 0.2);
            LayerCoder.Geometry geometry = new LayerCoder.Geometry(99, 0, 0, 250, 10);
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger last = new AtomicInteger();
            float[] y = new float[layer.dimensions() + 5];
            Arrays.fill(y, Float.NaN);
            LayerCoder.Result result = LayerCoder.encode(layer, geometry, new IndexModel(16), new LayerCoder.Search(2, 16, threads, TILT),
                    y, (done, total) -> {
                        assertEquals(250, total);
                        calls.incrementAndGet();
                        last.accumulateAndGet(done, Math::max);
                    });
            assertEquals(250, calls.get());
            assertEquals(250, last.get());
            assertEquals(LayerCoder.klBits(layer), result.klBits(), 1e-9 * result.klBits());
            assertEquals(Kl.totalBits(layer.targets(), layer.means(), layer.variances(), layer.sigma()), result.klBits(), 1e-9 * result.klBits());
            assertEquals(8L * result.payload().length, result.payloadBits());
            assertEquals(250, result.indices().length);
            assertTrue(result.candidatesSearched() >= 250);
            // Every chunk has 10 dimensions.
            assertEquals(10 * result.candidatesSearched(), result.candidateDimensions());
            // The payload cannot be far below the KL, and with margin 2 not far above it either.
            assertTrue(result.payloadBits() > 0.9 * result.klBits() && result.payloadBits() < 1.6 * result.klBits(),
                    result.payloadBits() + " bits for KL " + result.klBits());
            // Exactly n values are written.
            for (int i = 0; i < y.length; i++) {
                assertEquals(i < layer.dimensions(), Float.isFinite(y[i]), "value " + i);
            }
        }
    }

    @Test
    void outputMayBeTheArrayTheProposalReads() throws CorruptBitstreamException {
        Layers.Layer layer = Layers.mixed(8, 3000, 0.3);
        LayerCoder.Geometry geometry = new LayerCoder.Geometry(3, 1, 10, 300, 9);
        float[] separate = new float[layer.dimensions()];
        LayerCoder.Result reference = LayerCoder.encode(layer, geometry, new IndexModel(14), new LayerCoder.Search(2, 14, 1, TILT),
                separate, LayerCoder.Progress.NONE);
        for (int threads : new int[] {1, 2}) {
            // Encoder: the means are overwritten by the output while the layer is coded.
            float[] means = layer.means().clone();
            Layers.Layer aliased = new Layers.Layer(layer.targets(), means, layer.variances(), layer.sigma());
            LayerCoder.Result result = LayerCoder.encode(aliased, geometry, new IndexModel(14), new LayerCoder.Search(2, 14, threads, TILT),
                    means, LayerCoder.Progress.NONE);
            assertArrayEquals(reference.payload(), result.payload());
            assertBitIdentical(separate, means, means.length, "encoder, " + threads + " threads");
            // Decoder likewise.
            float[] decoded = layer.means().clone();
            LayerCoder.decode(result.payload(), 0, result.payload().length, Layers.proposal(decoded, layer.variances()), geometry,
                    new IndexModel(14), decoded);
            assertBitIdentical(separate, decoded, decoded.length, "decoder");
        }
    }

    @Test
    void payloadMayLieInsideALargerArray() throws CorruptBitstreamException {
        Layers.Layer layer = Layers.mixed(9, 800, 0.2);
        LayerCoder.Geometry geometry = new LayerCoder.Geometry(4, 0, 0, 80, 9);
        float[] y = new float[800];
        LayerCoder.Result result = LayerCoder.encode(layer, geometry, new IndexModel(12), new LayerCoder.Search(2, 12, 1, TILT), y,
                LayerCoder.Progress.NONE);
        byte[] payload = result.payload();
        byte[] file = new byte[payload.length + 40];
        Arrays.fill(file, (byte) 0x6B);
        System.arraycopy(payload, 0, file, 17, payload.length);
        float[] z = new float[800];
        LayerCoder.decode(file, 17, payload.length, layer.proposal(), geometry, new IndexModel(12), z);
        assertBitIdentical(y, z, 800, "payload at offset 17");
        // A damaged stream at an offset reports an offset inside its own bytes of the array.
        int failures = 0;
        for (int cut = 0; cut < payload.length; cut++) {
            int length = cut;
            try {
                LayerCoder.decode(file, 17, length, layer.proposal(), geometry, new IndexModel(12), z);
            } catch (CorruptBitstreamException e) {
                assertTrue(e.offset() >= 17 && e.offset() <= 17 + length, "offset " + e.offset() + " for a stream at 17");
                failures++;
            }
        }
        assertTrue(failures > 0);
        // A stream that does not fit its array is corrupt, not an argument error.
        for (int[] bad : new int[][] {{-1, payload.length}, {30, payload.length}, {0, -1}, {file.length, 1}}) {
            assertThrows(CorruptBitstreamException.class,
                    () -> LayerCoder.decode(file, bad[0], bad[1], layer.proposal(), geometry, new IndexModel(12), z),
                    "offset " + bad[0] + ", length " + bad[1]);
        }
    }

    /**
     * The decoder reads indices from integers alone: with proposal means (or variances) that differ from
     * the encoder's by a relative 1e-6 it reads the same indices, and its values move by about as much.
     */
    @Test
    void decoderReadsEveryIndexWhenItsProposalDiffersSlightly() throws CorruptBitstreamException {
        File file = FILES[2];
        Encoded encoded = encode(file);
        IndexModel meansModel = new IndexModel(file.log2Candidates());
        IndexModel variancesModel = new IndexModel(file.log2Candidates());
        double worst = 0;
        for (int l = 0; l < 3; l++) {
            Layers.Layer layer = file.layer(l);
            int n = layer.dimensions();
            float[] means = new float[n];
            float[] variances = new float[n];
            for (int i = 0; i < n; i++) {
                double sign = i % 2 == 0 ? 1 : -1;
                means[i] = (float) (layer.means()[i] * (1 + sign * 1e-6));
                variances[i] = (float) (layer.variances()[i] * (1 + sign * 1e-6));
            }
            byte[] payload = encoded.results()[l].payload();
            float[] y = new float[n];
            LayerCoder.decode(payload, 0, payload.length, Layers.proposal(means, layer.variances()), file.geometry(l), meansModel, y);
            float[] x = encoded.outputs()[l];
            Layers.Layer shifted = new Layers.Layer(layer.targets(), means, layer.variances(), layer.sigma());
            // The same indices: the values are exactly those of the encoder's indices under the shifted means.
            checkFormula(shifted, file.geometry(l), encoded.results()[l].indices(), y, "shifted means, layer " + l);
            for (int i = 0; i < n; i++) {
                double bound = Math.abs(means[i] - layer.means()[i]) + Math.ulp(Math.max(Math.abs(x[i]), Math.abs(y[i])));
                double difference = Math.abs(y[i] - x[i]);
                assertTrue(difference <= bound, "layer " + l + ", value " + i + ": " + x[i] + " vs " + y[i]);
                worst = Math.max(worst, difference / (Math.abs(layer.means()[i]) + Math.abs(x[i]) + 1e-30));
            }
            float[] v = new float[n];
            LayerCoder.decode(payload, 0, payload.length, Layers.proposal(layer.means(), variances), file.geometry(l), variancesModel, v);
            checkFormula(new Layers.Layer(layer.targets(), layer.means(), variances, layer.sigma()), file.geometry(l),
                    encoded.results()[l].indices(), v, "shifted variances, layer " + l);
        }
        // Relative to |m| + |y|: a few 1e-7.
        assertTrue(worst < 2e-6, "largest relative change " + worst);
    }

    /** Outcome of a decode: 0 the original output, 1 another output, 2 CorruptBitstreamException. */
    static int attempt(byte[] payload, Layers.Layer layer, LayerCoder.Geometry geometry, int log2Candidates, float[] original) {
        float[] y = new float[layer.dimensions()];
        try {
            LayerCoder.decode(payload, 0, payload.length, layer.proposal(), geometry, new IndexModel(log2Candidates), y);
            for (float v : y) {
                assertTrue(Float.isFinite(v));
            }
            return Arrays.equals(y, original) ? 0 : 1;
        } catch (CorruptBitstreamException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= payload.length, "offset " + e.offset() + " outside the payload");
            assertTrue(e.reason() != null && !e.reason().isEmpty());
            return 2;
        }
        // Any other exception fails the test.
    }

    @Test
    void damagedPayloadsDecodeToOtherValuesOrFailCleanly() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(2024);
        int[][] outcomes = new int[3][3]; // prefix, byte change, random bytes x outcome
        for (int problem = 0; problem < 4; problem++) {
            int n = 300 + 400 * problem;
            int log2Candidates = problem == 3 ? 5 : 12 + problem;
            Layers.Layer layer = Layers.mixed(900 + problem, n, problem % 2 == 0 ? 0.1 : 0.7);
            LayerCoder.Geometry geometry = new LayerCoder.Geometry(31L * problem + 1, problem, 5L * problem,
                    Layers.chunkCount(LayerCoder.klBits(layer), 8, n), 8);
            float[] original = new float[n];
            byte[] valid = LayerCoder.encode(layer, geometry, new IndexModel(log2Candidates),
                    new LayerCoder.Search(2, log2Candidates, 2, TILT), original, LayerCoder.Progress.NONE).payload();
            assertEquals(0, attempt(valid, layer, geometry, log2Candidates, original));
            // Every proper prefix. The stream is the number with the most trailing zeros in the final
            // interval, so a prefix (a number with yet more trailing zeros, below it) lies outside the
            // interval: it never decodes to the original output.
            for (int cut = 0; cut < valid.length; cut++) {
                int outcome = attempt(Arrays.copyOf(valid, cut), layer, geometry, log2Candidates, original);
                assertTrue(outcome != 0, "a " + cut + "-byte prefix of " + valid.length + " decoded to the original");
                outcomes[0][outcome]++;
            }
            // Every single-byte change at every position.
            for (int at = 0; at < valid.length; at++) {
                for (int change : new int[] {0x01, 0x10, 0x80, 0xFF, 1 + random.nextInt(255)}) {
                    byte[] bad = valid.clone();
                    bad[at] ^= (byte) change;
                    outcomes[1][attempt(bad, layer, geometry, log2Candidates, original)]++;
                }
            }
            // Random payloads of every length up to twice the valid one.
            for (int length = 0; length <= 2 * valid.length; length++) {
                byte[] garbage = new byte[length];
                random.nextBytes(garbage);
                outcomes[2][attempt(garbage, layer, geometry, log2Candidates, original)]++;
            }
        }
        String[] names = {"prefixes", "byte changes", "random bytes"};
        for (int kind = 0; kind < 3; kind++) {
            System.out.printf("damaged layer payloads, %-12s: original %4d, other values %4d, rejected %4d%n",
                    names[kind], outcomes[kind][0], outcomes[kind][1], outcomes[kind][2]);
        }
        assertTrue(outcomes[0][2] > 0 && outcomes[1][2] > 0 && outcomes[1][1] > 0);
    }

    @Test
    void anIndexOctaveAboveTheCapIsRejected() {
        Layers.Layer layer = Layers.mixed(3, 20, 0.5);
        // log2Candidates 4 codes octaves in a 3-bit tree: octaves 5 to 7 can be written but are invalid.
        for (int octave = 5; octave <= 7; octave++) {
            for (int context : new int[] {0, 6, 31}) {
                RangeEncoder encoder = new RangeEncoder();
                IndexModel model = new IndexModel(4);
                model.encode(encoder, 3, context); // chunk 0 is fine
                short[] tree = new short[8];
                Arrays.fill(tree, RangeEncoder.INITIAL);
                // The context's tree has seen one octave-1 index: replay that adaptation, then write the bad octave.
                encoderTreeAfter(tree, 1);
                encoder.encodeTree(tree, 3, octave);
                byte[] payload = encoder.finish();
                LayerCoder.Geometry geometry = new LayerCoder.Geometry(1, 0, 0, 2, context);
                CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class,
                        () -> LayerCoder.decode(payload, 0, payload.length, layer.proposal(), geometry, new IndexModel(4), new float[20]));
                assertTrue(e.reason().contains("octave " + octave), e.getMessage());
            }
        }
        // An index in the top octave above 2^log2Candidates.
        for (int log2 : new int[] {1, 5, 9, 30}) {
            RangeEncoder encoder = new RangeEncoder();
            new IndexModel(log2).encode(encoder, (1L << log2) + 1, 4);
            byte[] payload = encoder.finish();
            LayerCoder.Geometry geometry = new LayerCoder.Geometry(1, 0, 0, 1, 4);
            CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class,
                    () -> LayerCoder.decode(payload, 0, payload.length, layer.proposal(), geometry, new IndexModel(log2), new float[20]));
            assertTrue(e.reason().contains("exceeds the candidate cap"), e.getMessage());
        }
    }

    /** Adapts a fresh 3-bit octave tree as coding {@code octave} once does (the encoder's state is private). */
    private static void encoderTreeAfter(short[] tree, int octave) {
        new RangeEncoder().encodeTree(tree, 3, octave);
    }

    @Test
    void geometryAndSearchRejectIllegalArguments() {
        assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Geometry(0, -1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Geometry(0, 0, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Geometry(0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Geometry(0, 0, 0, -5, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Geometry(0, 0, 0, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Geometry(0, 0, 0, 1, IndexModel.CONTEXTS));
        new LayerCoder.Geometry(Long.MIN_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, IndexModel.CONTEXTS - 1);

        for (double tilt : new double[] {-0.1, -0.0001, 0.5, 0.7, 1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Search(2, 16, 1, tilt), "tilt " + tilt);
        }
        for (int margin : new int[] {-1, 17, 100}) {
            assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Search(margin, 16, 1, 0.3), "margin " + margin);
        }
        for (int log2 : new int[] {0, -1, IndexModel.MAX_LOG2_CANDIDATES + 1, 40}) {
            assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Search(2, log2, 1, 0.3), "log2Candidates " + log2);
        }
        for (int threads : new int[] {0, -1}) {
            assertThrows(IllegalArgumentException.class, () -> new LayerCoder.Search(2, 16, threads, 0.3), "threads " + threads);
        }
        assertEquals(0, new LayerCoder.Search(0, 1, 1).tilt());
        new LayerCoder.Search(16, IndexModel.MAX_LOG2_CANDIDATES, 64, 0.4999);
    }

    @Test
    void encodeAndDecodeRejectIllegalLayers() {
        Layers.Layer good = Layers.mixed(4, 10, 0.5);
        LayerCoder.Geometry geometry = new LayerCoder.Geometry(1, 0, 0, 2, 3);
        LayerCoder.Search search = new LayerCoder.Search(2, 8, 1, TILT);
        float[] out = new float[10];
        // The index model and the search must agree on the cap.
        assertThrows(IllegalArgumentException.class,
                () -> LayerCoder.encode(good, geometry, new IndexModel(9), search, out, LayerCoder.Progress.NONE));
        // More chunks than dimensions, a short output, an empty layer.
        LayerCoder.Geometry tooMany = new LayerCoder.Geometry(1, 0, 0, 11, 3);
        assertThrows(IllegalArgumentException.class,
                () -> LayerCoder.encode(good, tooMany, new IndexModel(8), search, out, LayerCoder.Progress.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> LayerCoder.decode(new byte[4], 0, 4, good.proposal(), tooMany, new IndexModel(8), out));
        assertThrows(IllegalArgumentException.class,
                () -> LayerCoder.encode(good, geometry, new IndexModel(8), search, new float[9], LayerCoder.Progress.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> LayerCoder.decode(new byte[4], 0, 4, good.proposal(), geometry, new IndexModel(8), new float[9]));
        Layers.Layer empty = new Layers.Layer(new float[0], new float[0], new float[0], 0.5);
        LayerCoder.Geometry one = new LayerCoder.Geometry(1, 0, 0, 1, 3);
        assertThrows(IllegalArgumentException.class,
                () -> LayerCoder.encode(empty, one, new IndexModel(8), search, out, LayerCoder.Progress.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> LayerCoder.decode(new byte[4], 0, 4, empty.proposal(), one, new IndexModel(8), out));
        // sigma
        for (double sigma : new double[] {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            Layers.Layer bad = new Layers.Layer(good.targets(), good.means(), good.variances(), sigma);
            assertThrows(IllegalArgumentException.class,
                    () -> LayerCoder.encode(bad, geometry, new IndexModel(8), search, out, LayerCoder.Progress.NONE), "sigma " + sigma);
        }
        // A variance below sigma^2, or not finite; a mean or target not finite: in one dimension, on 1 or 2 threads.
        float[] badVariances = {0.2f, Float.NaN, Float.POSITIVE_INFINITY, -1f, 0f};
        float[] badValues = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int threads : new int[] {1, 2}) {
            LayerCoder.Search s = new LayerCoder.Search(2, 8, threads, TILT);
            for (float v : badVariances) {
                float[] variances = good.variances().clone();
                variances[7] = v;
                Layers.Layer bad = new Layers.Layer(good.targets(), good.means(), variances, 0.5);
                assertThrows(IllegalArgumentException.class,
                        () -> LayerCoder.encode(bad, geometry, new IndexModel(8), s, out, LayerCoder.Progress.NONE), "variance " + v);
            }
            for (float v : badValues) {
                float[] means = good.means().clone();
                means[3] = v;
                Layers.Layer badMean = new Layers.Layer(good.targets(), means, good.variances(), 0.5);
                assertThrows(IllegalArgumentException.class,
                        () -> LayerCoder.encode(badMean, geometry, new IndexModel(8), s, out, LayerCoder.Progress.NONE), "mean " + v);
                float[] targets = good.targets().clone();
                targets[9] = v;
                Layers.Layer badTarget = new Layers.Layer(targets, good.means(), good.variances(), 0.5);
                assertThrows(IllegalArgumentException.class,
                        () -> LayerCoder.encode(badTarget, geometry, new IndexModel(8), s, out, LayerCoder.Progress.NONE), "target " + v);
            }
        }
    }

    @Test
    void varianceEqualToSigmaSquaredInBinary32IsAccepted() throws CorruptBitstreamException {
        // (float) 0.01 lies below the binary64 0.01: a proposal variance of sigma^2 rounded to binary32 must pass.
        double sigma = 0.1;
        assertTrue((double) (float) (sigma * sigma) < sigma * sigma);
        int n = 40;
        float[] variances = new float[n];
        Arrays.fill(variances, (float) (sigma * sigma));
        float[] means = new float[n];
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            means[i] = i * 0.01f;
            targets[i] = means[i];
        }
        Layers.Layer layer = new Layers.Layer(targets, means, variances, sigma);
        LayerCoder.Geometry geometry = new LayerCoder.Geometry(2, 0, 0, 4, 0);
        float[] y = new float[n];
        LayerCoder.Result result = LayerCoder.encode(layer, geometry, new IndexModel(6), new LayerCoder.Search(2, 6, 1, TILT), y,
                LayerCoder.Progress.NONE);
        // Proposal equal to the target: zero KL, nothing to search.
        assertEquals(0, result.klBits(), 1e-6);
        float[] z = new float[n];
        LayerCoder.decode(result.payload(), 0, result.payload().length, layer.proposal(), geometry, new IndexModel(6), z);
        assertBitIdentical(y, z, n, "zero-KL layer");
    }
}
