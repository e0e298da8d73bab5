package dev.rdpc.tools.curve;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The measurements of one image at one curve point: what the cache stores per point, and what the
 * JSON output lists per image.
 *
 * @param key           the cache key's text (see {@link PointCache})
 * @param image         the image's file name
 * @param bytes         size of the compressed file
 * @param bpp           {@code 8 * bytes / (width * height)}
 * @param mse           mean squared error over the RGB samples (grey images compared as RGB)
 * @param psnr          {@code 10 log10(255^2 / mse)}, capped at {@value #PSNR_CAP} dB for identical images
 * @param msSsim        MS-SSIM of the RGB images, NaN for images under 11 pixels on a side
 * @param encodeSeconds wall time of the encode
 * @param decodeSeconds wall time of the decode
 */
public record ImagePoint(String key, String image, int width, int height, long bytes, double bpp, double mse,
                         double psnr, double msSsim, double encodeSeconds, double decodeSeconds) {
    /** PSNR reported for a lossless reconstruction, where the formula gives infinity. */
    public static final double PSNR_CAP = 100.0;

    /** The PSNR of a mean squared error over 8-bit samples, capped at {@link #PSNR_CAP}. */
    public static double psnrOf(double mse) {
        return mse <= 0 ? PSNR_CAP : Math.min(PSNR_CAP, 10 * Math.log10(255.0 * 255.0 / mse));
    }

    /** This point as a JSON object (non-finite numbers as null). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("key", key);
        o.addProperty("image", image);
        o.addProperty("width", width);
        o.addProperty("height", height);
        o.addProperty("bytes", bytes);
        o.add("bpp", number(bpp));
        o.add("mse", number(mse));
        o.add("psnr", number(psnr));
        o.add("msSsim", number(msSsim));
        o.add("encodeSeconds", number(encodeSeconds));
        o.add("decodeSeconds", number(decodeSeconds));
        return o;
    }

    /** Reads what {@link #toJson()} wrote. */
    public static ImagePoint fromJson(JsonObject o) {
        return new ImagePoint(o.get("key").getAsString(), o.get("image").getAsString(), o.get("width").getAsInt(),
                o.get("height").getAsInt(), o.get("bytes").getAsLong(), num(o, "bpp"), num(o, "mse"), num(o, "psnr"),
                num(o, "msSsim"), num(o, "encodeSeconds"), num(o, "decodeSeconds"));
    }

    /** A JSON number, or null where the value is NaN or infinite (JSON has no such numbers). */
    static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    private static double num(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }
}
