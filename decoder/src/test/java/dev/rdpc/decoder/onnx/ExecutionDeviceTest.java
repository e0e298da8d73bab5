package dev.rdpc.decoder.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.decoder.TensorShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A CUDA request runs on CUDA where ONNX Runtime can, and otherwise falls back to the CPU with one
 * warning and the same results. On this project's CI (CPU package, no GPU) the fallback path runs.
 */
class ExecutionDeviceTest {
    static Path model() {
        return TinyModels.onnx(TinyModels.EDM);
    }

    @Test
    void cudaRequestFallsBackToCpuWithOneWarning() throws Exception {
        List<String> warnings = new ArrayList<>();
        TensorShape shape = new TensorShape(3, 9, 7);
        float[] x = new float[shape.size()];
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] onCpu = new float[x.length];
        float[] requested = new float[x.length];
        try (OnnxDenoiser cpu = OnnxDenoiser.load(model());
             OnnxDenoiser cuda = OnnxDenoiser.load(model(), ExecutionDevice.CUDA, warnings::add)) {
            assertEquals(ExecutionDevice.CPU, cpu.device());
            if (cuda.device() == ExecutionDevice.CPU) {
                assertEquals(1, warnings.size(), warnings::toString);
                assertTrue(warnings.get(0).contains("CUDA is not available"), warnings::toString);
            } else {
                assertTrue(warnings.isEmpty(), warnings::toString);
            }
            cpu.denoise(x, shape, 0.3, onCpu);
            cuda.denoise(x, shape, 0.3, requested);
        }
        if (warnings.size() == 1) {
            assertArrayEquals(onCpu, requested, "the CPU fallback must compute what the CPU computes");
        }
    }

    @Test
    void deviceIdsParse() {
        assertEquals(ExecutionDevice.CUDA, ExecutionDevice.fromId("CUDA"));
        assertEquals(ExecutionDevice.CPU, ExecutionDevice.fromId("cpu"));
        assertEquals("unknown device 'tpu': expected cpu or cuda",
                assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.fromId("tpu")).getMessage());
    }
}
