package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: {@code compress --model FILE} once accepted random bytes as a model. Through a real
 * process, as a user meets it: every file that is not a loadable ONNX model with a valid card is
 * refused with exit 2 and one line, before any output is written.
 */
class ModelOptionProcessTest {
    @TempDir
    Path dir;

    private record Result(int code, String output) {
    }

    private Result rdpc(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RdpcCli.class.getName()));
        command.addAll(List.of(args));
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rdpc must finish");
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(300)
    void compressRefusesEveryFileThatIsNotAModelWithItsCard() throws Exception {
        Path in = CliHarness.png(dir, "in.png", 32, 24, 3);
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        Path card = RdpcCliTest.tinyModel("tiny-gaussian-edm").resolveSibling("tiny-gaussian-edm.json");
        Files.write(dir.resolve("alone.onnx"), junk);                      // no card beside it
        Files.write(dir.resolve("carded.onnx"), junk);                     // a valid card of another file
        Files.copy(card, dir.resolve("carded.json"));
        Files.write(dir.resolve("bundle.tar.gz"), junk);                   // not an archive
        CliHarness.archive(dir.resolve("junk.tar"), new java.util.LinkedHashMap<>(java.util.Map.of(
                "m.onnx", junk, "m.json", Files.readAllBytes(card))));    // a real archive of junk
        String[][] cases = {
            {"alone.onnx", "alone.json: does not exist"},
            {"carded.onnx", "SHA-256"},
            {"bundle.tar.gz", "not a readable tar.gz archive"},
            {"junk.tar", "SHA-256"},
            {"missing.onnx", "no such model file"},
        };
        for (String[] c : cases) {
            Result r = rdpc("compress", "--model", c[0], "in.png", "out.rdpc", "--sigma", "0.2");
            assertEquals(ExitCodes.INPUT, r.code(), c[0] + ": " + r.output());
            String text = r.output().strip();
            assertEquals(1, text.lines().count(), c[0] + ": one line, no stack trace: " + text);
            assertTrue(text.startsWith("rdpc: cannot use model " + c[0] + ": "), text);
            assertTrue(text.contains(c[1]), c[0] + ": expected '" + c[1] + "' in " + text);
            assertFalse(Files.exists(dir.resolve("out.rdpc")), "nothing is written");
        }
        String model = RdpcCliTest.tinyModel("tiny-gaussian-edm").toAbsolutePath().toString();
        Result ok = rdpc("compress", "--model", model, "in.png", "out.rdpc", "--sigma", "0.2");
        assertEquals(0, ok.code(), ok.output());
        assertTrue(Files.size(in.resolveSibling("out.rdpc")) > 0);
    }
}
