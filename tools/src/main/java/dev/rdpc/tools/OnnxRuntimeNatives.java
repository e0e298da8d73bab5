package dev.rdpc.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * Keeps ONNX Runtime from littering the temporary directory. Its Java binding unpacks its native libraries into a
 * fresh {@code onnxruntime-java*} directory on every start and asks for that directory to be deleted at exit before
 * the files in it, so each run leaves an empty directory behind. Given the system property
 * {@value #NATIVE_PATH_PROPERTY}, it loads the libraries from there instead (its own directory then stays empty and
 * goes at exit).
 *
 * <p>{@link #prepare} unpacks the libraries once into a per-user cache, {@code $XDG_CACHE_HOME/rdpc} or
 * {@code ~/.cache/rdpc}, in a directory named after the platform and the CRC-32 of the library (so another ONNX
 * Runtime gets another directory), and points the property there. Each file is written under a temporary name and
 * renamed, so concurrent first runs do not see half-written libraries. When the cache cannot be written, or the
 * user already set the property, nothing changes and ONNX Runtime unpacks as it always did.
 */
final class OnnxRuntimeNatives {
    static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    /** The libraries ONNX Runtime's loader looks for in that directory, in load order; the first is required. */
    private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni",
            "onnxruntime_providers_shared", "onnxruntime_providers_cuda", "onnxruntime_providers_tensorrt",
            "onnxruntime_providers_rocm", "onnxruntime_providers_dnnl", "onnxruntime_providers_openvino");

    private OnnxRuntimeNatives() {
    }

    /** A library inside the jar: its resource, file name, size and CRC-32 (from the jar's directory). */
    private record Library(URL resource, String fileName, long size, long crc) {
    }

    /**
     * Points {@value #NATIVE_PATH_PROPERTY} at the cached libraries, unpacking them first if needed.
     *
     * @return the directory, or null when ONNX Runtime is left to unpack them itself
     */
    static Path prepare(Map<String, String> environment) {
        if (System.getProperty(NATIVE_PATH_PROPERTY) != null) {
            return null;
        }
        try {
            String platform = platform();
            if (platform == null) {
                return null;
            }
            List<Library> libraries = new ArrayList<>();
            for (String name : LIBRARIES) {
                String fileName = System.mapLibraryName(name);
                URL url = OnnxRuntimeNatives.class.getClassLoader()
                        .getResource("ai/onnxruntime/native/" + platform + "/" + fileName);
                if (url != null) {
                    libraries.add(describe(url, fileName));
                }
            }
            if (libraries.isEmpty() || !libraries.get(0).fileName().equals(System.mapLibraryName(LIBRARIES.get(0)))) {
                return null;
            }
            Path dir = cacheRoot(environment).resolve(String.format(Locale.ROOT, "onnxruntime-%s-%08x", platform,
                    libraries.get(0).crc()));
            Files.createDirectories(dir);
            for (Library library : libraries) {
                Path file = dir.resolve(library.fileName());
                if (!Files.isRegularFile(file) || Files.size(file) != library.size()) {
                    unpack(library, file);
                }
            }
            System.setProperty(NATIVE_PATH_PROPERTY, dir.toString());
            return dir;
        } catch (IOException | RuntimeException e) {
            return null; // ONNX Runtime still works; it only leaves its usual empty directory
        }
    }

    /** ONNX Runtime's name for this platform's resource folder, or null for platforms it ships nothing for. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win"
                : null;
        String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        return osName == null || archName == null ? null : osName + "-" + archName;
    }

    private static Path cacheRoot(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("rdpc");
    }

    private static Library describe(URL url, String fileName) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection) {
            JarEntry entry = ((JarURLConnection) connection).getJarEntry();
            if (entry.getSize() >= 0 && entry.getCrc() >= 0) {
                return new Library(url, fileName, entry.getSize(), entry.getCrc());
            }
        }
        // Not in a jar (classes on disk): measure it.
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = connection.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
                size += n;
            }
        }
        return new Library(url, fileName, size, crc.getValue());
    }

    private static void unpack(Library library, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + library.fileName() + ".", ".tmp");
        try {
            CRC32 crc = new CRC32();
            try (InputStream in = library.resource().openStream(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            if (crc.getValue() != library.crc() || Files.size(tmp) != library.size()) {
                throw new IOException("unpacked " + library.fileName() + " does not match the jar");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
