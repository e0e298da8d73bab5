package dev.rdpc.decoder.onnx;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model card of an ONNX denoiser: a JSON file beside the {@code .onnx} file (same name,
 * extension {@code .json}, see {@link #cardPathFor}) that says what the network computes and how
 * to feed it. {@link OnnxDenoiser} reads it and adapts the network to the project's
 * {@link dev.rdpc.decoder.Denoiser} convention.
 *
 * <p>Validation is strict: every field listed below must be present (except where it says
 * optional), with the right JSON type; unknown fields, duplicate fields, trailing content and
 * non-standard JSON are refused. Every failure is a {@link ModelCardException} whose message and
 * {@link ModelCardException#field()} name the field.
 *
 * <table class="striped">
 *   <caption>Model card fields</caption>
 *   <thead>
 *     <tr><th>JSON field</th><th>type</th><th>meaning</th><th>valid values</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@code cardVersion}</td><td>integer</td><td>version of this card format (JSON only,
 *         not a record component)</td><td>{@code 1}</td></tr>
 *     <tr><td>{@code name}</td><td>string</td><td>model name for logs and reports</td>
 *         <td>not blank</td></tr>
 *     <tr><td>{@code parameterization}</td><td>string</td><td>what the network computes and how it
 *         is fed ({@link Parameterization})</td><td>{@code EDM}, {@code EPSILON_VP},
 *         {@code V_PREDICTION_VP}, {@code CLEAN_SIGMA_MAP}, {@code BLIND_RESIDUAL}</td></tr>
 *     <tr><td>{@code valueRange}</td><td>[number, number]</td><td>pixel range the model was trained
 *         on; the adapter maps model space [-1, 1] to it and back and scales sigma with it
 *         ({@link ValueRange})</td><td>{@code [-1, 1]} or {@code [0, 1]}</td></tr>
 *     <tr><td>{@code channels}</td><td>integer</td><td>image channels (grey or RGB)</td>
 *         <td>1 or 3</td></tr>
 *     <tr><td>{@code spatialMultiple}</td><td>integer</td><td>input height and width must be
 *         multiples of it; the adapter pads by edge replication and crops the output</td>
 *         <td>1 .. 1024</td></tr>
 *     <tr><td>{@code sigmaMin}</td><td>number</td><td>smallest noise level the model was trained
 *         for, in the model's own value units</td><td>finite, &gt; 0; for VP models not below
 *         the schedule's {@code sigma(0)}</td></tr>
 *     <tr><td>{@code sigmaMax}</td><td>number</td><td>largest noise level the model was trained
 *         for, in the model's own value units</td><td>finite, &gt; {@code sigmaMin}; for VP
 *         models not above the schedule's {@code sigma(T - 1)}</td></tr>
 *     <tr><td>{@code imageInput}</td><td>string</td><td>name of the image input tensor,
 *         {@code [1, C, H, W]} float ({@code [1, C + 1, H, W]} with the sigma map for
 *         {@code CLEAN_SIGMA_MAP})</td><td>not blank</td></tr>
 *     <tr><td>{@code noiseInput}</td><td>string, optional</td><td>name of the noise-level input,
 *         a rank-1 float tensor {@code [1]} (rank 0 also accepted)</td><td>required for
 *         {@code EDM} and the VP models, absent otherwise; differs from {@code imageInput}</td></tr>
 *     <tr><td>{@code output}</td><td>string</td><td>name of the output tensor,
 *         {@code [1, C, H, W]} float</td><td>not blank, differs from the input names</td></tr>
 *     <tr><td>{@code noiseEncoding}</td><td>string</td><td>how the noise level is fed
 *         ({@link NoiseEncoding}): {@code sigma}, {@code log_sigma_quarter} = ln(sigma)/4,
 *         {@code timestep} (fractional, VP models), {@code none}</td><td>{@code EDM} and
 *         {@code CLEAN_SIGMA_MAP}: {@code sigma} or {@code log_sigma_quarter}; VP models:
 *         {@code timestep}; {@code BLIND_RESIDUAL}: {@code none}</td></tr>
 *     <tr><td>{@code betaSchedule}</td><td>object, optional</td><td>the VP beta schedule
 *         {@code {"type": "linear", "betaStart": b0, "betaEnd": b1, "timesteps": T}}
 *         ({@link BetaSchedule})</td><td>required for the VP models, absent otherwise</td></tr>
 *     <tr><td>{@code provenance}</td><td>string</td><td>where the weights come from (paper,
 *         repository, commit, conversion script)</td><td>not blank</td></tr>
 *     <tr><td>{@code licence}</td><td>string</td><td>licence of the weights (SPDX id where one
 *         exists)</td><td>not blank</td></tr>
 *     <tr><td>{@code sha256}</td><td>string</td><td>SHA-256 of the {@code .onnx} file;
 *         {@link OnnxDenoiser} refuses a file that does not match</td><td>64 hex digits (stored
 *         lower case)</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>The record's canonical constructor validates the values and their consistency (so a card
 * built in code is held to the same rules); {@link #parse} and {@link #read} also check the JSON
 * structure.
 *
 * @param name             model name
 * @param parameterization what the network computes
 * @param valueRange       trained pixel range
 * @param channels         1 or 3
 * @param spatialMultiple  required multiple of H and W
 * @param sigmaMin         smallest trained noise level, model units
 * @param sigmaMax         largest trained noise level, model units
 * @param imageInput       image input tensor name
 * @param noiseInput       noise-level input tensor name, or null when the model has none
 * @param output           output tensor name
 * @param noiseEncoding    how the noise level is fed
 * @param betaSchedule     VP beta schedule, or null for non-VP models
 * @param provenance       where the weights come from
 * @param licence          licence of the weights
 * @param sha256           SHA-256 of the ONNX file, 64 lower-case hex digits
 */
public record ModelCard(String name, Parameterization parameterization, ValueRange valueRange, int channels,
                        int spatialMultiple, double sigmaMin, double sigmaMax, String imageInput,
                        String noiseInput, String output, NoiseEncoding noiseEncoding,
                        BetaSchedule betaSchedule, String provenance, String licence, String sha256) {

    /** The only card format version this reader understands. */
    public static final int CARD_VERSION = 1;
    /** Largest accepted {@link #spatialMultiple()}. */
    public static final int MAX_SPATIAL_MULTIPLE = 1024;
    /** Largest accepted card file, in bytes. */
    public static final int MAX_CARD_BYTES = 1 << 20;
    /** Relative tolerance when comparing a VP card's sigma range with its schedule's. */
    static final double SCHEDULE_RANGE_TOLERANCE = 1e-9;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final List<String> FIELDS = List.of("cardVersion", "name", "parameterization", "valueRange",
            "channels", "spatialMultiple", "sigmaMin", "sigmaMax", "imageInput", "noiseInput", "output",
            "noiseEncoding", "betaSchedule", "provenance", "licence", "sha256");
    private static final Set<String> OPTIONAL_FIELDS = Set.of("noiseInput", "betaSchedule");
    private static final List<String> SCHEDULE_FIELDS = List.of("type", "betaStart", "betaEnd", "timesteps");

    /** Validates every value and the consistency between them. */
    public ModelCard {
        requireText("name", name);
        if (parameterization == null) {
            throw new ModelCardException("parameterization", "is required");
        }
        if (valueRange == null) {
            throw new ModelCardException("valueRange", "is required ([-1, 1] or [0, 1])");
        }
        if (channels != 1 && channels != 3) {
            throw new ModelCardException("channels", "must be 1 or 3, got " + channels);
        }
        if (spatialMultiple < 1 || spatialMultiple > MAX_SPATIAL_MULTIPLE) {
            throw new ModelCardException("spatialMultiple",
                    "must be in [1, " + MAX_SPATIAL_MULTIPLE + "], got " + spatialMultiple);
        }
        if (!(sigmaMin > 0.0) || !Double.isFinite(sigmaMin)) {
            throw new ModelCardException("sigmaMin", "must be finite and > 0, got " + sigmaMin);
        }
        if (!(sigmaMax > sigmaMin) || !Double.isFinite(sigmaMax)) {
            throw new ModelCardException("sigmaMax",
                    "must be finite and > sigmaMin = " + sigmaMin + ", got " + sigmaMax);
        }
        requireText("imageInput", imageInput);
        requireText("output", output);
        if (noiseInput != null) {
            requireText("noiseInput", noiseInput);
        }
        if (parameterization.hasNoiseInput() && noiseInput == null) {
            throw new ModelCardException("noiseInput", "is required for parameterization " + parameterization);
        }
        if (!parameterization.hasNoiseInput() && noiseInput != null) {
            throw new ModelCardException("noiseInput", "must be absent for parameterization " + parameterization
                    + (parameterization == Parameterization.CLEAN_SIGMA_MAP
                    ? " (the sigma map is the last channel of imageInput)" : " (the model takes no noise level)"));
        }
        if (imageInput.equals(noiseInput)) {
            throw new ModelCardException("noiseInput", "must differ from imageInput \"" + imageInput + "\"");
        }
        if (output.equals(imageInput) || output.equals(noiseInput)) {
            throw new ModelCardException("output", "must differ from the input names, got \"" + output + "\"");
        }
        if (noiseEncoding == null) {
            throw new ModelCardException("noiseEncoding", "is required");
        }
        checkEncoding(parameterization, noiseEncoding);
        if (parameterization.isVariancePreserving()) {
            if (betaSchedule == null) {
                throw new ModelCardException("betaSchedule", "is required for parameterization " + parameterization);
            }
            VpTimesteps ts = new VpTimesteps(betaSchedule);
            double lo = ts.minSigma();
            double hi = ts.maxSigma();
            if (sigmaMin < lo * (1 - SCHEDULE_RANGE_TOLERANCE)) {
                throw new ModelCardException("sigmaMin", "= " + sigmaMin
                        + " is below the beta schedule's smallest noise level sigma(t=0) = " + lo);
            }
            if (sigmaMax > hi * (1 + SCHEDULE_RANGE_TOLERANCE)) {
                throw new ModelCardException("sigmaMax", "= " + sigmaMax
                        + " is above the beta schedule's largest noise level sigma(t=" + ts.lastTimestep() + ") = " + hi);
            }
        } else if (betaSchedule != null) {
            throw new ModelCardException("betaSchedule", "must be absent for parameterization " + parameterization);
        }
        requireText("provenance", provenance);
        requireText("licence", licence);
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new ModelCardException("sha256", "must be 64 hexadecimal digits, got "
                    + (sha256 == null ? "nothing" : "\"" + abbreviate(sha256) + "\""));
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    private static void checkEncoding(Parameterization p, NoiseEncoding e) {
        boolean ok;
        String expected;
        switch (p) {
            case EDM:
            case CLEAN_SIGMA_MAP:
                ok = e == NoiseEncoding.SIGMA || e == NoiseEncoding.LOG_SIGMA_QUARTER;
                expected = "\"sigma\" or \"log_sigma_quarter\"";
                break;
            case EPSILON_VP:
            case V_PREDICTION_VP:
                ok = e == NoiseEncoding.TIMESTEP;
                expected = "\"timestep\"";
                break;
            case BLIND_RESIDUAL:
                ok = e == NoiseEncoding.NONE;
                expected = "\"none\"";
                break;
            default:
                throw new IllegalStateException("unhandled parameterization " + p);
        }
        if (!ok) {
            throw new ModelCardException("noiseEncoding", "must be " + expected + " for parameterization " + p
                    + ", got \"" + e.id() + "\"");
        }
    }

    private static void requireText(String field, String value) {
        if (value == null) {
            throw new ModelCardException(field, "is required");
        }
        if (value.isBlank()) {
            throw new ModelCardException(field, "must not be blank");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Number of channels of the image input tensor (one more than {@link #channels()} with a sigma map). */
    public int imageInputChannels() {
        return parameterization.imageInputChannels(channels);
    }

    /**
     * Where the card of {@code onnxFile} lives: the same file name with {@code .onnx} replaced by
     * {@code .json} (appended when the name does not end in {@code .onnx}).
     */
    public static Path cardPathFor(Path onnxFile) {
        if (onnxFile == null || onnxFile.getFileName() == null) {
            throw new IllegalArgumentException("not a model file path: " + onnxFile);
        }
        String fileName = onnxFile.getFileName().toString();
        String stem = fileName.toLowerCase(Locale.ROOT).endsWith(".onnx")
                ? fileName.substring(0, fileName.length() - ".onnx".length()) : fileName;
        return onnxFile.resolveSibling(stem + ".json");
    }

    /**
     * Reads and validates a card file (UTF-8 JSON).
     *
     * @throws IOException         if it cannot be read
     * @throws ModelCardException  if it is malformed; the message names the file and the field
     */
    public static ModelCard read(Path cardFile) throws IOException {
        if (cardFile == null) {
            throw new IllegalArgumentException("card file must not be null");
        }
        long size = Files.size(cardFile);
        if (size > MAX_CARD_BYTES) {
            throw new ModelCardException(cardFile.toString(), null,
                    "is " + size + " bytes, more than the " + MAX_CARD_BYTES + " a card may have", null);
        }
        return parse(Files.readAllBytes(cardFile), cardFile.toString());
    }

    /** Parses a card held as UTF-8 bytes (from a file, or a bundle entry); {@code source} names it. */
    static ModelCard parse(byte[] bytes, String source) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelCardException(source, null, "is not valid UTF-8", e);
        }
        return parse(text, source);
    }

    /**
     * Parses and validates a card.
     *
     * @param json   the card's JSON text
     * @param source where it came from, for messages (may be null)
     * @throws ModelCardException if it is malformed; the message names the field
     */
    public static ModelCard parse(String json, String source) {
        if (json == null) {
            throw new IllegalArgumentException("json must not be null");
        }
        try {
            return fromJson(StrictJson.parse(json));
        } catch (ModelCardException e) {
            return rethrow(e, source);
        }
    }

    private static ModelCard rethrow(ModelCardException e, String source) {
        throw source == null ? e : e.withSource(source);
    }

    private static ModelCard fromJson(JsonElement root) {
        if (!root.isJsonObject()) {
            throw new ModelCardException(null, "the card must be a JSON object");
        }
        JsonObject o = root.getAsJsonObject();
        checkFieldSet(o, FIELDS, OPTIONAL_FIELDS, "");
        int version = intField(o, "cardVersion", "cardVersion");
        if (version != CARD_VERSION) {
            throw new ModelCardException("cardVersion", "must be " + CARD_VERSION + ", got " + version);
        }
        String name = stringField(o, "name", "name");
        Parameterization parameterization = enumField(o, "parameterization", Parameterization.class);
        ValueRange valueRange = valueRangeField(o);
        int channels = intField(o, "channels", "channels");
        int spatialMultiple = intField(o, "spatialMultiple", "spatialMultiple");
        double sigmaMin = numberField(o, "sigmaMin", "sigmaMin");
        double sigmaMax = numberField(o, "sigmaMax", "sigmaMax");
        String imageInput = stringField(o, "imageInput", "imageInput");
        String noiseInput = o.has("noiseInput") ? stringField(o, "noiseInput", "noiseInput") : null;
        String output = stringField(o, "output", "output");
        NoiseEncoding encoding;
        String encodingId = stringField(o, "noiseEncoding", "noiseEncoding");
        try {
            encoding = NoiseEncoding.fromId(encodingId);
        } catch (IllegalArgumentException e) {
            throw new ModelCardException("noiseEncoding", e.getMessage());
        }
        BetaSchedule schedule = o.has("betaSchedule") ? scheduleField(o.get("betaSchedule")) : null;
        String provenance = stringField(o, "provenance", "provenance");
        String licence = stringField(o, "licence", "licence");
        String sha256 = stringField(o, "sha256", "sha256");
        return new ModelCard(name, parameterization, valueRange, channels, spatialMultiple, sigmaMin, sigmaMax,
                imageInput, noiseInput, output, encoding, schedule, provenance, licence, sha256);
    }

    private static void checkFieldSet(JsonObject o, List<String> known, Set<String> optional, String prefix) {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new ModelCardException(prefix + key, "is not a known field; known fields are " + known);
            }
        }
        for (String key : known) {
            if (!o.has(key) && !optional.contains(key)) {
                throw new ModelCardException(prefix + key, "is required");
            }
        }
    }

    private static BetaSchedule scheduleField(JsonElement e) {
        if (!e.isJsonObject()) {
            throw new ModelCardException("betaSchedule", "must be a JSON object, got " + describe(e));
        }
        JsonObject s = e.getAsJsonObject();
        checkFieldSet(s, SCHEDULE_FIELDS, Set.of(), "betaSchedule.");
        String typeId = stringField(s, "type", "betaSchedule.type");
        BetaSchedule.Type type;
        try {
            type = BetaSchedule.Type.fromId(typeId);
        } catch (IllegalArgumentException ex) {
            throw new ModelCardException("betaSchedule.type", ex.getMessage());
        }
        return new BetaSchedule(type, numberField(s, "betaStart", "betaSchedule.betaStart"),
                numberField(s, "betaEnd", "betaSchedule.betaEnd"), intField(s, "timesteps", "betaSchedule.timesteps"));
    }

    private static ValueRange valueRangeField(JsonObject o) {
        JsonElement e = o.get("valueRange");
        if (!e.isJsonArray() || e.getAsJsonArray().size() != 2) {
            throw new ModelCardException("valueRange", "must be an array of two numbers, [-1, 1] or [0, 1], got "
                    + describe(e));
        }
        JsonArray a = e.getAsJsonArray();
        double[] ends = new double[2];
        for (int i = 0; i < 2; i++) {
            JsonElement v = a.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw new ModelCardException("valueRange", "must be an array of two numbers, got " + describe(e));
            }
            ends[i] = v.getAsBigDecimal().doubleValue();
        }
        try {
            return ValueRange.of(ends[0], ends[1]);
        } catch (IllegalArgumentException ex) {
            throw new ModelCardException("valueRange", ex.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumField(JsonObject o, String key, Class<E> type) {
        String value = stringField(o, key, key);
        for (E c : type.getEnumConstants()) {
            if (c.name().equals(value)) {
                return c;
            }
        }
        throw new ModelCardException(key, "must be one of " + List.of(type.getEnumConstants()) + ", got \""
                + abbreviate(value) + "\"");
    }

    private static String stringField(JsonObject o, String key, String field) {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new ModelCardException(field, "is required");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ModelCardException(field, "must be a string, got " + describe(e));
        }
        return e.getAsString();
    }

    private static BigDecimal decimal(JsonObject o, String key, String field) {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new ModelCardException(field, "is required");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ModelCardException(field, "must be a number, got " + describe(e));
        }
        return e.getAsBigDecimal();
    }

    private static double numberField(JsonObject o, String key, String field) {
        double d = decimal(o, key, field).doubleValue();
        if (!Double.isFinite(d)) {
            throw new ModelCardException(field, "is out of the range of a double");
        }
        return d;
    }

    private static int intField(JsonObject o, String key, String field) {
        BigDecimal d = decimal(o, key, field);
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw new ModelCardException(field, "must be an integer, got " + d.toString());
        }
    }

    private static String describe(JsonElement e) {
        String kind;
        if (e.isJsonNull()) {
            return "null";
        } else if (e.isJsonObject()) {
            kind = "an object";
        } else if (e.isJsonArray()) {
            kind = "an array";
        } else if (e.getAsJsonPrimitive().isBoolean()) {
            kind = "a boolean";
        } else if (e.getAsJsonPrimitive().isNumber()) {
            kind = "a number";
        } else {
            kind = "a string";
        }
        return kind + " " + abbreviate(e.toString());
    }

    /** This card as JSON, in the field order of the table above; {@link #parse} reads it back. */
    public String toJson() {
        StringWriter sw = new StringWriter();
        try (JsonWriter w = new JsonWriter(sw)) {
            w.setIndent("  ");
            w.beginObject();
            w.name("cardVersion").value(CARD_VERSION);
            w.name("name").value(name);
            w.name("parameterization").value(parameterization.name());
            w.name("valueRange").beginArray().value(valueRange.lower()).value(valueRange.upper()).endArray();
            w.name("channels").value(channels);
            w.name("spatialMultiple").value(spatialMultiple);
            w.name("sigmaMin").value(sigmaMin);
            w.name("sigmaMax").value(sigmaMax);
            w.name("imageInput").value(imageInput);
            if (noiseInput != null) {
                w.name("noiseInput").value(noiseInput);
            }
            w.name("output").value(output);
            w.name("noiseEncoding").value(noiseEncoding.id());
            if (betaSchedule != null) {
                w.name("betaSchedule").beginObject()
                        .name("type").value(betaSchedule.type().id())
                        .name("betaStart").value(betaSchedule.betaStart())
                        .name("betaEnd").value(betaSchedule.betaEnd())
                        .name("timesteps").value(betaSchedule.timesteps())
                        .endObject();
            }
            w.name("provenance").value(provenance);
            w.name("licence").value(licence);
            w.name("sha256").value(sha256);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString() + "\n";
    }

    /** A strict JSON reader that also refuses duplicate object keys and trailing content. */
    static final class StrictJson {

        private static final int MAX_DEPTH = 16;

        private StrictJson() {
        }

        static JsonElement parse(String json) {
            try (JsonReader r = new JsonReader(new StringReader(json))) {
                r.setStrictness(Strictness.STRICT);
                JsonElement root = read(r, "", 0);
                if (r.peek() != JsonToken.END_DOCUMENT) {
                    throw new ModelCardException(null, "is not valid JSON: unexpected content after the top-level value");
                }
                return root;
            } catch (ModelCardException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new ModelCardException(null, null, "is not valid JSON: " + e.getMessage(), e);
            }
        }

        private static JsonElement read(JsonReader r, String path, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new ModelCardException(path.isEmpty() ? null : path, "is nested more than " + MAX_DEPTH + " deep");
            }
            switch (r.peek()) {
                case BEGIN_OBJECT: {
                    JsonObject o = new JsonObject();
                    Set<String> seen = new LinkedHashSet<>();
                    r.beginObject();
                    while (r.hasNext()) {
                        String key = r.nextName();
                        String child = path.isEmpty() ? key : path + "." + key;
                        if (!seen.add(key)) {
                            throw new ModelCardException(child, "appears more than once");
                        }
                        o.add(key, read(r, child, depth + 1));
                    }
                    r.endObject();
                    return o;
                }
                case BEGIN_ARRAY: {
                    JsonArray a = new JsonArray();
                    r.beginArray();
                    while (r.hasNext()) {
                        a.add(read(r, path, depth + 1));
                    }
                    r.endArray();
                    return a;
                }
                case STRING:
                    return new JsonPrimitive(r.nextString());
                case NUMBER:
                    return new JsonPrimitive(new BigDecimal(r.nextString()));
                case BOOLEAN:
                    return new JsonPrimitive(r.nextBoolean());
                case NULL:
                    r.nextNull();
                    return JsonNull.INSTANCE;
                default:
                    throw new ModelCardException(null, "is not valid JSON: unexpected " + r.peek() + " at " + r.getPath());
            }
        }
    }
}
