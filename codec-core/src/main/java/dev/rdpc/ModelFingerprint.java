package dev.rdpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a model file, as the MODEL record stores it (docs/format.md §3.8). */
final class ModelFingerprint {
    static final byte[] ANALYTIC = new byte[32];

    private ModelFingerprint() {}

    static byte[] of(Path modelFile) throws RdpcException {
        try (InputStream in = Files.newInputStream(modelFile)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return digest.digest();
        } catch (IOException e) {
            throw new RdpcException(ErrorCode.IO, "cannot read model " + modelFile + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    static byte[] of(byte[] modelBytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(modelBytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    static String hex(byte[] fingerprint) {
        return HexFormat.of().formatHex(fingerprint);
    }
}
