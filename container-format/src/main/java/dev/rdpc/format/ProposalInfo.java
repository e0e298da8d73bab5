package dev.rdpc.format;

import java.util.Arrays;

/**
 * PROPOSAL record (id 0x0006, docs/format.md §3.5): the kind of proposal distribution and its
 * codec-defined parameters. The byte array is copied on construction and on access; equality is
 * by content.
 *
 * @param proposalKindId {@link FormatIds#PROPOSAL_PER_FREQUENCY_QUANTIZED_GAUSSIAN}
 * @param data opaque codec-defined bytes, at most 16 MiB
 */
public record ProposalInfo(int proposalKindId, byte[] data) {
    /**
     * Validates the fields and copies {@code data}.
     *
     * @throws IllegalArgumentException if a field is outside its range
     * @throws NullPointerException if {@code data} is null
     */
    public ProposalInfo {
        Rules.require(Rules.proposalKindId(proposalKindId));
        Rules.require(Rules.proposalDataLength(data.length));
        data = data.clone();
    }

    /**
     * Returns a copy of the opaque proposal bytes.
     *
     * @return the bytes
     */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * Returns the number of opaque proposal bytes.
     *
     * @return the length of {@link #data()}
     */
    public int dataLength() {
        return data.length;
    }

    byte[] dataNoCopy() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProposalInfo p && p.proposalKindId == proposalKindId && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * proposalKindId + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ProposalInfo[proposalKindId=" + proposalKindId + ", data=" + Hex.abbreviate(data) + "]";
    }
}
