package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.listing;
import static dev.rdpc.tools.CliHarness.png;
import static dev.rdpc.tools.CliHarness.runAsGiven;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening item 9: decompress takes the same --model values as compress, and one model-mismatch rule holds for
 * every prior: a file decodes only with the prior it was made for, unless a model PATH and --allow-model-mismatch
 * say otherwise.
 */
class DecompressModelTest {
    static final Path DEFAULT_MODEL = Path.of(System.getProperty("rdpc.project.dir", ".."),
            "models/default/rdpc-default.onnx");

    @TempDir
    Path dir;

    @Test
    void modelAnalyticDecodesAnalyticFilesAndRefusesModelFiles() throws Exception {
        Assumptions.assumeTrue(dev.rdpc.RdpcDecoder.embeddedModelFingerprint().isPresent(),
                "this build carries no embedded default model, so `default` means `analytic`");
        Path in = png(dir, "in.png", 40, 24, 3);
        Path analytic = dir.resolve("analytic.rdpc");
        Path embedded = dir.resolve("embedded.rdpc");
        assertEquals(0, runAsGiven("compress", "--model", "analytic", "--sigma", "0.2", in, analytic).code());
        assertEquals(0, runAsGiven("compress", "--sigma", "0.2", in, embedded).code());

        CliHarness.Run ok = runAsGiven("decompress", "--model", "analytic", analytic, dir.resolve("a.png"));
        assertEquals(0, ok.code(), ok::toString);
        assertEquals(24, ImageFiles.read(dir.resolve("a.png")).height());

        CliHarness.Run refused = runAsGiven("decompress", "--model", "analytic", embedded, dir.resolve("b.png"));
        assertEquals(2, refused.code(), refused::toString);
        assertTrue(refused.err().startsWith("rdpc: model mismatch: the file names the embedded default model"),
                refused::toString);
        CliHarness.Run stillRefused = runAsGiven("decompress", "--model", "analytic", "--allow-model-mismatch", embedded,
                dir.resolve("b.png"));
        assertEquals(2, stillRefused.code(), stillRefused::toString);

        CliHarness.Run defaultOnAnalytic = runAsGiven("decompress", "--model", "default", analytic, dir.resolve("c.png"));
        assertEquals(2, defaultOnAnalytic.code(), defaultOnAnalytic::toString);
        assertTrue(defaultOnAnalytic.err().contains("model mismatch: the file names the analytic Gaussian prior"),
                defaultOnAnalytic::toString);
        CliHarness.Run defaultOnEmbedded = runAsGiven("decompress", "--model", "default", "--steps", "2", embedded,
                dir.resolve("d.png"));
        assertEquals(0, defaultOnEmbedded.code(), defaultOnEmbedded::toString);
        assertEquals(List.of("a.png", "analytic.rdpc", "d.png", "embedded.rdpc", "in.png"), listing(dir));
    }

    @Test
    void theDefaultModelFileDoesNotDecodeAnAnalyticFileSilently() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(DEFAULT_MODEL), "needs " + DEFAULT_MODEL);
        Path in = png(dir, "in.png", 40, 24, 3);
        Path analytic = dir.resolve("analytic.rdpc");
        assertEquals(0, runAsGiven("compress", "--model", "analytic", "--sigma", "0.2", in, analytic).code());
        CliHarness.Run r = runAsGiven("decompress", "--model", DEFAULT_MODEL, analytic, dir.resolve("out.png"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("rdpc: model mismatch: the file names the analytic Gaussian prior"), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(!Files.exists(dir.resolve("out.png")));
    }
}
