package dev.rdpc.decoder.archive;

import static dev.rdpc.decoder.archive.TestArchives.Item.file;
import static dev.rdpc.decoder.archive.TestArchives.Item.folder;
import static dev.rdpc.decoder.archive.TestArchives.Item.link;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Archives as untrusted input: entry kinds, names, bounds, and corrupt files as typed errors. */
class ArchiveReaderTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** Every regular file in archive order with its bytes; folders and links passed over. */
    private static List<String> names(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (ArchiveReader r = ArchiveReader.open(archive, 100)) {
            for (ArchiveReader.Entry e; (e = r.next()) != null; ) {
                names.add(e.name());
            }
        }
        return names;
    }

    @Test
    void formatComesFromTheName() {
        assertEquals(Optional.of(ArchiveReader.Format.ZIP), ArchiveReader.Format.of(Path.of("a/DIV2K.ZIP")));
        assertEquals(Optional.of(ArchiveReader.Format.TAR), ArchiveReader.Format.of(Path.of("m.tar")));
        assertEquals(Optional.of(ArchiveReader.Format.TAR_GZ), ArchiveReader.Format.of(Path.of("m.tar.gz")));
        assertEquals(Optional.of(ArchiveReader.Format.TAR_GZ), ArchiveReader.Format.of(Path.of("m.tgz")));
        assertEquals(Optional.empty(), ArchiveReader.Format.of(Path.of("m.onnx")));
        assertEquals(Optional.empty(), ArchiveReader.Format.of(Path.of("m.gz")));
        assertThrows(IllegalArgumentException.class, () -> ArchiveReader.open(Path.of("m.onnx"), 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"set.tar", "set.tar.gz", "set.tgz", "set.zip"})
    void readsRegularFilesInArchiveOrderAndPassesOverTheRest(String name) throws IOException {
        byte[] a = bytes(3000, 1);
        byte[] b = bytes(70000, 2);
        // A zip read as a stream cannot tell a link from a file (no modes in its local headers): tar only.
        TestArchives.Item[] items = name.endsWith(".zip")
                ? new TestArchives.Item[] {folder("top/"), file("./top/b.bin", b), file("top\\sub\\a.bin", a),
                        file("empty.txt", new byte[0])}
                : new TestArchives.Item[] {folder("top/"), file("./top/b.bin", b), link("top/link.bin", "b.bin"),
                        file("top\\sub\\a.bin", a), file("empty.txt", new byte[0])};
        Path archive = name.endsWith(".zip") ? TestArchives.zip(dir.resolve(name), true, items)
                : TestArchives.tar(dir.resolve(name), items);
        assertEquals(List.of("top/b.bin", "top/sub/a.bin", "empty.txt"), names(archive));
        try (ArchiveReader r = ArchiveReader.open(archive, 100)) {
            ArchiveReader.Entry first = r.next();
            assertEquals("b.bin", first.fileName());
            assertArrayEquals(b, r.read(b.length));
            ArchiveReader.Entry second = r.next();
            assertEquals(a.length, second.declaredSize());
            assertArrayEquals(a, r.read(a.length));
            assertEquals("empty.txt", r.next().name());
            assertEquals(0, r.read(0).length);
            assertNull(r.next());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../model.onnx", "a/../../model.onnx", "/etc/model.onnx", "C:/model.onnx", "..\\model.onnx"})
    void namesOutsideTheArchiveAreRefused(String hostile) throws IOException {
        for (Path archive : List.of(TestArchives.tar(dir.resolve("h.tar"), file("ok.txt", "x"), file(hostile, "y")),
                TestArchives.zip(dir.resolve("h.zip"), true, file("ok.txt", "x"), file(hostile, "y")))) {
            MalformedArchiveException e = assertThrows(MalformedArchiveException.class, () -> names(archive));
            assertTrue(e.getMessage().contains("outside the archive") && e.getMessage().contains(archive.toString()),
                    e.getMessage());
        }
    }

    @Test
    void theEntryCountIsBounded() throws IOException {
        TestArchives.Item[] items = new TestArchives.Item[11];
        for (int i = 0; i < items.length; i++) {
            items[i] = i % 2 == 0 ? folder("d" + i + "/") : file("f" + i, "x");
        }
        Path archive = TestArchives.tar(dir.resolve("many.tar"), items);
        try (ArchiveReader r = ArchiveReader.open(archive, 11)) {
            int n = 0;
            while (r.next() != null) {
                n++;
            }
            assertEquals(5, n);
        }
        try (ArchiveReader r = ArchiveReader.open(archive, 10)) {
            MalformedArchiveException e = assertThrows(MalformedArchiveException.class, () -> {
                while (r.next() != null) {
                    continue;
                }
            });
            assertTrue(e.getMessage().contains("more than 10 entries"), e.getMessage());
        }
    }

    /** The bound holds whether the header declares the size (tar, zip from a file) or not (zip from a stream). */
    @ParameterizedTest
    @ValueSource(strings = {"big.tar.gz", "big.zip", "streamed.zip"})
    void readsAreBounded(String name) throws IOException {
        byte[] data = new byte[200_000]; // zeros: a few hundred compressed bytes, as in a decompression bomb
        Path archive = name.endsWith(".tar.gz") ? TestArchives.tar(dir.resolve(name), file("big.bin", data))
                : TestArchives.zip(dir.resolve(name), !name.startsWith("streamed"), file("big.bin", data));
        assertTrue(Files.size(archive) < 2000, "compressed to " + Files.size(archive));
        try (ArchiveReader r = ArchiveReader.open(archive, 10)) {
            ArchiveReader.Entry e = r.next();
            assertEquals(name.startsWith("streamed") ? -1 : data.length, e.declaredSize());
            MalformedArchiveException tooBig = assertThrows(MalformedArchiveException.class, () -> r.read(data.length - 1));
            assertTrue(tooBig.getMessage().contains("big.bin") && tooBig.getMessage().contains("allowed"),
                    tooBig.getMessage());
        }
        try (ArchiveReader r = ArchiveReader.open(archive, 10)) {
            r.next();
            assertArrayEquals(data, r.read(data.length));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.tar.gz", "t.zip", "t.tar"})
    void corruptArchivesAreMalformedNotIoFailures(String name) throws IOException {
        byte[] payload = bytes(50_000, 3);
        Path whole = name.endsWith(".zip") ? TestArchives.zip(dir.resolve("whole-" + name), true, file("p.bin", payload))
                : TestArchives.tar(dir.resolve("whole-" + name), file("p.bin", payload));
        byte[] all = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve(name), Arrays.copyOf(all, all.length / 3));
        MalformedArchiveException e = assertThrows(MalformedArchiveException.class, () -> {
            try (ArchiveReader r = ArchiveReader.open(truncated, 10)) {
                for (ArchiveReader.Entry x; (x = r.next()) != null; ) {
                    r.read(1 << 20);
                }
            }
        });
        assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());

        Path junk = Files.write(dir.resolve("junk-" + name), bytes(4000, 4));
        MalformedArchiveException notAnArchive = assertThrows(MalformedArchiveException.class, () -> {
            try (ArchiveReader r = ArchiveReader.open(junk, 10)) {
                r.next();
            }
        });
        assertTrue(notAnArchive.getMessage().contains("not a readable"), notAnArchive.getMessage());
    }

    @Test
    void aMissingFileIsAnIoFailure() {
        assertThrows(NoSuchFileException.class, () -> ArchiveReader.open(dir.resolve("none.zip"), 10));
    }
}
