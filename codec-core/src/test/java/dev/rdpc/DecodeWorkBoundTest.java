package dev.rdpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.decoder.DecodeMode;
import dev.rdpc.decoder.DecodeSettings;
import dev.rdpc.format.ContainerReader;
import dev.rdpc.format.ContainerWriter;
import dev.rdpc.format.DecodeHint;
import dev.rdpc.format.FormatIds;
import dev.rdpc.format.RdpcFile;
import dev.rdpc.format.ReaderLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Decompression bombs: a file may suggest 10,000 ODE steps; the decoder refuses before any model call. */
class DecodeWorkBoundTest {
    private static byte[] withHint(int modeId, int steps) throws Exception {
        byte[] file = RdpcEncoder.analytic().encode(TestImages.synthetic(48, 32, 3, 4), EncodeOptions.sigma(0.2)).file();
        RdpcFile parsed = ContainerReader.read(file, ReaderLimits.defaults());
        return ContainerWriter.write(parsed.toBuilder().decodeHint(new DecodeHint(modeId, 1f, steps)).build());
    }

    @Test
    @Timeout(10)
    void aFileSuggestingTenThousandStepsIsRefusedUpFront() throws Exception {
        byte[] bomb = withHint(FormatIds.MODE_ODE, DecodeSettings.MAX_STEPS);
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            int[] calls = {0};
            RdpcException e = assertThrows(RdpcException.class,
                    () -> decoder.decode(bomb, DecodeOptions.fromFile(), (done, total) -> calls[0]++));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
            assertEquals(0, calls[0], "no model call may run before the refusal");
            String m = e.getMessage();
            int layers = ContainerReader.read(bomb, ReaderLimits.defaults()).ladder().layers().size();
            // Each layer after the first is one model call, then 2 x 10000 + 1 for the ODE.
            assertTrue(m.contains("10000 steps") && m.contains("DECODE_HINT") && m.contains((20001 + layers - 1) + " model calls")
                    && m.contains(layers + " layers") && m.contains("1536 pixels") && m.contains("bound of 201")
                    && m.contains("--max-model-calls"), m);
        }
    }

    @Test
    void theBoundCountsCallsOfTheLayersAndTheResolvedSettingsAndCanBeRaised() throws Exception {
        byte[] file = withHint(FormatIds.MODE_ODE, 90);
        int layers = ContainerReader.read(file, ReaderLimits.defaults()).ladder().layers().size();
        int calls = layers - 1 + 181; // the layers, then 90 Heun steps: 2 x 90 + 1
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            assertEquals(90, decoder.decode(file, DecodeOptions.fromFile().withMaxModelCalls(calls)).settings().steps());
            RdpcException tight = assertThrows(RdpcException.class,
                    () -> decoder.decode(file, DecodeOptions.fromFile().withMaxModelCalls(calls - 1)));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, tight.code());
            RdpcException requested = assertThrows(RdpcException.class,
                    () -> decoder.decode(file, DecodeOptions.fromFile().withSteps(101)));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, requested.code());
            assertTrue(requested.getMessage().contains("the requested 101 steps"), requested.getMessage());
            assertEquals(101, decoder.decode(file, DecodeOptions.fromFile().withSteps(101).withMaxModelCalls(203 + layers - 1))
                    .settings().steps());
            // Perception 0 of interp is one call after the layers, whatever the steps.
            assertEquals(DecodeMode.INTERPOLATION, decoder.decode(file, DecodeOptions.fromFile().withMode(DecodeMode.INTERPOLATION)
                    .withPerception(0).withMaxModelCalls(layers)).settings().mode());
            // Fewer layers, fewer calls: the first layer alone needs no layer call.
            assertEquals(DecodeMode.INTERPOLATION, decoder.decode(file, DecodeOptions.fromFile().withMode(DecodeMode.INTERPOLATION)
                    .withPerception(0).withLayers(1).withMaxModelCalls(1)).settings().mode());
        }
    }

    @Test
    void boundIsValidated() {
        assertEquals(DecodeOptions.DEFAULT_MAX_MODEL_CALLS, DecodeOptions.fromFile().effectiveMaxModelCalls());
        assertEquals(7, DecodeOptions.fromFile().withMaxModelCalls(7).effectiveMaxModelCalls());
        assertThrows(IllegalArgumentException.class, () -> DecodeOptions.fromFile().withMaxModelCalls(-1));
        assertThrows(IllegalArgumentException.class,
                () -> DecodeOptions.fromFile().withMaxModelCalls(DecodeOptions.MAX_MODEL_CALLS + 1));
    }
}
