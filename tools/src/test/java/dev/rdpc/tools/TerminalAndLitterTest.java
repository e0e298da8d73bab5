package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening item 9, through real rdpc JVMs: the progress bar follows stderr (not the console of stdin and stdout),
 * --quiet removes it, a full disk is one line without a Java stack trace, and a run leaves nothing in the temporary
 * directory (ONNX Runtime's unpacked libraries, ImageIO cache files).
 */
class TerminalAndLitterTest {
    @TempDir
    Path dir;

    private Path analyticFile() throws IOException {
        Path in = CliHarness.png(dir, "in.png", 64, 48, 3);
        Path rdpc = dir.resolve("in.rdpc");
        assertEquals(0, CliHarness.run("compress", in, rdpc, "--sigma", "0.2").code());
        return rdpc;
    }

    private static String quoted(Object o) {
        return "'" + String.valueOf(o).replace("'", "'\\''") + "'";
    }

    /**
     * Runs a shell command line under util-linux {@code script}, which gives it a terminal for stdin, stdout and
     * stderr; returns what reached the terminal.
     */
    private String onTerminal(String commandLine) throws Exception {
        Process p = new ProcessBuilder("script", "-qec", commandLine, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "script finished");
        assertEquals(0, p.exitValue(), () -> commandLine + " -> " + out);
        return out;
    }

    private String rdpcCommandLine(Object... args) throws IOException {
        List<String> words = new ArrayList<>();
        for (String w : CliHarness.rdpcProcess(dir, List.of(), args).command()) {
            words.add(quoted(w));
        }
        return "XDG_CACHE_HOME=" + quoted(dir.resolve("cache")) + " " + String.join(" ", words);
    }

    @Test
    @Timeout(300)
    void progressBarGoesToAStderrTerminalOnlyAndQuietRemovesIt() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")) || Files.isExecutable(Path.of("/bin/script")),
                "needs util-linux `script` to give rdpc a terminal");
        Assumptions.assumeTrue(Files.isSymbolicLink(Path.of("/proc/self/fd/2")), "the bar needs Linux's /proc");
        Path rdpc = analyticFile();
        Object[] decode = {"decompress", "-f", "--perception", "1", "--steps", "40", rdpc, dir.resolve("out.png")};

        // stdin and stdout are the terminal, stderr a log file: the old check (System.console()) drew into the log.
        Path log = dir.resolve("log.txt");
        onTerminal(rdpcCommandLine(decode) + " 2>" + quoted(log));
        assertEquals("", Files.readString(log), "no progress bar in a redirected log");

        String terminal = onTerminal(rdpcCommandLine(decode));
        assertTrue(terminal.contains("decoding [") && terminal.contains("model calls"), terminal);

        String quiet = onTerminal(rdpcCommandLine(withQuiet(decode)));
        assertFalse(quiet.contains("decoding ["), quiet);
    }

    private static Object[] withQuiet(Object[] args) {
        Object[] quiet = new Object[args.length + 1];
        quiet[0] = args[0];
        quiet[1] = "--quiet";
        System.arraycopy(args, 1, quiet, 2, args.length - 1);
        return quiet;
    }

    @Test
    void terminalDevicesAreRecognisedByTheirProcLink() {
        assertTrue(ProgressBar.isTerminalDevice("/dev/pts/3"));
        assertTrue(ProgressBar.isTerminalDevice("/dev/tty2"));
        assertFalse(ProgressBar.isTerminalDevice("/tmp/log.txt"));
        assertFalse(ProgressBar.isTerminalDevice("pipe:[12345]"));
        assertFalse(ProgressBar.isTerminalDevice("/dev/null"));
    }

    private List<String> temporaryDirectory() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    @Timeout(300)
    void runsWithTheOnnxModelLeaveNothingInTheTemporaryDirectory() throws Exception {
        Path in = CliHarness.png(dir, "in.png", 32, 24, 3);
        Path rdpc = dir.resolve("in.rdpc");
        for (int round = 0; round < 2; round++) { // the first run unpacks the libraries, the second finds them
            CliHarness.Run c = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(),
                    "compress", "-f", "--sigma", "0.2", in, rdpc), null, 120);
            assertEquals(0, c.code(), c::toString);
            CliHarness.Run d = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(),
                    "decompress", "-f", "--steps", "2", rdpc, dir.resolve("out.png")), null, 120);
            assertEquals(0, d.code(), d::toString);
            assertEquals(List.of(), temporaryDirectory(), "round " + round);
        }
        try (Stream<Path> s = Files.walk(dir.resolve("cache"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().equals(System.mapLibraryName("onnxruntime"))),
                    "the libraries are cached under XDG_CACHE_HOME");
        }
        // An unusable cache (a file where the directory should be) only costs the cache, never the run.
        Files.writeString(dir.resolve("blocked"), "not a directory");
        ProcessBuilder blocked = CliHarness.rdpcProcess(dir, List.of(), "decompress", "-f", "--steps", "2", rdpc,
                dir.resolve("out.png"));
        blocked.environment().put("XDG_CACHE_HOME", dir.resolve("blocked").toString());
        CliHarness.Run r = CliHarness.runProcess(blocked, null, 120);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err());
    }

    /** Writes {@code file} until its file system is full. */
    private static void fillUp(Path file) throws IOException {
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[512];
            for (int i = 0; i < 1 << 20; i++) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
            return;
        }
        throw new AssertionError("the file system never filled up");
    }

    @Test
    @Timeout(300)
    void aFullDiskIsOneLineWithoutAStackTraceAndLeavesNothing() throws Exception {
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "mounting a 64 KiB tmpfs needs root; ImageFilesTest covers the failing stream without it");
        try {
            Path in = CliHarness.png(dir, "in.png", 64, 48, 3);
            Path rdpc = dir.resolve("in.rdpc");
            assertEquals(0, CliHarness.run("compress", in, rdpc, "--sigma", "0.1").code());
            fillUp(small.resolve("filler"));
            for (String name : new String[] {"out.png", "out.ppm", "out.jpg"}) {
                Path out = small.resolve(name);
                CliHarness.Run r = CliHarness.runProcess(CliHarness.rdpcProcess(dir, List.of(),
                        "decompress", rdpc, out), null, 120);
                assertEquals(3, r.code(), () -> name + ": " + r);
                assertEquals("rdpc: cannot write " + out + ": No space left on device", r.err().strip(), r::toString);
                assertFalse(Files.exists(out), "no partial output");
            }
            assertEquals(List.of("filler"), CliHarness.listing(small), "no output and no temporary file");
            assertEquals(List.of(), temporaryDirectory());
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
