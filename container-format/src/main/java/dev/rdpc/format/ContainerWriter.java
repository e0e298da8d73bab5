package dev.rdpc.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Serializes an {@link RdpcFile} to the rdpc container format (docs/format.md).
 *
 * <p>The writer always writes format version 2.0 and produces the canonical record order: known
 * records in ascending id order, then the ancillary records in the order of
 * {@link RdpcFile#ancillary()}, then END. Because the reader accepts records in any order, reading
 * a non-canonical file and writing it again normalizes the order; for a canonical file the
 * rewrite is byte-identical.
 */
public final class ContainerWriter {
    private ContainerWriter() {}

    private static final int HEADER_LENGTH = FormatIds.SIGNATURE_LENGTH + 2;
    private static final int RECORD_HEADER_LENGTH = 6;
    private static final int END_LENGTH = RECORD_HEADER_LENGTH + 4;

    /** One record to emit; value arrays are never modified. */
    private record Out(int id, byte[] value) {}

    /**
     * Serializes {@code file} into a new byte array.
     *
     * @param file the file
     * @return the encoded bytes
     * @throws IllegalArgumentException if the encoding would not fit in a byte array (use
     *     {@link #write(RdpcFile, OutputStream)})
     */
    public static byte[] write(RdpcFile file) {
        List<Out> records = records(file);
        long total = HEADER_LENGTH + END_LENGTH;
        for (Out r : records) {
            total += RECORD_HEADER_LENGTH + (long) r.value.length;
        }
        if (total > ReaderLimits.MAX_FILE_BYTES_CEILING) {
            throw new IllegalArgumentException("encoded file would be " + total
                    + " bytes, too large for a byte array; write to an OutputStream instead");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total); // big-endian
        out.put(FormatIds.signature()).put((byte) FormatIds.MAJOR_VERSION).put((byte) minorVersion(file));
        for (Out r : records) {
            out.putShort((short) r.id).putInt(r.value.length).put(r.value);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putShort((short) FormatIds.RECORD_END).putInt(4).putInt((int) crc.getValue());
        return out.array();
    }

    /** The minor version written: 0, the only one format 2 defines so far (format §8). */
    static int minorVersion(RdpcFile file) {
        return FormatIds.MINOR_VERSION;
    }

    /**
     * Serializes {@code file} to {@code out}, streaming the payload without copying it. The stream
     * is neither flushed nor closed.
     *
     * @param file the file
     * @param out the destination
     * @throws IOException if writing fails
     */
    public static void write(RdpcFile file, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        List<Out> records = records(file);
        CRC32C crc = new CRC32C();
        ByteBuffer head = ByteBuffer.allocate(HEADER_LENGTH);
        head.put(FormatIds.signature()).put((byte) FormatIds.MAJOR_VERSION).put((byte) minorVersion(file));
        emit(out, crc, head.array());
        for (Out r : records) {
            emit(out, crc, ByteBuffer.allocate(RECORD_HEADER_LENGTH).putShort((short) r.id)
                    .putInt(r.value.length).array());
            emit(out, crc, r.value);
        }
        out.write(ByteBuffer.allocate(END_LENGTH).putShort((short) FormatIds.RECORD_END).putInt(4)
                .putInt((int) crc.getValue()).array());
    }

    private static void emit(OutputStream out, CRC32C crc, byte[] bytes) throws IOException {
        crc.update(bytes, 0, bytes.length);
        out.write(bytes);
    }

    private static List<Out> records(RdpcFile f) {
        Objects.requireNonNull(f, "file");
        List<Out> list = new ArrayList<>(11 + f.ancillary().size());
        ImageInfo im = f.image();
        list.add(new Out(FormatIds.RECORD_IMAGE, ByteBuffer.allocate(10)
                .putInt(im.width()).putInt(im.height())
                .put((byte) im.channels()).put((byte) im.bitsPerSample()).array()));
        TransformInfo t = f.transform();
        list.add(new Out(FormatIds.RECORD_TRANSFORM, new byte[] {
                (byte) t.colourTransformId(), (byte) t.blockTransformId(),
                (byte) t.blockSize(), (byte) t.valueMappingId()}));
        PaddingInfo p = f.padding();
        list.add(new Out(FormatIds.RECORD_PADDING, ByteBuffer.allocate(9)
                .putInt(p.paddedWidth()).putInt(p.paddedHeight()).put((byte) p.paddingModeId()).array()));
        ProposalInfo pr = f.proposal();
        byte[] data = pr.dataNoCopy();
        list.add(new Out(FormatIds.RECORD_PROPOSAL, ByteBuffer.allocate(1 + data.length)
                .put((byte) pr.proposalKindId()).put(data).array()));
        ModelInfo m = f.model();
        list.add(new Out(FormatIds.RECORD_MODEL, ByteBuffer.allocate(1 + FormatIds.FINGERPRINT_LENGTH)
                .put((byte) m.priorKindId()).put(m.fingerprintNoCopy()).array()));
        if (f.decodeHint().isPresent()) {
            DecodeHint h = f.decodeHint().get();
            list.add(new Out(FormatIds.RECORD_DECODE_HINT, ByteBuffer.allocate(7)
                    .put((byte) h.modeId()).putInt(Float.floatToRawIntBits(h.perception()))
                    .putShort((short) h.steps()).array()));
        }
        list.add(new Out(FormatIds.RECORD_LADDER, ladder(f.ladder())));
        list.add(new Out(FormatIds.RECORD_LAYER_PAYLOAD, f.payloadNoCopy()));
        for (AncillaryRecord a : f.ancillary()) {
            list.add(new Out(a.id(), a.valueNoCopy()));
        }
        return list;
    }

    private static byte[] ladder(LadderInfo l) {
        ByteBuffer b = ByteBuffer.allocate((int) l.encodedLength());
        b.put((byte) l.prngId()).put((byte) l.permutationId()).put((byte) l.indexModelId()).put((byte) l.log2Candidates())
                .putLong(l.seed()).putShort((short) l.tileEdge()).putShort((short) l.tileOverlap())
                .put((byte) l.bands()).put((byte) l.layers().size());
        for (LayerInfo layer : l.layers()) {
            b.putInt(Float.floatToRawIntBits(layer.sigma())).putInt((int) layer.chunkCount()).put((byte) layer.context())
                    .putInt((int) layer.payloadBytes());
        }
        return b.put(l.scalesNoCopy()).array();
    }
}
