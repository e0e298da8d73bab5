package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.ImageFiles;
import dev.rdpc.image.RasterImage;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example, compiled and run as written (paths redirected to a temporary folder). */
class ReadmeExampleTest {
    static final Path PROJECT = Path.of(System.getProperty("rdpc.project.dir", ".."));
    static final String MARKER = "<!-- library-example";

    /** The Java block that follows the marker in README.md. */
    static String example() throws Exception {
        String readme = Files.readString(PROJECT.resolve("README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf(MARKER);
        assertTrue(marker >= 0, "README.md has no " + MARKER + " marker");
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    @Test
    void compilesAndRuns(@TempDir Path dir) throws Exception {
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : example().split("\n")) {
            if (line.startsWith("import ")) {
                imports.add(line);
            } else {
                body.append("        ").append(line).append('\n');
            }
        }
        assertTrue(body.toString().lines().filter(l -> !l.isBlank()).count() <= 10, "a ten-line example");
        Path output = dir.resolve("chelsea-p1.png");
        String code = String.join("\n", imports) + "\n\npublic class ReadmeExample {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + body.toString()
                        .replace("\"samples/chelsea.png\"", '"' + PROJECT.resolve("samples/chelsea.png").toString() + '"')
                        .replace("\"chelsea-p1.png\"", '"' + output.toString() + '"')
                + "    }\n}\n";
        Path source = dir.resolve("ReadmeExample.java");
        Files.writeString(source, code);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = compiler.run(null, diagnostics, diagnostics, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertEquals(0, rc, "the README example does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8) + code);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("ReadmeExample").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        }
        RasterImage written = ImageFiles.read(output);
        RasterImage original = ImageFiles.read(PROJECT.resolve("samples/chelsea.png"));
        assertEquals(original.width(), written.width());
        assertEquals(original.height(), written.height());
        // The example writes the perception-1 decode: 28.97 dB with the 47k-step default model and unit
        // channel gains (docs/measurements.md section 12); it was 15.6 dB while the MMSE divisors
        // amplified the residual noise. Unrelated images score about 10 dB.
        assertTrue(ImageCompare.psnr(original, written) > 25, "a reconstruction of the photo: "
                + ImageCompare.psnr(original, written) + " dB");
    }
}
