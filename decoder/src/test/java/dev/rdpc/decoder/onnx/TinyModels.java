package dev.rdpc.decoder.onnx;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rdpc.decoder.DiagonalGaussianDenoiser;
import dev.rdpc.decoder.IdentityBasis;
import dev.rdpc.decoder.TensorShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tiny analytic ONNX models written by tools/python/make_tiny_models.py, and the Java
 * reference denoisers they must agree with.
 */
final class TinyModels {

    static final String EDM = "tiny-gaussian-edm";
    static final String EPS_VP = "tiny-gaussian-eps-vp";
    static final String V_VP = "tiny-gaussian-v-vp";
    static final String CLEAN01 = "tiny-gaussian-clean01";
    static final List<String> ALL = List.of(EDM, EPS_VP, V_VP, CLEAN01);

    private TinyModels() {
    }

    static Path onnx(String name) {
        return resource("/models/" + name + ".onnx");
    }

    static Path card(String name) {
        return resource("/models/" + name + ".json");
    }

    static String cardText(String name) {
        try {
            return Files.readString(card(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String path) {
        URL url = TinyModels.class.getResource(path);
        if (url == null) {
            throw new IllegalStateException("test resource " + path + " is missing; run tools/python/make_tiny_models.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Gaussian prior of a model, converted to model space [-1, 1]: {mean[c]}, {variance[c]}. */
    static double[][] prior(String name) {
        JsonObject all = JsonParser.parseString(readString(resource("/models/tiny_gaussian_fixtures.json")))
                .getAsJsonObject();
        JsonObject p = all.getAsJsonObject(name);
        JsonArray mean = p.getAsJsonArray("mean");
        JsonArray variance = p.getAsJsonArray("variance");
        ValueRange range = ModelCard.parse(cardText(name), name).valueRange();
        double s = range.scale();
        double o = range.offset();
        double[][] r = new double[2][mean.size()];
        for (int c = 0; c < mean.size(); c++) {
            r[0][c] = (mean.get(c).getAsDouble() - o) / s;
            r[1][c] = variance.get(c).getAsDouble() / (s * s);
        }
        return r;
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java analytic denoiser of {@code name}'s prior for tensors of {@code shape}. */
    static DiagonalGaussianDenoiser reference(String name, TensorShape shape) {
        double[][] prior = prior(name);
        if (prior[0].length != shape.channels()) {
            throw new IllegalArgumentException(name + " has " + prior[0].length + " channels, shape " + shape);
        }
        float[] mean = new float[shape.size()];
        float[] variance = new float[shape.size()];
        for (int c = 0; c < shape.channels(); c++) {
            for (int i = 0; i < shape.planeSize(); i++) {
                mean[c * shape.planeSize() + i] = (float) prior[0][c];
                variance[c * shape.planeSize() + i] = (float) prior[1][c];
            }
        }
        return new DiagonalGaussianDenoiser(new IdentityBasis(shape.size()), mean, variance);
    }

    /** A sample of the prior observed at noise level sigma: {@code u + sigma n}. */
    static float[] noisySample(String name, TensorShape shape, double sigma, long seed) {
        double[][] prior = prior(name);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[shape.size()];
        for (int c = 0; c < shape.channels(); c++) {
            double sd = Math.sqrt(prior[1][c]);
            for (int i = 0; i < shape.planeSize(); i++) {
                x[c * shape.planeSize() + i] = (float) (prior[0][c] + sd * rnd.nextGaussian() + sigma * rnd.nextGaussian());
            }
        }
        return x;
    }

    static int channels(String name) {
        return ModelCard.parse(cardText(name), name).channels();
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths " + a.length + " and " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }
}
