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
    private final ChannelInfo channel;
    private final RccInfo rcc;
    private final ProposalInfo proposal;
    private final ModelInfo model;
    private final DecodeHint decodeHint; // nullable
    private final byte[] payload;
    private final ChannelGainInfo channelGain; // nullable
    private final List<AncillaryRecord> ancillary;

    private RdpcFile(Builder b, byte[] payload) {
        this.image = b.image;
        this.transform = b.transform;
        this.padding = b.padding;
        this.channel = b.channel;
        this.rcc = b.rcc;
        this.proposal = b.proposal;
        this.model = b.model;
        this.decodeHint = b.decodeHint;
        this.payload = payload;
        this.channelGain = b.channelGain;
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
                .image(image).transform(transform).padding(padding).channel(channel)
                .rcc(rcc).proposal(proposal).model(model).decodeHint(decodeHint)
                .channelGain(channelGain).ancillary(ancillary);
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

    /** @return the CHANNEL record (§3.5) */
    public ChannelInfo channel() {
        return channel;
    }

    /** @return the RCC record (§3.6) */
    public RccInfo rcc() {
        return rcc;
    }

    /** @return the PROPOSAL record (§3.7) */
    public ProposalInfo proposal() {
        return proposal;
    }

    /** @return the MODEL record (§3.8) */
    public ModelInfo model() {
        return model;
    }

    /** @return the DECODE_HINT record (§3.9), or empty when the file has none */
    public Optional<DecodeHint> decodeHint() {
        return Optional.ofNullable(decodeHint);
    }

    /** @return a copy of the PAYLOAD record value (§3.10) */
    public byte[] payload() {
        return payload.clone();
    }

    /** @return a read-only view of the PAYLOAD record value, without copying */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** @return the length of the PAYLOAD record value in bytes */
    public int payloadLength() {
        return payload.length;
    }

    /**
     * Returns the CHANNEL_GAIN record (§3.11). When it is absent every gain is 1; when present it
     * holds exactly {@code image().channels() * transform().blockSize()^2} gains.
     *
     * @return the record, or empty when the file has none
     */
    public Optional<ChannelGainInfo> channelGain() {
        return Optional.ofNullable(channelGain);
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
                && channel.equals(f.channel) && rcc.equals(f.rcc) && proposal.equals(f.proposal)
                && model.equals(f.model) && Objects.equals(decodeHint, f.decodeHint)
                && Arrays.equals(payload, f.payload) && Objects.equals(channelGain, f.channelGain)
                && ancillary.equals(f.ancillary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(image, transform, padding, channel, rcc, proposal, model, decodeHint,
                Arrays.hashCode(payload), channelGain, ancillary);
    }

    @Override
    public String toString() {
        return "RdpcFile[" + image + ", " + transform + ", " + padding + ", " + channel + ", " + rcc
                + ", " + proposal + ", " + model + ", decodeHint=" + decodeHint + ", payload="
                + Hex.abbreviate(payload) + ", channelGain=" + channelGain + ", ancillary=" + ancillary + "]";
    }

    /**
     * Builder of {@link RdpcFile}. Every block except the decode hint, the channel gains and the
     * ancillary records is required; {@link #build()} checks presence and the cross-record rules of
     * §3.3, §3.4 and §3.11.
     */
    public static final class Builder {
        private ImageInfo image;
        private TransformInfo transform;
        private PaddingInfo padding;
        private ChannelInfo channel;
        private RccInfo rcc;
        private ProposalInfo proposal;
        private ModelInfo model;
        private DecodeHint decodeHint;
        private byte[] payload;
        private ChannelGainInfo channelGain;
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
         * Sets the CHANNEL record.
         *
         * @param value the record
         * @return this builder
         */
        public Builder channel(ChannelInfo value) {
            this.channel = Objects.requireNonNull(value, "channel");
            return this;
        }

        /**
         * Sets the RCC record.
         *
         * @param value the record
         * @return this builder
         */
        public Builder rcc(RccInfo value) {
            this.rcc = Objects.requireNonNull(value, "rcc");
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
         * Sets the PAYLOAD record value; the array is copied.
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
         * Sets or, with {@code null}, removes the optional CHANNEL_GAIN record.
         *
         * @param value the record or null
         * @return this builder
         */
        public Builder channelGain(ChannelGainInfo value) {
            this.channelGain = value;
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
         *     colour transform, padding versus image size and block size, gain count versus channel
         *     count and block size) or two ancillary records share an id
         */
        public RdpcFile build() {
            requirePresent(image, FormatIds.RECORD_IMAGE);
            requirePresent(transform, FormatIds.RECORD_TRANSFORM);
            requirePresent(padding, FormatIds.RECORD_PADDING);
            requirePresent(channel, FormatIds.RECORD_CHANNEL);
            requirePresent(rcc, FormatIds.RECORD_RCC);
            requirePresent(proposal, FormatIds.RECORD_PROPOSAL);
            requirePresent(model, FormatIds.RECORD_MODEL);
            requirePresent(payload, FormatIds.RECORD_PAYLOAD);
            Rules.require(Rules.colourMatchesChannels(image.channels(), transform.colourTransformId()));
            Rules.require(Rules.padded("Width", image.width(), padding.paddedWidth(), transform.blockSize()));
            Rules.require(Rules.padded("Height", image.height(), padding.paddedHeight(), transform.blockSize()));
            if (channelGain != null) {
                Rules.require(Rules.channelGainMatches(channelGain.count(), image.channels(), transform.blockSize()));
            }
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

        private static void requirePresent(Object value, int id) {
            if (value == null) {
                throw new IllegalStateException("missing required record " + Rules.label(id)
                        + Rules.ref(Rules.RECORD_SET));
            }
        }
    }
}
