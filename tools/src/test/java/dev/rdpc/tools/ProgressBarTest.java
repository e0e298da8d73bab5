package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private long now;

    @Test
    void rendersFractionCountsAndTime() {
        ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()), "decoding", "calls", () -> now);
        assertEquals("decoding [" + ".".repeat(ProgressBar.WIDTH) + "]   0%  0/49 calls  0.0 s", bar.render(0, 49, 0));
        String half = bar.render(25, 50, 12.34);
        assertTrue(half.startsWith("decoding [###############...............]  50%  25/50 calls  12.3 s"), half);
        assertTrue(bar.render(49, 49, 3).contains("[" + "#".repeat(ProgressBar.WIDTH) + "] 100%"));
    }

    @Test
    void redrawsInPlaceAtMostEveryHundredMillisecondsAndAlwaysAtTheEnd() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), "encoding", "chunks", () -> now);
        bar.onProgress(1, 10);          // first update always draws
        now += 10_000_000L;
        bar.onProgress(2, 10);          // 10 ms later: skipped
        now += 200_000_000L;
        bar.onProgress(3, 10);          // drawn
        bar.onProgress(10, 10);         // the last unit is always drawn
        bar.close();
        String out = text.toString();
        assertEquals(3, out.chars().filter(ch -> ch == '\r').count(), out);
        assertTrue(out.contains(" 1/10 ") && out.contains(" 3/10 ") && out.contains(" 10/10 "), out);
        assertTrue(!out.contains(" 2/10 "), out);
        assertTrue(out.endsWith(System.lineSeparator()), "close ends the line");
    }

    @Test
    void closeWithoutProgressPrintsNothing() {
        StringWriter text = new StringWriter();
        new ProgressBar(new PrintWriter(text), "decoding", "calls", () -> now).close();
        assertEquals("", text.toString());
    }
}
