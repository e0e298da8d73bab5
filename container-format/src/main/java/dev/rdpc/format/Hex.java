package dev.rdpc.format;

import java.util.HexFormat;

/** Hex rendering for toString methods. */
final class Hex {
    private Hex() {}

    private static final int SHOWN = 32;

    static String abbreviate(byte[] bytes) {
        HexFormat hex = HexFormat.of();
        if (bytes.length <= SHOWN) {
            return hex.formatHex(bytes);
        }
        return hex.formatHex(bytes, 0, SHOWN) + "...(" + bytes.length + " bytes)";
    }
}
