package dev.rdpc.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Test helper that assembles rdpc bytes record by record, without any validation, so that tests
 * can produce well-framed files with a correct CRC but invalid content (and other oddities).
 */
final class RawFile {
    /** One record as it appears on disk. */
    record Rec(int id, byte[] value) {}

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private RawFile() {}

    /** Starts with the signature and version 2.0. */
    static RawFile start() {
        return start(FormatIds.MAJOR_VERSION, FormatIds.MINOR_VERSION);
    }

    /** Starts with the signature and the given version bytes. */
    static RawFile start(int major, int minor) {
        RawFile f = new RawFile();
        f.raw(FormatIds.signature());
        f.raw((byte) major, (byte) minor);
        return f;
    }

    /** Starts from arbitrary leading bytes. */
    static RawFile startWith(byte[] head) {
        RawFile f = new RawFile();
        f.raw(head);
        return f;
    }

    RawFile raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    RawFile record(int id, byte[] value) {
        return record(id, value.length, value);
    }

    /** Writes a record header declaring {@code declaredLength}, followed by {@code value}. */
    RawFile record(int id, long declaredLength, byte[] value) {
        raw(ByteBuffer.allocate(6).putShort((short) id).putInt((int) declaredLength).array());
        return raw(value);
    }

    RawFile records(List<Rec> recs) {
        for (Rec r : recs) {
            record(r.id(), r.value());
        }
        return this;
    }

    /** Current length, i.e. the offset of whatever is written next. */
    int offset() {
        return out.size();
    }

    /** Bytes so far, without an END record. */
    byte[] bytes() {
        return out.toByteArray();
    }

    /** Appends END with the correct CRC-32C and returns the file. */
    byte[] end() {
        return end(crc(out.toByteArray()));
    }

    /** Appends END with the given stored CRC and returns the file. */
    byte[] end(int storedCrc) {
        record(FormatIds.RECORD_END, ByteBuffer.allocate(4).putInt(storedCrc).array());
        return out.toByteArray();
    }

