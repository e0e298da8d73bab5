package dev.rdpc.tools.curve;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Hashes and number formatting shared by the cache keys and the outputs. */
public final class Keys {
    private Keys() {
    }

    /** SHA-256 of a file's bytes, lowercase hex. */
    public static String sha256(Path file) throws IOException {
        return MoreFiles.asByteSource(file).hash(Hashing.sha256()).toString();
    }

    /** SHA-256 of a string's UTF-8 bytes, lowercase hex. */
    public static String sha256(String text) {
        return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString();
    }

    /**
     * A number as it appears in keys, names and labels: integers without a fraction ("50"),
     * others in Java's shortest round-trip form ("0.3"), so that the same value always gives the
     * same text.
     */
    public static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
