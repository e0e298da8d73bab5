package dev.rdpc.tools;

import static dev.rdpc.tools.CliHarness.listing;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesOnlyWhenAllowed() throws IOException {
        Path target = dir.resolve("a.bin");
        AtomicOutput.write(target, false, new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(target));
        assertThrows(OutputExistsException.class, () -> AtomicOutput.write(target, false, new byte[] {3}));
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(target));
        AtomicOutput.write(target, true, new byte[] {3});
        assertArrayEquals(new byte[] {3}, Files.readAllBytes(target));
        assertEquals(List.of("a.bin"), listing(dir));
    }

    @Test
    void failureMidWriteLeavesTheTargetAndNoTemporary() throws IOException {
        Path target = dir.resolve("b.bin");
        Files.write(target, new byte[] {9});
        IOException e = assertThrows(IOException.class, () -> AtomicOutput.write(target, true, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertThrows(IllegalStateException.class, () -> AtomicOutput.write(dir.resolve("c.bin"), false, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(target));
        assertEquals(List.of("b.bin"), listing(dir));
    }

    @Test
    void missingOrFileDirectoryIsAnIoError() throws IOException {
        Path file = dir.resolve("file.txt");
        Files.writeString(file, "x");
        assertThrows(NotDirectoryException.class, () -> AtomicOutput.write(file.resolve("out"), false, new byte[1]));
        assertThrows(NoSuchFileException.class, () -> AtomicOutput.write(dir.resolve("no/out"), false, new byte[1]));
        assertEquals(List.of("file.txt"), listing(dir));
    }

    @Test
    void sameFileSeesThroughRelativeSegmentsAndLinks() throws IOException {
        Path a = dir.resolve("a");
        Files.writeString(a, "x");
        assertTrue(AtomicOutput.sameFile(a, dir.resolve("x/../a")));
        assertTrue(AtomicOutput.sameFile(a, dir.resolve(".").resolve("a")));
        Path link = dir.resolve("link");
        try {
            Files.createSymbolicLink(link, a);
            assertTrue(AtomicOutput.sameFile(a, link));
        } catch (UnsupportedOperationException e) {
            // no symbolic links here
        }
        assertFalse(AtomicOutput.sameFile(a, dir.resolve("b")));
    }
}
