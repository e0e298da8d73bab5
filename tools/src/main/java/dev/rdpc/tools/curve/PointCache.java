package dev.rdpc.tools.curve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import dev.rdpc.tools.AtomicOutput;
import dev.rdpc.tools.metrics.RealismIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The on-disk cache that makes a curve run resumable. Every entry is named by the SHA-256 of a key
 * text that spells out everything that determines it (image content hash, codec name and version,
 * rate, decode settings, model fingerprint), so a changed input simply misses and a rerun with the
 * same inputs skips the work. Files are written atomically; an entry counts only when all its files
 * are present, and the JSON (written last) holds the key text, checked on reading.
 *
 * <pre>
 * DIR/points/HASH.json   measurements of one image at one curve point ({@link ImagePoint})
 * DIR/points/HASH.png    its decoded image, for the set-level realism index and the report's crops
 * DIR/encoded/HASH.bin   a compressed file shared by several decode variants (rdpc), with
 * DIR/encoded/HASH.json  its encode time
 * DIR/realism/HASH.json  the realism index of one curve point over the image set (keyed by the
 *                        realism settings and the keys of all its image points, in order)
 * </pre>
 */
public final class PointCache {
    private final Path dir;

    /** A cache in {@code dir} (created when missing). */
    public PointCache(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("points"));
        Files.createDirectories(dir.resolve("encoded"));
        Files.createDirectories(dir.resolve("realism"));
        Files.createDirectories(dir.resolve("features"));
    }

    public Path dir() {
        return dir;
    }

    /** The file name stem of a key: the first 40 hex digits of its SHA-256. */
    static String stem(String key) {
        return Keys.sha256(key).substring(0, 40);
    }

    /** Where the decoded image of a point is (or would be) stored. */
    public Path decodedPath(String key) {
        return dir.resolve("points").resolve(stem(key) + ".png");
    }

    private Path pointJson(String key) {
        return dir.resolve("points").resolve(stem(key) + ".json");
    }

    /** The cached point for {@code key}, if complete and readable; a damaged entry counts as absent. */
    public Optional<ImagePoint> point(String key) {
        Path json = pointJson(key);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(decodedPath(key))) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
            ImagePoint p = ImagePoint.fromJson(o);
            return p.key().equals(key) ? Optional.of(p) : Optional.empty();
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                 | UnsupportedOperationException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stores a point and its decoded image (the image first, so that the JSON marks a complete entry). */
    public void putPoint(ImagePoint point, RasterImage decoded) throws IOException {
        AtomicOutput.write(decodedPath(point.key()), true, out -> ImageFiles.writePng(decoded, out));
        AtomicOutput.write(pointJson(point.key()), true, point.toJson().toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded image of a cached point. */
    public RasterImage decoded(String key) throws IOException {
        return ImageFiles.read(decodedPath(key));
    }

    /** A cached compressed file with its encode time. */
    public record Encoded(byte[] file, double encodeSeconds) {
    }

    /** The cached compressed file for {@code key}, if complete. */
    public Optional<Encoded> encoded(String key) {
        Path bin = dir.resolve("encoded").resolve(stem(key) + ".bin");
        Path json = dir.resolve("encoded").resolve(stem(key) + ".json");
        if (!Files.isRegularFile(bin) || !Files.isRegularFile(json)) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!key.equals(o.get("key").getAsString())) {
                return Optional.empty();
            }
            byte[] file = Files.readAllBytes(bin);
            if (file.length != o.get("bytes").getAsLong()) {
                return Optional.empty();
            }
            return Optional.of(new Encoded(file, o.get("encodeSeconds").getAsDouble()));
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                 | UnsupportedOperationException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stores a compressed file and its encode time. */
    public void putEncoded(String key, byte[] file, double encodeSeconds) throws IOException {
        AtomicOutput.write(dir.resolve("encoded").resolve(stem(key) + ".bin"), true, file);
        JsonObject o = new JsonObject();
        o.addProperty("key", key);
        o.addProperty("bytes", file.length);
        o.addProperty("encodeSeconds", encodeSeconds);
        AtomicOutput.write(dir.resolve("encoded").resolve(stem(key) + ".json"), true,
                o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cached realism index for {@code key}, if present and readable. */
    public Optional<RealismIndex.Result> realism(String key) {
        return entry("realism", key, o -> {
            JsonArray levels = o.getAsJsonArray("perLevel");
            double[] perLevel = new double[levels.size()];
            for (int i = 0; i < perLevel.length; i++) {
                perLevel[i] = levels.get(i).getAsDouble();
            }
            return new RealismIndex.Result(perLevel, o.get("index").getAsDouble());
        });
    }

    /** Stores a realism index under {@code key}. */
    public void putRealism(String key, RealismIndex.Result result) throws IOException {
        JsonObject o = new JsonObject();
        JsonArray levels = new JsonArray();
        for (double v : result.perLevel()) {
            levels.add(v);
        }
        o.add("perLevel", levels);
        o.addProperty("index", result.index());
        putEntry("realism", key, o);
    }

    /** The cached FID and KID for {@code key}, if present and readable. */
    public Optional<CurveRunner.FeatureScores> features(String key) {
        return entry("features", key, o -> new CurveRunner.FeatureScores(o.get("fid").getAsDouble(),
                o.get("kid").getAsDouble(), o.get("patches").getAsInt()));
    }

    /** Stores FID and KID under {@code key}. */
    public void putFeatures(String key, CurveRunner.FeatureScores scores) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("fid", scores.fid());
        o.addProperty("kid", scores.kid());
        o.addProperty("patches", scores.patches());
        putEntry("features", key, o);
    }

    /**
     * A set-level entry ({@code folder/HASH.json} holding its key): parsed by {@code parse} when it
     * exists, names this key and reads; a damaged entry counts as absent.
     */
    private <T> Optional<T> entry(String folder, String key, Function<JsonObject, T> parse) {
        Path json = dir.resolve(folder).resolve(stem(key) + ".json");
        if (!Files.isRegularFile(json)) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!key.equals(o.get("key").getAsString())) {
                return Optional.empty();
            }
            return Optional.of(parse.apply(o));
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                 | UnsupportedOperationException | NumberFormatException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private void putEntry(String folder, String key, JsonObject values) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("key", key);
        for (String name : values.keySet()) {
            o.add(name, values.get(name));
        }
        AtomicOutput.write(dir.resolve(folder).resolve(stem(key) + ".json"), true,
                o.toString().getBytes(StandardCharsets.UTF_8));
    }
}
