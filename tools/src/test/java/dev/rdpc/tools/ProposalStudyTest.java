package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The issue-8 proposal study (docs/measurements.md §16) runs and reports one figure per exponent. */
class ProposalStudyTest {
    @TempDir
    Path dir;

    @Test
    void reportsKlAndChunksForEveryExponent() throws Exception {
        Path png = CliHarness.png(dir, "a.png", 96, 64, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code = new CommandLine(new ProposalStudy()).execute("--sigma", "0.2", "--gammas", "0,1", png.toString());
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        Matcher m = Pattern.compile("gamma (\\S+): KL (\\d+) bits, (\\d+) chunks, (\\d+) capped").matcher(out);
        int found = 0;
        while (m.find()) {
            found++;
            assertTrue(Long.parseLong(m.group(2)) > 0, out);
            assertTrue(Integer.parseInt(m.group(3)) >= Integer.parseInt(m.group(4)), out);
        }
        assertEquals(2, found, out);
    }
}
