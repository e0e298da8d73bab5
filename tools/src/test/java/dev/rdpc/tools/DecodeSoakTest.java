package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DecodeSoakTest {
    @Test
    void reportsMemoryRowsAndChecksThatEveryDecodeIsIdentical() {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new DecodeSoak());
        cli.setOut(new PrintWriter(text, true));
        int code = cli.execute("--decodes", "5", "--every", "2", "--new-decoder-every", "2", "--size", "16");
        String out = text.toString();
        assertEquals(0, code, out);
        // rows after decodes 1 (first), 2 and 4; each with heap, VmRSS and VmHWM columns
        assertEquals(3, out.lines().filter(l -> l.matches("\\| [0-9]+ \\| [0-9.]+ \\| ([0-9.]+|n/a) \\| ([0-9.]+|n/a) \\|")).count(), out);
        assertTrue(out.contains("5 decodes in") && out.contains("all identical"), out);
    }
}
