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
            assertTrue(m.contains("10000 steps") && m.contains("DECODE_HINT") && m.contains("20001 model calls")
                    && m.contains("1536 pixels") && m.contains("bound of 201") && m.contains("--max-model-calls"), m);
        }
    }

    @Test
    void theBoundCountsCallsOfTheResolvedSettingsAndCanBeRaised() throws Exception {
        byte[] file = withHint(FormatIds.MODE_ODE, 100); // 201 calls: exactly the default bound
        try (RdpcDecoder decoder = new RdpcDecoder()) {
            assertEquals(100, decoder.decode(file, DecodeOptions.fromFile()).settings().steps());
            RdpcException requested = assertThrows(RdpcException.class,
                    () -> decoder.decode(file, DecodeOptions.fromFile().withSteps(101)));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, requested.code());
            assertTrue(requested.getMessage().contains("the requested 101 steps"), requested.getMessage());
            assertEquals(101, decoder.decode(file, DecodeOptions.fromFile().withSteps(101).withMaxModelCalls(203))
                    .settings().steps());
            // Perception 0 of interp is one call whatever the steps, so the same hint passes a bound of 1.
            assertEquals(DecodeMode.INTERPOLATION, decoder.decode(file, DecodeOptions.fromFile().withMode(DecodeMode.INTERPOLATION)
                    .withPerception(0).withMaxModelCalls(1)).settings().mode());
            assertThrows(RdpcException.class, () -> decoder.decode(file, DecodeOptions.fromFile().withMaxModelCalls(200)));
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
