package dev.rdpc.format;

import java.util.Arrays;

/**
 * MODEL record (id 0x0007, docs/format.md §3.6): which prior the decoder must use. The
 * fingerprint is copied on construction and on access; equality is by content.
 *
 * @param priorKindId {@link FormatIds#PRIOR_ANALYTIC_GAUSSIAN} or {@link FormatIds#PRIOR_ONNX_MODEL}
 * @param fingerprint 32 bytes: the SHA-256 of the model file, all zeros for analytic priors
 */
public record ModelInfo(int priorKindId, byte[] fingerprint) {
    /**
     * Validates the fields and copies {@code fingerprint}.
     *
     * @throws IllegalArgumentException if a field is invalid
     * @throws NullPointerException if {@code fingerprint} is null
     */
    public ModelInfo {
        Rules.require(Rules.priorKindId(priorKindId));
        if (fingerprint.length != FormatIds.FINGERPRINT_LENGTH) {
            throw new IllegalArgumentException("MODEL fingerprint must be 32 bytes, got " + fingerprint.length
                    + Rules.ref(Rules.section(FormatIds.RECORD_MODEL)));
        }
        Rules.require(Rules.fingerprint(priorKindId, fingerprint, 0));
        fingerprint = fingerprint.clone();
    }

    /**
     * Returns the model info of the analytic Gaussian prior (kind 0, all-zero fingerprint).
     *
     * @return the analytic prior
     */
    public static ModelInfo analyticGaussian() {
        return new ModelInfo(FormatIds.PRIOR_ANALYTIC_GAUSSIAN, new byte[FormatIds.FINGERPRINT_LENGTH]);
    }

    /**
     * Returns a copy of the fingerprint.
     *
     * @return 32 bytes
     */
    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    byte[] fingerprintNoCopy() {
        return fingerprint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInfo m && m.priorKindId == priorKindId && Arrays.equals(m.fingerprint, fingerprint);
    }

    @Override
    public int hashCode() {
        return 31 * priorKindId + Arrays.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return "ModelInfo[priorKindId=" + priorKindId + ", fingerprint=" + Hex.abbreviate(fingerprint) + "]";
    }
}
