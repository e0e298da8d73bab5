package dev.rdpc.tools.curve;

import dev.rdpc.image.RasterImage;
import java.util.List;
import java.util.Map;

/**
 * A codec as the curve harness sees it: a list of rate settings (the encode-time knob: target bpp,
 * sigma, or an encoder's quality) and a list of decode variants (decode-time settings: rdpc's mode
 * and perception; a classic codec has exactly one). Each (variant, rate) pair is one curve point;
 * each variant is one curve, written as one JSON file. For one image and one rate the codec encodes
 * once and decodes every variant asked for, which is how rdpc's perception knob is swept from one
 * file.
 *
 * <p>Implementations must be deterministic given {@link #keyBase()}, the image content, the rate
 * and the variant: the harness caches results under a hash of exactly these.
 */
public abstract class CurveCodec implements AutoCloseable {

    /** One encode-time setting, e.g. {@code bpp 0.3} or {@code quality 50}. */
    public record Rate(String knob, double value) {
        /** "knob=value", used in keys, labels and file names. */
        public String label() {
            return knob + "=" + Keys.fmt(value);
        }
    }

    /**
     * One decode-time configuration, i.e. one curve of this codec.
     *
     * @param id       unique among all curves of a run, safe as a file name, e.g. {@code rdpc-ode-0.5}
     * @param label    for legends and tables, e.g. {@code rdpc ode P=0.5}
     * @param settings the decode settings as they go into the JSON and the cache key (insertion order kept)
     */
    public record Variant(String id, String label, Map<String, Object> settings) {
    }

    /**
     * The outcome of coding one image at one rate for one variant.
     *
     * @param bytes         size of the compressed file
     * @param encodeSeconds wall time of the encode (shared by the variants of one encode)
     * @param decodeSeconds wall time of this variant's decode
     * @param encodedNow    whether the encode ran in this call (false when it came from a cache)
     */
    public record Coded(Variant variant, long bytes, double encodeSeconds, double decodeSeconds, RasterImage decoded,
                        boolean encodedNow) {
    }

    /** The codec's name, e.g. {@code rdpc} or {@code jpeg}. */
    public abstract String name();

    /** A version string of the implementation (for an external codec, what its binary reports). */
    public abstract String version();

    /** The rate settings to sweep, in order. */
    public abstract List<Rate> rates();

    /** The decode variants; one curve each. */
    public abstract List<Variant> variants();

    /** Codec-wide settings recorded in every curve's JSON (e.g. the model, the encoder's fixed flags). */
    public abstract Map<String, Object> settings();

    /**
     * Everything besides the image, the rate and the variant that determines this codec's output
     * (name, version, model fingerprint, fixed arguments); part of every cache key.
     */
    public abstract String keyBase();

    /**
     * Encodes {@code image} once at {@code rate} and decodes it for each of {@code variants}
     * (a non-empty subset of {@link #variants()}), in that order.
     *
     * @throws Exception any failure of this one point; the harness reports it and carries on
     */
    public abstract List<Coded> code(SourceImage image, Rate rate, List<Variant> variants, RunContext context)
            throws Exception;

    @Override
    public void close() {
    }
}
