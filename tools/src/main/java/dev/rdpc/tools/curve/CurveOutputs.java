package dev.rdpc.tools.curve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.rdpc.tools.AtomicOutput;
import dev.rdpc.tools.metrics.RealismIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the numeric results of a run: one JSON file per curve ({@code OUT/ID.json}, schema
 * {@value #SCHEMA}, documented in {@code docs/curve-json.md}) and one CSV with a row per curve
 * point ({@code OUT/curve.csv}). Both are replaced atomically on every run.
 */
public final class CurveOutputs {
    /** The schema identifier every JSON file carries. */
    public static final String SCHEMA = "rdpc-curve/1";
    /** Name of the CSV file. */
    public static final String CSV = "curve.csv";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private CurveOutputs() {
    }

    /** The JSON file name of a curve. */
    public static String jsonName(CurveRunner.Curve curve) {
        return curve.id() + ".json";
    }

    /**
     * Writes every curve's JSON and the CSV into {@code out}, and removes curve JSON files of earlier
     * runs that this run does not have, so that the folder holds exactly this run's curves; returns
     * the JSON file names.
     */
    public static List<String> write(CurveRunner.Result result, Path out, PointCache cache) throws IOException {
        List<String> names = new ArrayList<>();
        for (CurveRunner.Curve c : result.curves()) {
            String name = jsonName(c);
            String text = GSON.toJson(toJson(c, result, out, cache)) + "\n";
            AtomicOutput.write(out.resolve(name), true, text.getBytes(StandardCharsets.UTF_8));
            names.add(name);
        }
        AtomicOutput.write(out.resolve(CSV), true, csv(result).getBytes(StandardCharsets.UTF_8));
        removeStale(out, names);
        return names;
    }

    /** Deletes OUT/*.json files that carry this schema but are not among {@code current}; others are left alone. */
    private static void removeStale(Path out, List<String> current) throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (var s = Files.list(out)) {
            s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .filter(p -> !current.contains(p.getFileName().toString())).forEach(candidates::add);
        }
        for (Path p : candidates) {
            try {
                JsonElement e = JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8));
                if (e.isJsonObject() && e.getAsJsonObject().has("schema")
                        && SCHEMA.equals(e.getAsJsonObject().get("schema").getAsString())) {
                    Files.delete(p);
                }
            } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                     | java.nio.charset.MalformedInputException e) {
                // not one of ours: keep it
            }
        }
    }

    /** One curve as the JSON object of {@code docs/curve-json.md}. */
    static JsonObject toJson(CurveRunner.Curve curve, CurveRunner.Result result, Path out, PointCache cache) {
        JsonObject o = new JsonObject();
        o.addProperty("schema", SCHEMA);
        o.addProperty("name", curve.id());
        o.addProperty("label", curve.label());
        o.addProperty("codec", curve.codec().name());
        o.addProperty("version", curve.codec().version());
        JsonObject settings = new JsonObject();
        addAll(settings, curve.codec().settings());
        addAll(settings, curve.variant().settings());
        if (!curve.points().isEmpty()) {
            settings.addProperty("rateKnob", curve.points().get(0).rate().knob());
        }
        o.add("settings", settings);
        JsonArray images = new JsonArray();
        for (SourceImage s : result.images()) {
            JsonObject im = new JsonObject();
            im.addProperty("name", s.name());
            im.addProperty("sha256", s.sha256());
            im.addProperty("width", s.image().width());
            im.addProperty("height", s.image().height());
            im.addProperty("channels", s.image().channels());
            images.add(im);
        }
        o.add("images", images);
        RealismIndex.Settings rs = result.realismSettings();
        JsonObject realism = new JsonObject();
        realism.addProperty("levels", rs.levels());
        realism.addProperty("patchSize", rs.patchSize());
        realism.addProperty("patchesPerImage", rs.patchesPerImage());
        realism.addProperty("directions", rs.directions());
        realism.addProperty("seed", rs.seed());
        o.add("realismSettings", realism);
        CurveRunner.FeatureSettings fs = result.featureSettings();
        if (fs == null) {
            o.add("featureSettings", null);
        } else {
            JsonObject features = new JsonObject();
            features.addProperty("model", fs.model());
            features.addProperty("sha256", fs.sha256());
            features.addProperty("patchWidth", fs.patchWidth());
            features.addProperty("patchHeight", fs.patchHeight());
            o.add("featureSettings", features);
        }
        JsonArray points = new JsonArray();
        for (CurveRunner.Point p : curve.points()) {
            JsonObject po = new JsonObject();
            JsonObject setting = new JsonObject();
            setting.addProperty("knob", p.rate().knob());
            setting.addProperty("value", p.rate().value());
            po.add("setting", setting);
            po.add("bpp", ImagePoint.number(p.bpp()));
            po.add("psnr", ImagePoint.number(p.psnr()));
            po.add("mse", ImagePoint.number(p.mse()));
            po.add("msSsim", ImagePoint.number(p.msSsim()));
            po.add("realism", ImagePoint.number(p.realismValue()));
            JsonArray levels = new JsonArray();
            if (p.realism() != null) {
                for (double v : p.realism().perLevel()) {
                    levels.add(ImagePoint.number(v));
                }
            }
            po.add("realismPerLevel", levels);
            po.addProperty("realismNote", p.realismNote());
            po.add("fid", ImagePoint.number(p.fid()));
            po.add("kid", ImagePoint.number(p.kid()));
            if (p.features() == null) {
                po.add("featurePatches", null);
            } else {
                po.addProperty("featurePatches", p.features().patches());
            }
            po.add("encodeSeconds", ImagePoint.number(p.encodeSeconds()));
            po.add("decodeSeconds", ImagePoint.number(p.decodeSeconds()));
            po.addProperty("complete", p.complete());
            JsonArray errors = new JsonArray();
            p.errors().forEach(errors::add);
            po.add("errors", errors);
            JsonArray per = new JsonArray();
            for (ImagePoint ip : p.images()) {
                JsonObject io = ip.toJson();
                io.remove("key");
                io.addProperty("decoded", relative(out, cache.decodedPath(ip.key())));
                per.add(io);
            }
            po.add("images", per);
            points.add(po);
        }
        o.add("points", points);
        return o;
    }

    private static void addAll(JsonObject target, Map<String, Object> values) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number) {
                target.addProperty(e.getKey(), (Number) v);
            } else if (v instanceof Boolean) {
                target.addProperty(e.getKey(), (Boolean) v);
            } else {
                target.addProperty(e.getKey(), v == null ? null : String.valueOf(v));
            }
        }
    }

    /** {@code file} relative to {@code dir} with forward slashes, for links that survive moving the folder. */
    static String relative(Path dir, Path file) {
        Path rel = dir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        return rel.toString().replace('\\', '/');
    }

    /** The CSV: a header and one row per curve point. */
    static String csv(CurveRunner.Result result) {
        StringBuilder sb = new StringBuilder(
                "curve,codec,version,mode,perception,rate_knob,rate_value,bpp,psnr,mse,ms_ssim,realism,"
                        + "encode_s,decode_s,images,complete,fid,kid\n");
        for (CurveRunner.Curve c : result.curves()) {
            Map<String, Object> vs = c.variant().settings();
            for (CurveRunner.Point p : c.points()) {
                sb.append(field(c.id())).append(',').append(field(c.codec().name())).append(',')
                        .append(field(c.codec().version())).append(',')
                        .append(field(vs.containsKey("mode") ? String.valueOf(vs.get("mode")) : "")).append(',')
                        .append(vs.get("perception") instanceof Number
                                ? Keys.fmt(((Number) vs.get("perception")).doubleValue()) : "").append(',')
                        .append(field(p.rate().knob())).append(',').append(Keys.fmt(p.rate().value())).append(',')
                        .append(num("%.6f", p.bpp())).append(',').append(num("%.4f", p.psnr())).append(',')
                        .append(num("%.4f", p.mse())).append(',').append(num("%.6f", p.msSsim())).append(',')
                        .append(num("%.4f", p.realismValue())).append(',').append(num("%.4f", p.encodeSeconds()))
                        .append(',').append(num("%.4f", p.decodeSeconds())).append(',').append(p.images().size())
                        .append(',').append(p.complete()).append(',').append(num("%.4f", p.fid())).append(',')
                        .append(num("%.6f", p.kid())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String num(String format, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "";
    }

    /** A CSV field, quoted when it holds a comma, quote or line break. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
