package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening item 4: System.out swallows write errors, so {@code rdpc decompress F - > /dev/full} exited 0 with
 * nothing written. Every command that writes standard output must now exit 3 with one line.
 */
class StandardOutputTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void aFullStandardOutputIsAnIoFailureForEveryCommand() throws Exception {
        File full = new File("/dev/full");
        Assumptions.assumeTrue(full.exists() && full.canWrite(), "needs /dev/full (Linux) to make writes fail");
        Path in = CliHarness.png(dir, "in.png", 40, 24, 3);
        Path rdpc = dir.resolve("in.rdpc");
        assertEquals(0, CliHarness.run("compress", in, rdpc, "--sigma", "0.2").code());
        List<List<Object>> commands = List.of(
                List.of("decompress", rdpc, "-"),
                List.of("compress", "--model", "analytic", "--sigma", "0.2", in, "-"),
                List.of("info", rdpc),
                List.of("info", "--format", "json", rdpc),
                List.of("--help"));
        for (List<Object> args : commands) {
            CliHarness.Run r = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(), args.toArray()),
                    ProcessBuilder.Redirect.to(full), 120);
            assertEquals(3, r.code(), () -> args + ": " + r);
            assertEquals("rdpc: cannot write standard output: No space left on device", r.err().strip(),
                    () -> args + ": " + r);
        }
        assertFalse(Files.exists(dir.resolve("-")), "'-' is standard output, never a file");
    }
}