    static int crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b, 0, b.length);
        return (int) c.getValue();
    }

    /** Splits a well-framed file into its records (END excluded). */
    static List<Rec> recordsOf(byte[] file) {
        List<Rec> list = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file);
        b.position(10);
        while (b.remaining() >= 6) {
            int id = Short.toUnsignedInt(b.getShort());
            int len = b.getInt();
            if (id == FormatIds.RECORD_END) {
                break;
            }
            byte[] v = new byte[len];
            b.get(v);
            list.add(new Rec(id, v));
        }
        return list;
    }

    /** Value of the record with the given id (copy), or null. */
    static byte[] valueOf(List<Rec> recs, int id) {
        for (Rec r : recs) {
            if (r.id() == id) {
                return r.value().clone();
            }
        }
        return null;
    }

    /** Copy of {@code recs} with the value of record {@code id} replaced. */
    static List<Rec> replace(List<Rec> recs, int id, byte[] value) {
        List<Rec> copy = new ArrayList<>();
        for (Rec r : recs) {
            copy.add(r.id() == id ? new Rec(id, value) : r);
        }
        return copy;
    }

    /** Copy of {@code recs} without record {@code id}. */
    static List<Rec> remove(List<Rec> recs, int id) {
        List<Rec> copy = new ArrayList<>(recs);
        copy.removeIf(r -> r.id() == id);
        return copy;
    }

    /** One 13-byte LADDER layer entry as raw fields: sigma as binary32 bits, so that NaN payloads are exact. */
    record RawLayer(int sigmaBits, long chunkCount, int context, long payloadBytes) {
        static RawLayer of(float sigma, long chunkCount, int context, long payloadBytes) {
            return new RawLayer(Float.floatToRawIntBits(sigma), chunkCount, context, payloadBytes);
        }

        RawLayer withSigmaBits(int bits) {
            return new RawLayer(bits, chunkCount, context, payloadBytes);
        }

        RawLayer withSigma(float sigma) {
            return withSigmaBits(Float.floatToRawIntBits(sigma));
        }

        RawLayer withChunkCount(long value) {
            return new RawLayer(sigmaBits, value, context, payloadBytes);
        }

        RawLayer withContext(int value) {
            return new RawLayer(sigmaBits, chunkCount, value, payloadBytes);
        }

        RawLayer withPayloadBytes(long value) {
            return new RawLayer(sigmaBits, chunkCount, context, value);
        }
    }

    /**
     * A LADDER record value (§3.8) assembled field by field without validation. {@code layerCount}
     * is written as given, independent of how many entries follow, so that inconsistent records can
     * be produced.
     */
    record RawLadder(int prngId, int permutationId, int indexModelId, int log2Candidates, long seed, int tileEdge,
                     int tileOverlap, int bands, int layerCount, List<RawLayer> layers, byte[] scales) {

        /** A ladder whose layerCount matches its entries. */
        static RawLadder of(int prngId, int permutationId, int indexModelId, int log2Candidates, long seed,
                            int tileEdge, int tileOverlap, int bands, List<RawLayer> layers, byte[] scales) {
            return new RawLadder(prngId, permutationId, indexModelId, log2Candidates, seed, tileEdge, tileOverlap,
                    bands, layers.size(), layers, scales);
        }

        /** The raw fields of a valid ladder, for tweaking. */
        static RawLadder from(LadderInfo l) {
            List<RawLayer> layers = new ArrayList<>();
            for (LayerInfo k : l.layers()) {
                layers.add(RawLayer.of(k.sigma(), k.chunkCount(), k.context(), k.payloadBytes()));
            }
            return of(l.prngId(), l.permutationId(), l.indexModelId(), l.log2Candidates(), l.seed(), l.tileEdge(),
                    l.tileOverlap(), l.bands(), layers, l.scales());
        }

        RawLadder withHeader(int prngId, int permutationId, int indexModelId, int log2Candidates) {
            return new RawLadder(prngId, permutationId, indexModelId, log2Candidates, seed, tileEdge, tileOverlap,
                    bands, layerCount, layers, scales);
        }

        RawLadder withTiling(int edge, int overlap) {
            return new RawLadder(prngId, permutationId, indexModelId, log2Candidates, seed, edge, overlap, bands,
                    layerCount, layers, scales);
        }

        RawLadder withBands(int value) {
            return new RawLadder(prngId, permutationId, indexModelId, log2Candidates, seed, tileEdge, tileOverlap,
                    value, layerCount, layers, scales);
        }

        RawLadder withLayerCount(int value) {
            return new RawLadder(prngId, permutationId, indexModelId, log2Candidates, seed, tileEdge, tileOverlap,
                    bands, value, layers, scales);
        }

        /** Replaces the entries and sets layerCount to their number. */
        RawLadder withLayers(List<RawLayer> value) {
            return new RawLadder(prngId, permutationId, indexModelId, log2Candidates, seed, tileEdge, tileOverlap,
                    bands, value.size(), value, scales);
        }

        /** Replaces entry {@code k}. */
        RawLadder withLayer(int k, RawLayer value) {
            List<RawLayer> copy = new ArrayList<>(layers);
            copy.set(k, value);
            return new RawLadder(prngId, permutationId, indexModelId, log2Candidates, seed, tileEdge, tileOverlap,
                    bands, layerCount, copy, scales);
        }

        RawLadder withScales(byte[] value) {
            return new RawLadder(prngId, permutationId, indexModelId, log2Candidates, seed, tileEdge, tileOverlap,
                    bands, layerCount, layers, value);
        }

        byte[] bytes() {
            ByteBuffer b = ByteBuffer.allocate(18 + 13 * layers.size() + scales.length);
            b.put((byte) prngId).put((byte) permutationId).put((byte) indexModelId).put((byte) log2Candidates)
                    .putLong(seed).putShort((short) tileEdge).putShort((short) tileOverlap).put((byte) bands)
                    .put((byte) layerCount);
            for (RawLayer k : layers) {
                b.putInt(k.sigmaBits()).putInt((int) k.chunkCount()).put((byte) k.context())
                        .putInt((int) k.payloadBytes());
            }
            return b.put(scales).array();
        }
    }

    /**
     * Offsets of every record header (id field) in a file, END included, following the length
     * chain for as long as complete headers remain. Works on arbitrary (mutated) bytes.
     */
    static List<Integer> headerOffsets(byte[] file) {
        List<Integer> list = new ArrayList<>();
        long pos = 10;
        while (pos + 6 <= file.length) {
            int p = (int) pos;
            list.add(p);
            int id = ((file[p] & 0xFF) << 8) | (file[p + 1] & 0xFF);
            long len = ByteBuffer.wrap(file, p + 2, 4).getInt() & 0xFFFF_FFFFL;
            if (id == FormatIds.RECORD_END) {
                break;
            }
            pos += 6 + len;
        }
        return list;
    }
}
