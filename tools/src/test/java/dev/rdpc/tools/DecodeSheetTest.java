package dev.rdpc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rdpc.image.RasterImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeSheetTest {

    private static RasterImage solid(int w, int h, int value) {
        byte[] s = new byte[w * h * 3];
        java.util.Arrays.fill(s, (byte) value);
        return RasterImage.rgb(w, h, s);
    }

    @Test
    void panelsSitSideBySideWithWhiteGaps() {
        RasterImage sheet = DecodeSheet.sideBySide(List.of(solid(3, 2, 10), solid(5, 2, 20)));
        assertEquals(3 + DecodeSheet.GAP + 5, sheet.width());
        assertEquals(2, sheet.height());
        assertEquals(10, sheet.sample(2, 1, 0));
        assertEquals(255, sheet.sample(3, 0, 2));
        assertEquals(20, sheet.sample(3 + DecodeSheet.GAP, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> DecodeSheet.sideBySide(List.of(solid(3, 2, 0), solid(3, 3, 0))));
    }

    @Test
    void coversEveryKnobOfTheIssue() {
        assertEquals(List.of("interp P=0", "interp P=0.5", "interp P=1", "ode P=0", "sde lambda=1"),
                DecodeSheet.panels().stream().map(p -> (String) p[0]).toList());
    }

    @Test
    void sampleGridFillsRowsLeftToRight() {
        RasterImage grid = SampleSheet.grid(List.of(solid(4, 3, 1), solid(4, 3, 2), solid(4, 3, 3)), 2);
        assertEquals(2 * 4 + SampleSheet.GAP, grid.width());
        assertEquals(2 * 3 + SampleSheet.GAP, grid.height());
        assertEquals(1, grid.sample(0, 0, 0));
        assertEquals(2, grid.sample(4 + SampleSheet.GAP, 2, 1));
        assertEquals(3, grid.sample(3, 3 + SampleSheet.GAP, 2));
        assertEquals(255, grid.sample(4 + SampleSheet.GAP, 3 + SampleSheet.GAP, 0), "empty cell stays white");
    }
}
