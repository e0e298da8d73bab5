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

    /** Runs the study with {@code args}, checks that it succeeds, and returns what it printed. */
    private static String study(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code = new CommandLine(new ProposalStudy()).execute(args);
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        return out;
    }

    @Test
    void reportsKlAndChunksForEveryExponent() throws Exception {
        Path png = CliHarness.png(dir, "a.png", 96, 64, 3);
        String out = study("--sigma", "0.2", "--gammas", "0,1", png.toString());
        Matcher m = Pattern.compile("gamma (\\S+): KL (\\d+) bits, (\\d+) chunks, (\\d+) capped").matcher(out);
        int found = 0;
        while (m.find()) {
            found++;
            assertTrue(Long.parseLong(m.group(2)) > 0, out);
            assertTrue(Integer.parseInt(m.group(3)) >= Integer.parseInt(m.group(4)), out);
        }
        assertEquals(2, found, out);
    }

    @Test
    void conditionalEntropyOfKnownDistributions() {
        // one context, values 0/1 equally often: 1 bit each
        assertEquals(4.0, ProposalStudy.conditionalEntropyBits(new long[] {0, 0, 0, 0}, new long[] {0, 1, 0, 1}), 1e-12);
        // the context determines the value: 0 bits
        assertEquals(0.0, ProposalStudy.conditionalEntropyBits(new long[] {0, 1, 0, 1}, new long[] {5, 7, 5, 7}), 1e-12);
        // context 0 holds 1/4 : 3/4, context 1 is constant
        double h = -(Math.log(0.25) + 3 * Math.log(0.75)) / Math.log(2);
        assertEquals(h, ProposalStudy.conditionalEntropyBits(new long[] {0, 0, 0, 0, 1}, new long[] {1, 2, 2, 2, 9}), 1e-12);
    }

    @Test
    void indexContextStudyReportsEntropiesThatOnlyFallWithMoreContext() throws Exception {
        Path png = CliHarness.png(dir, "b.png", 64, 48, 3);
        String out = study("--sigma", "0.1", "--gammas", "0", "--index-contexts", png.toString());
        Matcher m = Pattern.compile("(\\d+) chunks, KL (\\d+) bits, payload (\\d+) bits .*?: ([0-9.]+) bits given round\\(E_j\\), "
                + "([0-9.]+) with the previous octave").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Integer.parseInt(m.group(1)) > 0 && Long.parseLong(m.group(3)) > 0, out);
        assertTrue(Double.parseDouble(m.group(5)) <= Double.parseDouble(m.group(4)), "a finer context cannot raise the plug-in entropy: " + out);
    }
}
