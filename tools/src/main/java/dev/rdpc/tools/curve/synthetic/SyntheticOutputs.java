package dev.rdpc.tools.curve.synthetic;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.rdpc.EncodeOptions;
import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.tools.AtomicOutput;
import dev.rdpc.tools.curve.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files of a synthetic run in the output folder (docs/curve-json.md, "Synthetic sources"): one JSON per curve
 * ({@code synthetic-SOURCE-MODE-P.json}, schema {@value #SCHEMA}), {@value #CSV} with one row per point, and the
 * plot {@code plots/synthetic-rate-mse.png}. All are written atomically; synthetic curve JSON files of earlier runs
 * that this run does not produce are removed.
 */
public final class SyntheticOutputs {
    public static final String SCHEMA = "rdpc-synthetic/2";
    /** Earlier schemas of the same files (format 1.x channel fields), replaced by a run like its own. */
    private static final String SCHEMA_FAMILY = "rdpc-synthetic/";
    public static final String CSV = "synthetic.csv";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private SyntheticOutputs() {
    }

    /** Writes the JSON files, the CSV and the plot; returns the JSON file names. */
    public static List<String> write(SyntheticRunner.Result result, Path out, String version) throws IOException {
        Files.createDirectories(out);
        List<String> names = new ArrayList<>();
        for (SyntheticRunner.Curve c : result.curves()) {
            String name = c.name() + ".json";
            String text = GSON.toJson(toJson(c, result, version)) + "\n";
            AtomicOutput.write(out.resolve(name), true, text.getBytes(StandardCharsets.UTF_8));
            names.add(name);
        }
        AtomicOutput.write(out.resolve(CSV), true, csv(result).getBytes(StandardCharsets.UTF_8));
        removeStale(out, names);
        SyntheticPlot.write(result, out);
        return names;
    }

    static JsonObject toJson(SyntheticRunner.Curve curve, SyntheticRunner.Result result, String version) {
        SyntheticRunner.Settings settings = result.settings();
        SyntheticSource source = settings.source();
        JsonObject o = new JsonObject();
        o.addProperty("schema", SCHEMA);
        o.addProperty("name", curve.name());
        o.addProperty("label", curve.label());
        o.addProperty("version", version);

        JsonObject s = new JsonObject();
        s.addProperty("kind", source.kind());
        s.add("mean", num(source.mean()));
        s.add("variance", num(source.variance()));
        JsonArray components = new JsonArray();
        ScalarMixture m = source.mixture();
        for (int k = 0; k < m.components(); k++) {
            JsonObject c = new JsonObject();
            c.add("weight", num(m.weight(k)));
            c.add("mean", num(m.componentMean(k)));
            c.add("variance", num(m.componentVariance(k)));
            components.add(c);
        }
        s.add("components", components);
        s.addProperty("dimensions", settings.dimensions());
        s.addProperty("seed", SyntheticRunner.SOURCE_SEED);
        o.add("source", s);

        JsonObject st = new JsonObject();
        st.addProperty("mode", curve.mode().id());
        st.add("perception", num(curve.knob()));
        st.addProperty("steps", settings.steps());
        st.addProperty("seed", EncodeOptions.DEFAULT_SEED);
        st.add("chunkBits", num(EncodeOptions.DEFAULT_CHUNK_BUDGET_BITS));
        st.add("ladderRatio", num(EncodeOptions.DEFAULT_LADDER_RATIO));
        st.add("topSigma", num(EncodeOptions.DEFAULT_TOP_SIGMA));
        st.addProperty("searchMarginBits", EncodeOptions.DEFAULT_SEARCH_MARGIN_BITS);
        if (curve.mode() == DecodeMode.SDE || curve.mode() == DecodeMode.MAP_RPS) {
            st.addProperty("decodeSeed", settings.decodeSeed());
        } else {
            st.add("decodeSeed", JsonNull.INSTANCE);
        }
        st.addProperty("rateKnob", settings.rateKnob());
        st.addProperty("denoiser", source.isGaussian() ? "diagonal-gaussian (identity basis)" : "scalar-mixture");
        o.add("settings", st);
        o.add("w2Floor", num(result.w2Floor()));

        JsonArray points = new JsonArray();
        for (SyntheticRunner.Point p : curve.points()) {
            JsonObject j = new JsonObject();
            JsonObject setting = new JsonObject();
            setting.addProperty("knob", settings.rateKnob());
            setting.add("value", num(p.rate().value()));
            j.add("setting", setting);
            j.add("sigma", num(p.sigma()));
            j.add("bitsPerDimension", num(p.bitsPerDimension()));
            j.add("klBitsPerDimension", num(p.klBitsPerDimension()));
            j.add("idealRateBits", num(p.idealRateBits()));
            j.add("layers", num(p.layers()));
            j.add("mse", num(p.mse()));
            j.add("w2", num(p.w2()));
            j.add("realism", num(p.w2()));
            j.add("encodeSeconds", num(p.encodeSeconds()));
            j.add("decodeSeconds", num(p.decodeSeconds()));
            SyntheticRunner.Theory t = p.theory();
            JsonObject theory = new JsonObject();
            theory.add("rateBits", num(t.rateBits()));
            theory.add("mmse", num(t.mmse()));
            theory.add("mse", num(t.mse()));
            theory.add("w2", num(t.w2()));
            theory.add("optimalMse", num(t.optimalMse()));
            j.add("theory", theory);
            points.add(j);
        }
        o.add("points", points);
        return o;
    }

    /** The CSV: a header and one row per curve point; missing numbers are empty fields. */
    static String csv(SyntheticRunner.Result result) {
        StringBuilder sb = new StringBuilder("curve,source,dimensions,mode,perception,rate_knob,rate_value,sigma,"
                + "bits_per_dimension,kl_bits_per_dimension,ideal_rate_bits,layers,mse,w2,realism,"
                + "encode_s,decode_s,theory_rate_bits,theory_mmse,theory_mse,theory_w2,theory_optimal_mse,w2_floor\n");
        SyntheticRunner.Settings settings = result.settings();
        for (SyntheticRunner.Curve c : result.curves()) {
            for (SyntheticRunner.Point p : c.points()) {
                SyntheticRunner.Theory t = p.theory();
                sb.append(c.name()).append(',').append(settings.source().label()).append(',')
                        .append(settings.dimensions()).append(',').append(c.mode().id()).append(',')
                        .append(Keys.fmt(c.knob())).append(',').append(settings.rateKnob()).append(',')
                        .append(Keys.fmt(p.rate().value()));
                for (double v : new double[] {p.sigma(), p.bitsPerDimension(), p.klBitsPerDimension(),
                        p.idealRateBits(), p.layers(), p.mse(), p.w2(), p.w2(),
                        p.encodeSeconds(), p.decodeSeconds(), t.rateBits(), t.mmse(), t.mse(), t.w2(),
                        t.optimalMse(), result.w2Floor()}) {
                    sb.append(',').append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.8g", v) : "");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** A number, or JSON null for NaN and infinities. */
    private static JsonElement num(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    /** Deletes OUT/synthetic-*.json files of this schema or an earlier one that are not among {@code current}. */
    private static void removeStale(Path out, List<String> current) throws IOException {
        try (var files = Files.list(out)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!name.startsWith("synthetic-") || !name.endsWith(".json") || current.contains(name)
                        || !Files.isRegularFile(p)) {
                    continue;
                }
                try {
                    JsonElement e = JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8));
                    if (e.isJsonObject() && e.getAsJsonObject().has("schema")
                            && e.getAsJsonObject().get("schema").getAsString().startsWith(SCHEMA_FAMILY)) {
                        Files.delete(p);
                    }
                } catch (RuntimeException | IOException ignored) {
                    // not ours, or unreadable: leave it alone
                }
            }
        }
    }
}
