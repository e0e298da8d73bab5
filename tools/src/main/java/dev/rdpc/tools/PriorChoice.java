package dev.rdpc.tools;

import dev.rdpc.ModelRuntime;
import dev.rdpc.RdpcDecoder;
import dev.rdpc.RdpcEncoder;
import dev.rdpc.RdpcException;
import dev.rdpc.format.ReaderLimits;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The value of a {@code --model} option that names the prior files are encoded for: {@code default}
 * (the embedded default model), {@code analytic} (the analytic Gaussian prior the file carries), or
 * the path of an ONNX model with its card or of a bundle holding both (the library tells them apart
 * by the name).
 */
public final class PriorChoice {
    public static final String DEFAULT = "default";
    public static final String ANALYTIC = "analytic";

    private PriorChoice() {
    }

    /** True for {@code default} and {@code analytic}, which need no model file. */
    public static boolean isBuiltIn(String choice) {
        return choice.equals(DEFAULT) || choice.equals(ANALYTIC);
    }

    /** The encoder whose files name {@code choice}. */
    public static RdpcEncoder encoder(String choice) throws RdpcException {
        switch (choice) {
            case DEFAULT:
                return new RdpcEncoder();
            case ANALYTIC:
                return RdpcEncoder.analytic();
            default:
                return RdpcEncoder.forModel(Path.of(choice));
        }
    }

    /**
     * A decoder for the files of {@link #encoder}: the built-in priors need no model (the default
     * decoder knows both), a path is loaded as {@code runtime} says.
     */
    public static RdpcDecoder decoder(String choice, ReaderLimits limits, ModelRuntime runtime,
                                      Consumer<String> warnings) throws RdpcException {
        return isBuiltIn(choice) ? new RdpcDecoder(limits, runtime, warnings)
                : RdpcDecoder.forModel(Path.of(choice), limits, runtime, warnings);
    }
}
