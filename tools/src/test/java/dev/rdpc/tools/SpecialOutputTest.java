package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening item 5: with -f, OUT was always replaced by a renamed temporary file, so as root
 * {@code compress -f in.png /dev/full} turned the device into a regular file, and a FIFO became a file. Anything that
 * is not a regular file is now written through (or refused), and /dev/stdout is standard output.
 */
class SpecialOutputTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFBLK = 0060000;

    @TempDir
    Path dir;

    private static int fileType(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & S_IFMT;
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private Path rdpcFile() throws IOException {
        Path in = CliHarness.png(dir, "in.png", 40, 24, 3);
        Path rdpc = dir.resolve("in.rdpc");
        assertEquals(0, CliHarness.run("compress", in, rdpc, "--sigma", "0.2").code());
        return rdpc;
    }

    @Test
    @Timeout(120)
    void forceWritesThroughAFifoInsteadOfReplacingIt() throws Exception {
        Path rdpc = rdpcFile();
        Path fifo = dir.resolve("out.fifo");
        Assumptions.assumeTrue(run("mkfifo", fifo.toString()), "needs mkfifo to make a FIFO");
        AtomicReference<byte[]> received = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                received.set(in.readAllBytes());
            } catch (IOException e) {
                received.set(new byte[0]);
            }
        });
        reader.setDaemon(true); // if the FIFO were replaced, no writer would ever come
        reader.start();
        CliHarness.Run r = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(), "decompress", "-f", rdpc, fifo),
                null, 90);
        assertEquals(0, r.code(), r::toString);
        reader.join(10_000);
        assertEquals(S_IFIFO, fileType(fifo), "the FIFO must still be a FIFO");
        byte[] bytes = received.get();
        assertTrue(bytes != null && bytes.length > 8, "the reader got the image");
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8), "a FIFO has no extension: PNG");
        assertEquals(List.of(), CliHarness.temporaries(dir));
    }

    @Test
    @Timeout(120)
    void devStdoutIsStandardOutputAndNeedsNoForce() throws Exception {
        Path rdpc = rdpcFile();
        Path captured = dir.resolve("captured.bin");
        CliHarness.Run r = CliHarness.runProcess(
                CliHarness.rdpcProcess(dir, List.of(), "decompress", rdpc, "/dev/stdout"),
                ProcessBuilder.Redirect.to(captured.toFile()), 90);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err());
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(Files.readAllBytes(captured), 8));
        assertTrue(Files.isSymbolicLink(Path.of("/dev/stdout")), "/dev/stdout is untouched");
    }

    /**
     * The real /dev/null as OUT, without -f (so a regression could at worst refuse it, never replace it): before, an
     * existing OUT without -f was refused (exit 1); a device is written through and overwrites nothing.
     */
    @Test
    @Timeout(180)
    void devNullAsOutIsWrittenThroughAndStaysACharacterDevice() throws Exception {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(devNull) && fileType(devNull) == S_IFCHR,
                "needs /dev/null as a character device");
        Path rdpc = rdpcFile();
        Path in = dir.resolve("in.png");
        CliHarness.Run c = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(),
                "compress", "--model", "analytic", "--sigma", "0.2", in, devNull), null, 90);
        assertEquals(0, c.code(), c::toString);
        assertEquals("", c.err());
        CliHarness.Run d = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(),
                "decompress", rdpc, devNull), null, 90);
        assertEquals(0, d.code(), d::toString);
        assertEquals("", d.err());
        assertEquals(S_IFCHR, fileType(devNull), "/dev/null is still a character device");
        assertEquals(List.of(), CliHarness.temporaries(dir));
    }

    @Test
    @Timeout(180)
    void forceWritesThroughCharacterDevicesAndRefusesBlockDevices() throws Exception {
        Path nullDevice = dir.resolve("null-device");
        Path fullDevice = dir.resolve("full-device");
        Path blockDevice = dir.resolve("block-device");
        Assumptions.assumeTrue(run("mknod", nullDevice.toString(), "c", "1", "3")
                        && run("mknod", fullDevice.toString(), "c", "1", "7")
                        && run("mknod", blockDevice.toString(), "b", "7", "0"),
                "mknod needs root (CAP_MKNOD); the FIFO test covers writing through without it");
        Path in = CliHarness.png(dir, "in.png", 40, 24, 3);
        CliHarness.Run toNull = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(),
                "compress", "-f", "--model", "analytic", "--sigma", "0.2", in, nullDevice), null, 90);
        assertEquals(0, toNull.code(), toNull::toString);
        CliHarness.Run toFull = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(),
                "compress", "-f", "--model", "analytic", "--sigma", "0.2", in, fullDevice), null, 90);
        assertEquals(3, toFull.code(), toFull::toString);
        assertEquals("rdpc: cannot write " + fullDevice + ": No space left on device", toFull.err().strip());
        CliHarness.Run toBlock = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(),
                "compress", "-f", "--model", "analytic", "--sigma", "0.2", in, blockDevice), null, 90);
        assertEquals(3, toBlock.code(), toBlock::toString);
        assertTrue(toBlock.err().contains("is a block device"), toBlock::toString);
        assertEquals(S_IFCHR, fileType(nullDevice), "still a character device");
        assertEquals(S_IFCHR, fileType(fullDevice), "still a character device");
        assertEquals(S_IFBLK, fileType(blockDevice), "still a block device");
        assertEquals(List.of(), CliHarness.temporaries(dir));
    }
}
