package dev.rdpc.format;

import java.util.Arrays;

/**
 * An ancillary record (id 0x8000-0xFFFE, docs/format.md §3.1) that this implementation does not
 * interpret. Readers keep such records and the writer rewrites them byte-identically. The value is
 * copied on construction and on access; equality is by content.
 *
 * @param id record id in 0x8000..0xFFFE
 * @param value the record value
 */
public record AncillaryRecord(int id, byte[] value) {
    /**
     * Validates the id and copies {@code value}.
     *
     * @throws IllegalArgumentException if the id is not ancillary
     * @throws NullPointerException if {@code value} is null
     */
    public AncillaryRecord {
        Rules.require(Rules.ancillaryId(id));
        value = value.clone();
    }

    /**
     * Returns a copy of the value.
     *
     * @return the bytes
     */
    @Override
    public byte[] value() {
        return value.clone();
    }

    byte[] valueNoCopy() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AncillaryRecord a && a.id == id && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "AncillaryRecord[id=" + Rules.hex16(id) + ", value=" + Hex.abbreviate(value) + "]";
    }
}
