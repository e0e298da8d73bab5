package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT (Ctrl-C) during a long decode, sent to a real `rdpc` JVM: the process ends promptly and
 * leaves neither the output nor a temporary file behind (issue 9, "nothing lost").
 */
class InterruptTest {
    @TempDir
    Path dir;

    private Process start(Path stderr, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RdpcCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(stderr.toFile()).start();
    }

    @Test
    @Timeout(120)
    void sigintDuringDecodeLeavesNoOutputAndNoTemporaryFile() throws Exception {
        Path in = CliHarness.png(dir, "in.png", 256, 192, 3);
        Path rdpc = dir.resolve("in.rdpc");
        assertEquals(0, CliHarness.run("compress", in, rdpc, "--model", "analytic", "--sigma", "0.3").code());
        Path out = dir.resolve("out.png");
        Path log = dir.resolve("log.txt");
        // 10,000 ODE steps over the analytic prior: far longer than the moment the signal comes.
        Process p = start(log, "decompress", "--perception", "1", "--steps", "10000", "--max-model-calls", "20100", rdpc.toString(), out.toString());
        Thread.sleep(2500);
        assertTrue(p.isAlive(), () -> "the decode must still be running when the signal comes; exit " + p.exitValue()
                + ", output written " + Files.exists(out) + ", log: " + CliHarness.readQuietly(log));
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM must stop after SIGINT");
        assertNotEquals(0, p.exitValue());
        assertFalse(Files.exists(out), "an interrupted decode must not leave its output");
        assertEquals(List.of(), CliHarness.temporaries(dir), "nor a temporary file");
    }
}
