package dev.rdpc.tools.curve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rdpc.image.RasterImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache entries, the keys, and the small text helpers of the curve harness. */
class CurveCacheTest {
    @TempDir
    Path dir;

    private static RasterImage image() {
        byte[] s = new byte[12 * 11 * 3];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (i * 7);
        }
        return RasterImage.rgb(12, 11, s);
    }

    @Test
    void pointRoundTripsWithItsDecodedImage() throws IOException {
        PointCache cache = new PointCache(dir.resolve("cache"));
        ImagePoint p = new ImagePoint("k1", "a.png", 12, 11, 99, 8.0 * 99 / 132, 12.5, ImagePoint.psnrOf(12.5),
                Double.NaN, 0.25, 0.125);
        assertTrue(cache.point("k1").isEmpty());
        cache.putPoint(p, image());
        assertEquals(p.toString(), cache.point("k1").orElseThrow().toString(), "NaN survives as null");
        assertEquals(image(), cache.decoded("k1"));
        assertTrue(cache.point("k2").isEmpty());
    }

    @Test
    void incompleteOrDamagedEntriesCountAsMissing() throws IOException {
        PointCache cache = new PointCache(dir.resolve("cache"));
        ImagePoint p = new ImagePoint("k", "a.png", 12, 11, 1, 1, 1, 48, 0.9, 0, 0);
        cache.putPoint(p, image());
        Path json = dir.resolve("cache/points/" + PointCache.stem("k") + ".json");
        Files.writeString(json, "{\"key\": \"k\", truncated");
        assertTrue(cache.point("k").isEmpty(), "unparseable");
        cache.putPoint(p, image());
        Files.writeString(json, Files.readString(json).replace("\"k\"", "\"other\""));
        assertTrue(cache.point("k").isEmpty(), "a different key under the same name");
        cache.putPoint(p, image());
        Files.delete(cache.decodedPath("k"));
        assertTrue(cache.point("k").isEmpty(), "no decoded image");

        cache.putEncoded("e", new byte[] {1, 2, 3}, 0.5);
        assertArrayEquals(new byte[] {1, 2, 3}, cache.encoded("e").orElseThrow().file());
        assertEquals(0.5, cache.encoded("e").orElseThrow().encodeSeconds());
        Files.write(dir.resolve("cache/encoded/" + PointCache.stem("e") + ".bin"), new byte[] {1, 2});
        assertTrue(cache.encoded("e").isEmpty(), "a truncated file");
    }

    @Test
    void pointKeysSpellOutEverySetting() {
        SourceImage img = new SourceImage("a.png", dir.resolve("a.png"), "ab".repeat(32), image());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mode", "ode");
        s.put("perception", 0.5);
        s.put("steps", 24);
        CurveCodec.Variant v = new CurveCodec.Variant("rdpc-ode-0.5", "rdpc ode P=0.5", s);
        CurveCodec codec = new CurveCodec() {
            @Override
            public String name() {
                return "x";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public List<Rate> rates() {
                return List.of();
            }

            @Override
            public List<Variant> variants() {
                return List.of(v);
            }

            @Override
            public Map<String, Object> settings() {
                return Map.of();
            }

            @Override
            public String keyBase() {
                return "x|version=1";
            }

            @Override
            public List<Coded> code(SourceImage image, Rate rate, List<Variant> variants, RunContext context) {
                throw new UnsupportedOperationException();
            }
        };
        String key = CurveRunner.pointKey(codec, img, new CurveCodec.Rate("bpp", 0.3), v);
        assertEquals("point|x|version=1|image=" + "ab".repeat(32) + "|bpp=0.3|mode=ode|perception=0.5|steps=24", key);
        assertNotEquals(key, CurveRunner.pointKey(codec, img, new CurveCodec.Rate("bpp", 0.30000001), v));
    }

    @Test
    void helpers() {
        assertEquals("50", Keys.fmt(50.0));
        assertEquals("0.3", Keys.fmt(0.3));
        assertEquals("-2", Keys.fmt(-2));
        assertEquals(100.0, ImagePoint.psnrOf(0));
        assertEquals(10 * Math.log10(255.0 * 255.0 / 4), ImagePoint.psnrOf(4), 1e-12);
        assertEquals("plain", CurveOutputs.field("plain"));
        assertEquals("\"a,b\"", CurveOutputs.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CurveOutputs.field("say \"hi\""));
        assertEquals("&lt;a href=&quot;x&quot;&gt; &amp; &#39;", HtmlReport.esc("<a href=\"x\"> & '"));
        assertEquals(List.of("/bin/cjpeg", "-quality", "30", "-outfile", "o.jpg", "i.ppm"),
                ClassicCodec.command(Path.of("/bin/cjpeg"), List.of("-quality", "{q}", "-outfile", "{out}", "{in}"), 30,
                        Path.of("i.ppm"), Path.of("o.jpg")));
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), ToolPath.parse("/a:/b:").dirs());
        assertEquals("...xyz", ToolPath.tail("abc\n  xyz", 3));
    }
}
