package dev.rdpc.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SettingsAndTypesTest {

    @Test
    void defaultsAndWithers() {
        DecodeSettings d = DecodeSettings.defaults();
        assertEquals(new DecodeSettings(DecodeMode.INTERPOLATION, 0.0, 24, 0.002, 7.0), d);
        DecodeSettings e = d.withMode(DecodeMode.ODE).withPerception(0.25).withSteps(9)
                .withSigmaMin(0.01).withRho(3);
        assertEquals(new DecodeSettings(DecodeMode.ODE, 0.25, 9, 0.01, 3.0), e);
        assertEquals(DecodeSettings.defaults(), d, "withers must not mutate");
        assertEquals(0L, d.decodeSeed());
        assertEquals(new DecodeSettings(DecodeMode.INTERPOLATION, 0.0, 24, 0.002, 7.0, 0L), d);
        DecodeSettings f = e.withDecodeSeed(-5).withMode(DecodeMode.SDE).withPerception(0.5).withSteps(7)
                .withSigmaMin(0.02).withRho(2);
        assertEquals(new DecodeSettings(DecodeMode.SDE, 0.5, 7, 0.02, 2.0, -5L), f);
        assertEquals(-5L, f.withMode(DecodeMode.MAP_RPS).decodeSeed(), "withers keep the seed");
        assertEquals(9, e.withDecodeSeed(Long.MIN_VALUE).steps());
        assertEquals(Long.MAX_VALUE, e.withDecodeSeed(Long.MAX_VALUE).decodeSeed());
        assertEquals(e, e.withDecodeSeed(3).withDecodeSeed(0));
    }

    @Test
    void settingsValidationStatesRanges() {
        DecodeSettings d = DecodeSettings.defaults();
        assertMessage(() -> d.withPerception(-0.01), "[0, 1]");
        assertMessage(() -> d.withPerception(1.01), "[0, 1]");
        assertMessage(() -> d.withPerception(Double.NaN), "[0, 1]");
        assertMessage(() -> d.withSteps(0), "[1, 10000]");
        assertMessage(() -> d.withSteps(10001), "[1, 10000]");
        assertMessage(() -> d.withSigmaMin(0), "sigmaMin");
        assertMessage(() -> d.withSigmaMin(Double.NaN), "sigmaMin");
        assertMessage(() -> d.withSigmaMin(2), "sigmaMin");
        assertMessage(() -> d.withRho(0.5), "rho");
        assertMessage(() -> d.withRho(Double.POSITIVE_INFINITY), "rho");
        assertMessage(() -> d.withMode(null), "mode");
        DecodeSettings sde = d.withMode(DecodeMode.SDE).withDecodeSeed(4);
        assertMessage(() -> sde.withPerception(1.5), "perception must be in [0, 1], got 1.5");
        assertMessage(() -> sde.withSteps(0), "steps must be in [1, 10000], got 0");
        assertMessage(() -> new DecodeSettings(DecodeMode.MAP_RPS, -0.5, 24, 0.002, 7, 9L), "perception");
        assertMessage(() -> new DecodeSettings(null, 0.5, 24, 0.002, 7, 9L), "mode must not be null");
        // boundaries are accepted
        d.withPerception(0).withPerception(1).withSteps(1).withSteps(10000).withRho(1).withRho(100).withSigmaMin(1);
    }

    @Test
    void modeIdsAreStable() {
        assertEquals("ode", DecodeMode.ODE.id());
        assertEquals("interp", DecodeMode.INTERPOLATION.id());
        assertEquals("sde", DecodeMode.SDE.id());
        assertEquals("map-rps", DecodeMode.MAP_RPS.id());
        assertEquals(1, DecodeMode.ODE.numericId());
        assertEquals(2, DecodeMode.INTERPOLATION.numericId());
        assertEquals(3, DecodeMode.SDE.numericId());
        assertEquals(4, DecodeMode.MAP_RPS.numericId());
        assertEquals(4, DecodeMode.values().length);
        Set<String> ids = new HashSet<>();
        Set<Integer> nums = new HashSet<>();
        for (DecodeMode m : DecodeMode.values()) {
            assertTrue(ids.add(m.id()), "duplicate id " + m.id());
            assertTrue(nums.add(m.numericId()), "duplicate numeric id " + m.numericId());
            assertEquals(m.id().toLowerCase(java.util.Locale.ROOT), m.id());
            assertSame(m, DecodeMode.fromId(m.id()));
            assertSame(m, DecodeMode.fromNumericId(m.numericId()));
        }
        assertSame(DecodeMode.INTERPOLATION, DecodeMode.fromId(" INTERP "));
        assertSame(DecodeMode.SDE, DecodeMode.fromId("SDE"));
        assertSame(DecodeMode.MAP_RPS, DecodeMode.fromId(" Map-Rps "));
        assertSame(DecodeMode.MAP_RPS, DecodeMode.fromNumericId(4));
        assertMessage(() -> DecodeMode.fromId("map_rps"), "ode, interp, sde, map-rps");
        assertMessage(() -> DecodeMode.fromId("langevin"), "unknown decode mode 'langevin'");
        assertMessage(() -> DecodeMode.fromNumericId(5), "1 (ode), 2 (interp), 3 (sde), 4 (map-rps)");
        assertMessage(() -> DecodeMode.fromId(null), "unknown");
        assertMessage(() -> DecodeMode.fromNumericId(0), "unknown");
    }

    @Test
    void tensorShape() {
        TensorShape s = new TensorShape(3, 4, 5);
        assertEquals(60, s.size());
        assertEquals(20, s.planeSize());
        assertEquals(Integer.MAX_VALUE, new TensorShape(1, 1, Integer.MAX_VALUE).size());
        assertMessage(() -> new TensorShape(0, 4, 5), ">= 1");
        assertMessage(() -> new TensorShape(3, -1, 5), ">= 1");
        assertMessage(() -> new TensorShape(1, 46341, 46341), "elements");
        assertMessage(() -> new TensorShape(65536, 65536, 65536), "elements");
        assertMessage(() -> new TensorShape(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE), "elements");
        assertMessage(() -> s.requireLength(new float[59], "y"), "60");
    }

    @Test
    void identityBasisCopiesAndChecksLength() {
        IdentityBasis b = new IdentityBasis(3);
        float[] out = new float[3];
        b.forward(new float[] {1, 2, 3}, out);
        assertEquals(2f, out[1]);
        assertThrows(IllegalArgumentException.class, () -> b.inverse(new float[2], out));
        assertThrows(IllegalArgumentException.class, () -> new IdentityBasis(0));
    }

    static void assertMessage(Executable e, String fragment) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), "message '" + ex.getMessage() + "' lacks '" + fragment + "'");
    }
}
