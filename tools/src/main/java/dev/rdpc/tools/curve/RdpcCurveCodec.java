package dev.rdpc.tools.curve;

import dev.rdpc.DecodeOptions;
import dev.rdpc.EncodeOptions;
import dev.rdpc.EncodeResult;
import dev.rdpc.ModelRuntime;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.RdpcException;
import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.decoder.onnx.ModelCard;
import dev.rdpc.format.ReaderLimits;
import dev.rdpc.tools.PriorChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * rdpc in the curve harness: one encode per (image, rate), cached as a file so that decode settings
 * added later reuse it, then one decode per (mode, perception) variant. The rate is a target bpp
 * (rate control) or a channel sigma; the perception knob is decode-time, as the codec intends.
 */
public final class RdpcCurveCodec extends CurveCodec {
    /** A decode mode with the values of its knob to sweep. */
    public record ModeSweep(DecodeMode mode, List<Double> knobs) {
    }

    private final String version;
    private final String model;
    private final String modelFingerprint;
    private final List<Rate> rates;
    private final List<Variant> variants;
    private final Map<Variant, DecodeOptions> decodeOptions = new LinkedHashMap<>();
    private final int steps;
    private final int threads;
    private final Consumer<String> warnings;
    private final RdpcEncoder encoder;
    private RdpcDecoder decoder; // loaded on the first decode: a rerun served from the cache needs no model

    /**
     * @param version    the rdpc version string (part of every key: delete the cache after changing the codec
     *                   without changing its version)
     * @param model      {@code default}, {@code analytic}, or the path of an ONNX model with its card
     * @param rates      {@code bpp} or {@code sigma} rates
     * @param steps      Heun (or ancestral) steps, at least 1
     * @param decodeSeed seed of the stochastic modes
     * @param threads    encoder threads (the files do not depend on it)
     * @param warnings   receives decoder warnings (e.g. a CUDA fallback)
     */
    public RdpcCurveCodec(String version, String model, List<Rate> rates, List<ModeSweep> modes, int steps,
                          long decodeSeed, int threads, Consumer<String> warnings) throws RdpcException, IOException {
        this.version = version;
        this.model = model;
        this.rates = List.copyOf(rates);
        this.steps = steps;
        this.threads = threads;
        this.warnings = warnings;
        for (Rate r : rates) {
            if (!r.knob().equals("bpp") && !r.knob().equals("sigma")) {
                throw new IllegalArgumentException("rdpc rates are bpp or sigma, not " + r.knob());
            }
        }
        encoder = PriorChoice.encoder(model);
        if (encoder.targetsAnalyticPrior()) {
            modelFingerprint = PriorChoice.ANALYTIC;
        } else if (model.equals(PriorChoice.DEFAULT)) {
            modelFingerprint = RdpcDecoder.embeddedModelFingerprint().orElseThrow();
        } else {
            Path path = Path.of(model);
            Path card = ModelCard.cardPathFor(path);
            // The card steers decoding (parameterisation, ranges), so it is part of the model's identity here;
            // a bundle's own hash covers the card inside it.
            modelFingerprint = Keys.sha256(path) + (Files.isRegularFile(card) ? "+card:" + Keys.sha256(card) : "");
        }
        List<Variant> vs = new ArrayList<>();
        for (ModeSweep m : modes) {
            boolean stochastic = m.mode() == DecodeMode.SDE || m.mode() == DecodeMode.MAP_RPS;
            for (double p : m.knobs()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("mode", m.mode().id());
                s.put("perception", p);
                s.put("steps", steps);
                if (stochastic) {
                    s.put("decodeSeed", decodeSeed);
                }
                String id = "rdpc-" + m.mode().id() + "-" + Keys.fmt(p);
                Variant v = new Variant(id, "rdpc " + m.mode().id() + " P=" + Keys.fmt(p), s);
                vs.add(v);
                decodeOptions.put(v, DecodeOptions.fromFile().withMode(m.mode()).withPerception(p).withSteps(steps)
                        .withDecodeSeed(decodeSeed));
            }
        }
        this.variants = List.copyOf(vs);
    }

    @Override
    public String name() {
        return "rdpc";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<Rate> rates() {
        return rates;
    }

    @Override
    public List<Variant> variants() {
        return variants;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", model);
        s.put("modelFingerprint", modelFingerprint);
        s.put("seed", EncodeOptions.DEFAULT_SEED);
        s.put("chunkBits", EncodeOptions.DEFAULT_CHUNK_BUDGET_BITS);
        s.put("searchMarginBits", EncodeOptions.DEFAULT_SEARCH_MARGIN_BITS);
        return s;
    }

    @Override
    public String keyBase() {
        return "rdpc|version=" + version + "|model=" + modelFingerprint + "|seed=" + EncodeOptions.DEFAULT_SEED
                + "|chunkBits=" + Keys.fmt(EncodeOptions.DEFAULT_CHUNK_BUDGET_BITS)
                + "|searchMargin=" + EncodeOptions.DEFAULT_SEARCH_MARGIN_BITS;
    }

    /** The default number of decode steps when the command line gives none. */
    public static int defaultSteps() {
        return DecodeSettings.DEFAULT_STEPS;
    }

    @Override
    public List<Coded> code(SourceImage image, Rate rate, List<Variant> todo, RunContext context) throws Exception {
        String encodeKey = "encode|" + keyBase() + "|image=" + image.sha256() + "|" + rate.label();
        Optional<PointCache.Encoded> cached = context.cache().encoded(encodeKey);
        byte[] file;
        double encodeSeconds;
        boolean encodedNow = cached.isEmpty();
        if (cached.isPresent()) {
            file = cached.get().file();
            encodeSeconds = cached.get().encodeSeconds();
        } else {
            EncodeOptions options = (rate.knob().equals("bpp") ? EncodeOptions.bpp(rate.value())
                    : EncodeOptions.sigma(rate.value())).withThreads(threads);
            long t0 = System.nanoTime();
            EncodeResult result = encoder.encode(image.image(), options);
            encodeSeconds = (System.nanoTime() - t0) / 1e9;
            file = result.file();
            context.cache().putEncoded(encodeKey, file, encodeSeconds);
        }
        RdpcDecoder d = decoder();
        List<Coded> out = new ArrayList<>();
        for (Variant v : todo) {
            DecodeOptions options = decodeOptions.get(v);
            if (options == null) {
                throw new IllegalArgumentException("not a variant of this codec: " + v.id());
            }
            long t0 = System.nanoTime();
            var decoded = d.decode(file, options);
            double decodeSeconds = (System.nanoTime() - t0) / 1e9;
            out.add(new Coded(v, file.length, encodeSeconds, decodeSeconds, decoded.image(), encodedNow));
        }
        return out;
    }

    private synchronized RdpcDecoder decoder() throws RdpcException {
        if (decoder == null) {
            decoder = PriorChoice.decoder(model, ReaderLimits.defaults(), ModelRuntime.defaults(), warnings);
        }
        return decoder;
    }

    @Override
    public synchronized void close() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        encoder.close();
    }
}
