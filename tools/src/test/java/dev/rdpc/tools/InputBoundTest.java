package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening item 3: a device or FIFO given as IN reports size 0, so the old size check let {@code /dev/zero} through
 * and the whole device was read until the heap ran out (3 GB, exit 4). Paths are now read through the same bound as
 * standard input.
 */
class InputBoundTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void devZeroAsInIsRefusedAtTheInputLimitByEveryCommand() throws Exception {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.isReadable(zero), "needs /dev/zero (Linux) to stand for an endless device");
        String limit = Long.toString(1L << 30);
        List<List<Object>> commands = List.of(
                List.of("info", zero),
                List.of("decompress", zero, dir.resolve("out.png")),
                List.of("compress", "--model", "analytic", "--sigma", "0.2", zero, dir.resolve("out.rdpc")));
        for (List<Object> args : commands) {
            // 2 GB of heap: the bound needs about 1 GiB; reading the device whole needs more than any heap.
            CliHarness.Run r = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of("-Xmx2g"), args.toArray()),
                    null, 240);
            assertEquals(2, r.code(), () -> args + ": " + r);
            assertTrue(r.err().startsWith("rdpc: /dev/zero is larger than the largest accepted input (" + limit
                    + " bytes)"), () -> args + ": " + r);
            assertEquals(1, r.err().strip().lines().count(), r::toString);
        }
        assertEquals(List.of("cache", "tmp"), CliHarness.listing(dir), "no output written");
    }

    @Test
    @Timeout(60)
    void fifoAsInIsReadThroughTheBound() throws Exception {
        Path fifo = dir.resolve("in.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0,
                "needs mkfifo to make a FIFO");
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(new byte[10_000]);
            } catch (java.io.IOException e) {
                // the reader stops early once the bound is passed: a broken pipe is expected
            }
        });
        writer.setDaemon(true);
        writer.start();
        CliException e = assertThrows(CliException.class, () -> FileCommand.readInput(fifo, null, 1000));
        assertEquals(ExitCodes.INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("larger than the largest accepted input (1000 bytes)"), e.getMessage());
    }
}
