package dev.rdpc.tools;

import com.google.gson.GsonBuilder;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.format.AncillaryRecord;
import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.LadderInfo;
import dev.rdpc.format.LayerInfo;
import dev.rdpc.format.MalformedInputException;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.format.ReaderLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rdpc info FILE [--format text|json]}: every header field of an .rdpc file, its rate, the
 * model it names and the decode settings it suggests. The JSON form is specified in docs/info-json.md
 * (schema {@value #SCHEMA}); fields are only ever added, never renamed or removed, within a schema.
 */
@Command(name = "info", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = RdpcCli.Version.class,
        description = "Print every header field of an .rdpc file, its bits per pixel, the model it names and the "
                + "suggested decode settings.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {RdpcCli.EXIT_0, RdpcCli.EXIT_1, RdpcCli.EXIT_2, RdpcCli.EXIT_3, RdpcCli.EXIT_4})
final class InfoCommand implements Callable<Integer>, RdpcCli.Verbosity {
    static final String SCHEMA = "rdpc-info/2";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .rdpc file, or - for standard input.")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", order = 0,
            description = "Output form, one of (text, json). Default: text; recommended: json for programs "
                    + "(documented in docs/info-json.md).")
    String format = "text";

    @Option(names = {"-v", "--verbose"}, order = 101, description = "Stack traces of internal errors. Default: off.")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) {
            throw CliException.usage("--format must be text or json, got " + format);
        }
        ReaderLimits limits = ReaderLimits.defaults();
        byte[] bytes = FileCommand.readInput(Path.of(file), System.in, limits.maxFileBytes());
        RdpcFile parsed;
        try {
            parsed = ContainerReader.read(bytes, limits);
        } catch (dev.rdpc.format.UnsupportedVersionException e) {
            throw CliException.input(file + ": " + e.reason(), e);
        } catch (MalformedInputException e) {
            throw CliException.input(file + ": " + e.getMessage(), e);
        }
        Map<String, Object> info = describe(file, bytes, parsed);
        PrintWriter out = spec.commandLine().getOut();
        out.print(format.equals("json") ? json(info) + System.lineSeparator() : text(info, ""));
        out.flush();
        return ExitCodes.OK;
    }

    /** The info as ordered maps and lists (numbers, strings, booleans, null). */
    static Map<String, Object> describe(String name, byte[] bytes, RdpcFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("file", name);
        m.put("bytes", bytes.length);
        long pixels = f.image().pixelCount();
        m.put("bitsPerPixel", round(bytes.length * 8.0 / pixels));
        m.put("formatVersion", (bytes[FormatIds.SIGNATURE_LENGTH] & 0xFF) + "." + (bytes[FormatIds.SIGNATURE_LENGTH + 1] & 0xFF));

        Map<String, Object> image = new LinkedHashMap<>();
        image.put("width", f.image().width());
        image.put("height", f.image().height());
        image.put("channels", f.image().channels());
        image.put("bitsPerSample", f.image().bitsPerSample());
        m.put("image", image);

        Map<String, Object> transform = new LinkedHashMap<>();
        transform.put("colourTransformId", f.transform().colourTransformId());
        transform.put("blockTransformId", f.transform().blockTransformId());
        transform.put("blockSize", f.transform().blockSize());
        transform.put("valueMappingId", f.transform().valueMappingId());
        m.put("transform", transform);

        Map<String, Object> padding = new LinkedHashMap<>();
        padding.put("paddedWidth", f.padding().paddedWidth());
        padding.put("paddedHeight", f.padding().paddedHeight());
        padding.put("paddingModeId", f.padding().paddingModeId());
        m.put("padding", padding);

        LadderInfo l = f.ladder();
        Map<String, Object> ladder = new LinkedHashMap<>();
        ladder.put("prngId", l.prngId());
        ladder.put("permutationId", l.permutationId());
        ladder.put("indexModelId", l.indexModelId());
        ladder.put("log2Candidates", l.log2Candidates());
        ladder.put("seed", String.format(Locale.ROOT, "0x%016x", l.seed()));
        ladder.put("tileEdge", l.tileEdge());
        ladder.put("tileOverlap", l.tileOverlap());
        ladder.put("bands", l.bands());
        ladder.put("scaleBytes", l.scales().length);
        ladder.put("finalSigma", shortest(l.finalSigma()));
        ladder.put("layerCount", l.layers().size());
        m.put("ladder", ladder);

        List<Object> layers = new ArrayList<>();
        long cumulative = 0;
        for (int k = 0; k < l.layers().size(); k++) {
            LayerInfo layer = l.layers().get(k);
            cumulative += layer.payloadBytes();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("layer", k);
            entry.put("sigma", shortest(layer.sigma()));
            entry.put("chunks", layer.chunkCount());
            entry.put("context", layer.context());
            entry.put("payloadBytes", layer.payloadBytes());
            entry.put("bits", 8 * layer.payloadBytes());
            entry.put("bitsPerPixel", round(8.0 * layer.payloadBytes() / pixels));
            entry.put("cumulativeBitsPerPixel", round(8.0 * cumulative / pixels));
            layers.add(entry);
        }
        m.put("layers", layers);

        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("proposalKindId", f.proposal().proposalKindId());
        proposal.put("dataBytes", f.proposal().dataLength());
        m.put("proposal", proposal);

        Map<String, Object> model = new LinkedHashMap<>();
        boolean analytic = f.model().priorKindId() == FormatIds.PRIOR_ANALYTIC_GAUSSIAN;
        String sha = HexFormat.of().formatHex(f.model().fingerprint());
        model.put("priorKindId", f.model().priorKindId());
        model.put("prior", analytic ? "analytic-gaussian" : "onnx-model");
        model.put("sha256", sha);
        model.put("embeddedDefault", !analytic && RdpcDecoder.embeddedModelFingerprint().map(sha::equals).orElse(false));
        m.put("model", model);

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bytes", f.payloadLength());
        payload.put("bitsPerPixel", round(f.payloadLength() * 8.0 / pixels));
        m.put("payload", payload);

        DecodeSettings suggested = DecodeSettings.defaults();
        if (f.decodeHint().isPresent()) {
            suggested = suggested.withMode(DecodeMode.fromNumericId(f.decodeHint().get().modeId()))
                    .withPerception(f.decodeHint().get().perception()).withSteps(f.decodeHint().get().steps());
        }
        Map<String, Object> decode = new LinkedHashMap<>();
        decode.put("fromFile", f.decodeHint().isPresent());
        decode.put("mode", suggested.mode().id());
        decode.put("perception", round(suggested.perception()));
        decode.put("steps", suggested.steps());
        m.put("suggestedDecode", decode);

        List<Object> ancillary = new ArrayList<>();
        for (AncillaryRecord r : f.ancillary()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", String.format(Locale.ROOT, "0x%04X", r.id()));
            a.put("bytes", r.value().length);
            ancillary.add(a);
        }
        m.put("ancillary", ancillary);
        return m;
    }

    /** A binary32 value as the shortest decimal that reads back to it (0.2, not 0.200000003). */
    private static double shortest(float v) {
        return Double.parseDouble(Float.toString(v));
    }

    /** Rounded to 6 significant digits, so that the output does not show float noise. */
    private static double round(double v) {
        return v == 0 || !Double.isFinite(v) ? v : Double.parseDouble(String.format(Locale.ROOT, "%.6g", v));
    }

    static String json(Map<String, Object> info) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(info);
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> info, String indent) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : info.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map) {
                b.append(indent).append(e.getKey()).append(':').append(System.lineSeparator());
                b.append(text((Map<String, Object>) v, indent + "  "));
            } else if (v instanceof List && !((List<?>) v).isEmpty() && ((List<?>) v).get(0) instanceof Map) {
                // One line per item: "  - layer: 0, sigma: 4.0, chunks: 115, ..."
                b.append(indent).append(e.getKey()).append(':').append(System.lineSeparator());
                for (Object item : (List<?>) v) {
                    StringBuilder line = new StringBuilder();
                    for (Map.Entry<String, Object> field : ((Map<String, Object>) item).entrySet()) {
                        line.append(line.length() == 0 ? "" : ", ").append(field.getKey()).append(": ")
                                .append(field.getValue() == null ? "none" : field.getValue());
                    }
                    b.append(indent).append("  - ").append(line).append(System.lineSeparator());
                }
            } else {
                b.append(indent).append(e.getKey()).append(": ").append(v == null ? "none" : v)
                        .append(System.lineSeparator());
            }
        }
        return b.toString();
    }
}
