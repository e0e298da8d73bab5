package dev.rdpc.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, validated rdpc file: the decoded content of every record (docs/format.md §3).
 *
 * <p>Instances are produced by {@link ContainerReader} or by {@link #builder()}, and serialized by
 * {@link ContainerWriter}. Equality is by content, including the payload and the ancillary records
 * in their order.
 */
public final class RdpcFile {
    private final ImageInfo image;
    private final TransformInfo transform;
    private final PaddingInfo padding;
    private final ProposalInfo proposal;
    private final ModelInfo model;
    private final DecodeHint decodeHint; // nullable
    private final LadderInfo ladder;
    private final byte[] payload;
    private final List<AncillaryRecord> ancillary;

    private RdpcFile(Builder b, byte[] payload) {
        this.image = b.image;
        this.transform = b.transform;
        this.padding = b.padding;
        this.proposal = b.proposal;
        this.model = b.model;
        this.decodeHint = b.decodeHint;
        this.ladder = b.ladder;
        this.payload = payload;
        this.ancillary = List.copyOf(b.ancillary);
    }

    /**
     * Returns a new, empty builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised with the content of this file.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder()
                .image(image).transform(transform).padding(padding)
                .proposal(proposal).model(model).decodeHint(decodeHint)
                .ladder(ladder).ancillary(ancillary);
        b.payload = payload; // immutable here; the builder copies on every external set
        return b;
    }

    /** @return the IMAGE record (§3.2) */
    public ImageInfo image() {
        return image;
    }

    /** @return the TRANSFORM record (§3.3) */
    public TransformInfo transform() {
        return transform;
    }

    /** @return the PADDING record (§3.4) */
    public PaddingInfo padding() {
        return padding;
    }

    /** @return the PROPOSAL record (§3.5): layer 0's Gaussian proposal */
    public ProposalInfo proposal() {
        return proposal;
    }

    /** @return the MODEL record (§3.6) */
    public ModelInfo model() {
        return model;
    }

    /** @return the DECODE_HINT record (§3.7), or empty when the file has none */
    public Optional<DecodeHint> decodeHint() {
        return Optional.ofNullable(decodeHint);
    }

    /** @return the LADDER record (§3.8) */
    public LadderInfo ladder() {
        return ladder;
    }

    /** @return a copy of the LAYER_PAYLOAD record value (§3.9): every layer's indices, layer after layer */
    public byte[] payload() {
        return payload.clone();
    }

    /** @return a read-only view of the LAYER_PAYLOAD record value, without copying */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** @return the length of the LAYER_PAYLOAD record value in bytes */
    public int payloadLength() {
        return payload.length;
    }

    /** Offset of layer {@code k}'s indices within the LAYER_PAYLOAD value. */
    public long layerPayloadOffset(int k) {
        long offset = 0;
        for (int l = 0; l < k; l++) {
            offset += ladder.layers().get(l).payloadBytes();
        }
        return offset;
    }

    /**
     * Returns the ancillary records, in the order they appeared in the file (or were added to the
     * builder). The writer emits them in this order after all known records.
     *
     * @return an unmodifiable list
     */
    public List<AncillaryRecord> ancillary() {
        return ancillary;
    }

    /**
     * The cross-record rules of §3.8, each with the LADDER field it concerns (an offset relative to
     * the record value, or -1 for the record's id field), in the order the reader checks them.
     */
    static java.util.List<java.util.Map.Entry<Long, String>> ladderProblems(LadderInfo ladder, ImageInfo image,
            TransformInfo transform, PaddingInfo padding, ModelInfo model, long payloadLength) {
        java.util.List<java.util.Map.Entry<Long, String>> problems = new java.util.ArrayList<>();
        long coefficients = (long) Rules.codedChannels(image.channels(), transform.colourTransformId())
                * padding.paddedWidth() * padding.paddedHeight();
        add(problems, 16, Rules.bandsMatch(ladder.bands(), transform.blockSize()));
        add(problems, 12, Rules.tilingMatchesPrior(model.priorKindId(), ladder.tileEdge()));
        long at = FormatIds.LADDER_HEADER_LENGTH;
        long declared = 0;
        for (int k = 0; k < ladder.layers().size(); k++) {
            LayerInfo layer = ladder.layers().get(k);
            add(problems, at + 4, Rules.chunksFit(k, layer.chunkCount(), coefficients));
            add(problems, at + 4, Rules.chunksCarried(k, layer.chunkCount(), layer.payloadBytes(), ladder.log2Candidates()));
            declared += layer.payloadBytes();
            at += FormatIds.LAYER_ENTRY_LENGTH;
        }
        add(problems, -1, Rules.payloadsFit(declared, payloadLength));
        return problems;
    }

    private static void add(java.util.List<java.util.Map.Entry<Long, String>> problems, long offset, String problem) {
        if (problem != null) {
            problems.add(java.util.Map.entry(offset, problem));
        }
    }

    /**
     * The number of planes the layers code: 3 for an RGB image and for a grey image coded as RGB
     * (colourTransformId 2, §3.3), 1 for a grey image coded as grey.
     */
    public int codedChannels() {
        return Rules.codedChannels(image.channels(), transform.colourTransformId());
    }

    byte[] payloadNoCopy() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RdpcFile f)) {
            return false;
        }
        return image.equals(f.image) && transform.equals(f.transform) && padding.equals(f.padding)
                && proposal.equals(f.proposal) && model.equals(f.model) && Objects.equals(decodeHint, f.decodeHint)
                && ladder.equals(f.ladder) && Arrays.equals(payload, f.payload) && ancillary.equals(f.ancillary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(image, transform, padding, proposal, model, decodeHint, ladder,
                Arrays.hashCode(payload), ancillary);
    }

    @Override
    public String toString() {
        return "RdpcFile[" + image + ", " + transform + ", " + padding + ", " + proposal + ", " + model
                + ", decodeHint=" + decodeHint + ", " + ladder + ", layerPayload=" + Hex.abbreviate(payload)
                + ", ancillary=" + ancillary + "]";
    }

    /**
     * Builder of {@link RdpcFile}. Every block except the decode hint and the ancillary records is
     * required; {@link #build()} checks presence and the cross-record rules of §3.3, §3.4 and §3.8.
     */
    public static final class Builder {
        private ImageInfo image;
        private TransformInfo transform;
        private PaddingInfo padding;
        private ProposalInfo proposal;
        private ModelInfo model;
        private DecodeHint decodeHint;
        private LadderInfo ladder;
        private byte[] payload;
        private final List<AncillaryRecord> ancillary = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the IMAGE record.
         *
         * @param value the record
         * @return this builder
         */
        public Builder image(ImageInfo value) {
            this.image = Objects.requireNonNull(value, "image");
            return this;
        }

        /**
         * Sets the TRANSFORM record.
         *
         * @param value the record
         * @return this builder
         */
        public Builder transform(TransformInfo value) {
            this.transform = Objects.requireNonNull(value, "transform");
            return this;
        }

        /**
         * Sets the PADDING record.
         *
         * @param value the record
         * @return this builder
         */
        public Builder padding(PaddingInfo value) {
            this.padding = Objects.requireNonNull(value, "padding");
            return this;
        }

        /**
         * Sets the PROPOSAL record.
         *
         * @param value the record
         * @return this builder
         */
        public Builder proposal(ProposalInfo value) {
            this.proposal = Objects.requireNonNull(value, "proposal");
            return this;
        }

        /**
         * Sets the MODEL record.
         *
         * @param value the record
         * @return this builder
         */
        public Builder model(ModelInfo value) {
            this.model = Objects.requireNonNull(value, "model");
            return this;
        }

        /**
         * Sets or, with {@code null}, removes the optional DECODE_HINT record.
         *
         * @param value the record or null
         * @return this builder
         */
        public Builder decodeHint(DecodeHint value) {
            this.decodeHint = value;
            return this;
        }

        /**
         * Sets the LADDER record.
         *
         * @param value the record
         * @return this builder
         */
        public Builder ladder(LadderInfo value) {
            this.ladder = Objects.requireNonNull(value, "ladder");
            return this;
        }

        /**
         * Sets the LAYER_PAYLOAD record value; the array is copied.
         *
         * @param value the payload bytes
         * @return this builder
         */
        public Builder payload(byte[] value) {
            this.payload = value.clone();
            return this;
        }

        /** Sets the payload without copying; for the reader, which owns a fresh array. */
        Builder payloadNoCopy(byte[] value) {
            this.payload = value;
            return this;
        }

        /**
         * Appends an ancillary record; the writer emits ancillary records in the order added.
         *
         * @param value the record
         * @return this builder
         */
        public Builder addAncillary(AncillaryRecord value) {
            ancillary.add(Objects.requireNonNull(value, "ancillary record"));
            return this;
        }

        /**
         * Replaces all ancillary records.
         *
         * @param values the records, in the order they are to be written
         * @return this builder
         */
        public Builder ancillary(List<AncillaryRecord> values) {
            List<AncillaryRecord> copy = List.copyOf(values); // rejects null elements
            ancillary.clear();
            ancillary.addAll(copy);
            return this;
        }

        /**
         * Builds the file.
         *
         * @return the immutable file
         * @throws IllegalStateException if a required record is missing
         * @throws IllegalArgumentException if the records are inconsistent (channel count versus
         *     colour transform, padding versus image size and block size, the ladder versus the image,
         *     the prior and the payload) or two ancillary records share an id
         */
        public RdpcFile build() {
            requirePresent(image, FormatIds.RECORD_IMAGE);
            requirePresent(transform, FormatIds.RECORD_TRANSFORM);
            requirePresent(padding, FormatIds.RECORD_PADDING);
            requirePresent(proposal, FormatIds.RECORD_PROPOSAL);
            requirePresent(model, FormatIds.RECORD_MODEL);
            requirePresent(ladder, FormatIds.RECORD_LADDER);
            requirePresent(payload, FormatIds.RECORD_LAYER_PAYLOAD);
            Rules.require(Rules.colourMatchesChannels(image.channels(), transform.colourTransformId()));
            Rules.require(Rules.padded("Width", image.width(), padding.paddedWidth(), transform.blockSize()));
            Rules.require(Rules.padded("Height", image.height(), padding.paddedHeight(), transform.blockSize()));
            Rules.require(ladderMatches(ladder, image, transform, padding, model, payload.length));
            BitSet ids = new BitSet();
            for (AncillaryRecord a : ancillary) {
                if (ids.get(a.id())) {
                    throw new IllegalArgumentException("duplicate ancillary record " + Rules.hex16(a.id())
                            + Rules.ref(Rules.FRAMING));
                }
                ids.set(a.id());
            }
            return new RdpcFile(this, payload);
        }

        private static String ladderMatches(LadderInfo ladder, ImageInfo image, TransformInfo transform, PaddingInfo padding,
                                            ModelInfo model, long payloadLength) {
            return Rules.firstProblem(ladderProblems(ladder, image, transform, padding, model, payloadLength));
        }

        private static void requirePresent(Object value, int id) {
            if (value == null) {
                throw new IllegalStateException("missing required record " + Rules.label(id)
                        + Rules.ref(Rules.RECORD_SET));
            }
        }
    }
}
