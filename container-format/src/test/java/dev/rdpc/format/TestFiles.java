package dev.rdpc.format;

import static dev.rdpc.format.FormatIds.*;

import dev.rdpc.format.RawFile.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Content of the golden and malformed test files, and a {@code main} that (re)generates them.
 * The committed files are the reference: {@code GoldenFilesTest} pins their SHA-256 and checks that
 * this class still reproduces them byte for byte.
 *
 * <p>Regenerate (only when the format deliberately changes) from the module directory with:
 * <pre>
 *   mvn -q -B test-compile
 *   java -cp target/classes:target/test-classes dev.rdpc.format.TestFiles src/test/resources
 * </pre>
 */
final class TestFiles {
    private TestFiles() {}

    static final String RGB = "rgb-61x45.rdpc";
    static final String GREY = "grey-17x5.rdpc";
    static final String GREY_UNORDERED = "grey-17x5-unordered.rdpc";

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] pattern(int n, int mul, int add) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * mul + add);
        }
        return b;
    }

    /**
     * The 3 x 8^2 = 192 stored gains of the RGB golden file: g_0 = 32768 (gain 1), g_1 = 1 and
     * g_2 = 65535 (the extremes), then values spread over about 0.9..1.1.
     */
    static int[] rgbGains() {
        int[] g = new int[CHANNELS_RGB * 8 * 8];
        for (int k = 0; k < g.length; k++) {
            g[k] = 29491 + (k * 331) % 6554;
        }
        g[0] = GAIN_ONE;
        g[1] = 1;
        g[2] = 0xFFFF;
        return g;
    }

    /** Big-endian u16 encoding of gains, as in a CHANNEL_GAIN value. */
    static byte[] gainBytes(int... gains) {
        ByteBuffer b = ByteBuffer.allocate(2 * gains.length);
        for (int g : gains) {
            b.putShort((short) g);
        }
        return b.array();
    }

    /** RGB image with every record, including DECODE_HINT, CHANNEL_GAIN and two ancillary records. */
    static RdpcFile rgb() {
        return RdpcFile.builder()
                .image(new ImageInfo(61, 45, CHANNELS_RGB, BITS_PER_SAMPLE_8))
                .transform(new TransformInfo(COLOUR_TRANSFORM_OPPONENT_ORTHONORMAL,
                        BLOCK_TRANSFORM_DCT_II_ORTHONORMAL, 8, VALUE_MAPPING_SYMMETRIC_UNIT))
                .padding(new PaddingInfo(64, 48, PADDING_EDGE_REPLICATION))
                .channel(new ChannelInfo(0.125, 0.12371826171875))
                .rcc(new RccInfo(PRNG_RDPC_SM64_V1, SCHEME_POISSON_FUNCTIONAL_REPRESENTATION, INDEX_MODEL_V1,
                        12, 12.5f, 0x0123_4567_89AB_CDEFL, 3))
                .proposal(new ProposalInfo(PROPOSAL_PER_FREQUENCY_QUANTIZED_GAUSSIAN, pattern(24, 7, 3)))
                .model(new ModelInfo(PRIOR_ONNX_MODEL,
                        sha256("rdpc golden test model v1".getBytes(StandardCharsets.US_ASCII))))
                .decodeHint(new DecodeHint(MODE_SDE, 0.5f, 50))
                .payload(pattern(40, 37, 11))
                .channelGain(new ChannelGainInfo(rgbGains()))
                .addAncillary(new AncillaryRecord(0x8001,
                        "golden rgb test file".getBytes(StandardCharsets.UTF_8)))
                .addAncillary(new AncillaryRecord(0x9000, new byte[] {(byte) 0xCA, (byte) 0xFE}))
                .build();
    }

    /** Grey image, analytic prior, no DECODE_HINT, no CHANNEL_GAIN, no ancillary records. */
    static RdpcFile grey() {
        return RdpcFile.builder()
                .image(new ImageInfo(17, 5, CHANNELS_GREY, BITS_PER_SAMPLE_8))
                .transform(new TransformInfo(COLOUR_TRANSFORM_IDENTITY, BLOCK_TRANSFORM_DCT_II_ORTHONORMAL, 4,
                        VALUE_MAPPING_SYMMETRIC_UNIT))
                .padding(new PaddingInfo(20, 8, PADDING_EDGE_REPLICATION))
                .channel(new ChannelInfo(0.05, 0.0498))
                .rcc(new RccInfo(PRNG_RDPC_SM64_V1, SCHEME_ORDERED_RANDOM_CODING, INDEX_MODEL_V1, 20, 20f,
                        -1L, 0xFFFF_FFFFL))
                .proposal(new ProposalInfo(PROPOSAL_PER_FREQUENCY_QUANTIZED_GAUSSIAN, new byte[] {1, 2, 3}))
                .model(ModelInfo.analyticGaussian())
                .payload(pattern(9, 0, 0x5A))
                .build();
    }

    /** The content of {@link #GREY_UNORDERED}: grey plus a hint and two ancillary records. */
    static RdpcFile greyUnorderedContent() {
        return grey().toBuilder()
                .decodeHint(new DecodeHint(MODE_MAP_RPS, 1f, 10_000))
                .addAncillary(new AncillaryRecord(0xFFFE, "stored first".getBytes(StandardCharsets.UTF_8)))
                .addAncillary(new AncillaryRecord(0x8000, new byte[0]))
                .build();
    }

    /** Same records as {@link #greyUnorderedContent()}, stored out of id order, ancillary interleaved. */
    static byte[] greyUnorderedBytes() {
        List<Rec> recs = RawFile.recordsOf(ContainerWriter.write(greyUnorderedContent()));
        int[] order = {RECORD_PAYLOAD, 0xFFFE, RECORD_MODEL, RECORD_DECODE_HINT, RECORD_IMAGE, 0x8000,
                RECORD_RCC, RECORD_CHANNEL, RECORD_PROPOSAL, RECORD_PADDING, RECORD_TRANSFORM};
        RawFile f = RawFile.start();
        for (int id : order) {
            f.record(id, RawFile.valueOf(recs, id));
        }
        return f.end();
    }

    static Map<String, byte[]> golden() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(RGB, ContainerWriter.write(rgb()));
        m.put(GREY, ContainerWriter.write(grey()));
        m.put(GREY_UNORDERED, greyUnorderedBytes());
        return m;
    }

    // ------------------------------------------------------------------ malformed files

    private static byte[] u32(long v) {
        return ByteBuffer.allocate(4).putInt((int) v).array();
    }

    /** The grey golden file with one record value replaced; CRC correct. */
    private static byte[] greyWith(int id, byte[] value) {
        return RawFile.start().records(RawFile.replace(greyRecords(), id, value)).end();
    }

    /** The grey golden records plus one more record at the end; CRC correct. */
    private static byte[] greyPlus(List<Rec> recs, int id, byte[] value) {
        List<Rec> more = new ArrayList<>(recs);
        more.add(new Rec(id, value));
        return RawFile.start().records(more).end();
    }

    private static List<Rec> greyRecords() {
        return RawFile.recordsOf(ContainerWriter.write(grey()));
    }

    private static byte[] greyImage(long width, long height, int channels, int bits) {
        return ByteBuffer.allocate(10).putInt((int) width).putInt((int) height)
                .put((byte) channels).put((byte) bits).array();
    }

    private static byte[] greyPadding(long w, long h, int mode) {
        return ByteBuffer.allocate(9).putInt((int) w).putInt((int) h).put((byte) mode).array();
    }

    /**
     * Malformed files in generation order. The expected offsets and messages live in
     * {@code MalformedFilesTest}.
     */
    static Map<String, byte[]> malformed() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] grey = ContainerWriter.write(grey());
        List<Rec> recs = greyRecords();

        m.put("empty.rdpc", new byte[0]);

        byte[] badSig = grey.clone();
        badSig[1] = 'r';
        m.put("bad-signature.rdpc", badSig);

        m.put("major-version-2.rdpc", RawFile.start(2, 0).records(recs).end());

        List<Rec> unknown = new ArrayList<>(recs);
        unknown.add(1, new Rec(0x0042, new byte[] {1, 2, 3, 4}));
        m.put("unknown-critical-id.rdpc", RawFile.start().records(unknown).end());

        List<Rec> zeroId = new ArrayList<>(recs);
        zeroId.add(0, new Rec(0x0000, new byte[0]));
        m.put("record-id-zero.rdpc", RawFile.start().records(zeroId).end());

        List<Rec> dup = new ArrayList<>(recs);
        dup.add(4, new Rec(RECORD_CHANNEL, RawFile.valueOf(recs, RECORD_CHANNEL)));
        m.put("duplicate-id.rdpc", RawFile.start().records(dup).end());

        byte[] longImage = java.util.Arrays.copyOf(RawFile.valueOf(recs, RECORD_IMAGE), 11);
        m.put("wrong-record-length.rdpc", greyWith(RECORD_IMAGE, longImage));

        m.put("empty-proposal.rdpc", greyWith(RECORD_PROPOSAL, new byte[0]));

        byte[] badCrc = grey.clone();
        badCrc[badCrc.length - 1] ^= 0x01;
        m.put("bad-crc.rdpc", badCrc);

        byte[] trailing = java.util.Arrays.copyOf(grey, grey.length + 3);
        m.put("trailing-bytes.rdpc", trailing);

        m.put("missing-end.rdpc", RawFile.start().records(recs).bytes());

        byte[] cutHeader = RawFile.start().records(recs).raw((byte) 0xFF, (byte) 0xFF, (byte) 0).bytes();
        m.put("truncated-record-header.rdpc", cutHeader);

        m.put("end-wrong-length.rdpc", RawFile.start().records(recs)
                .record(RECORD_END, new byte[8]).bytes());

        m.put("missing-required-record.rdpc",
                RawFile.start().records(RawFile.remove(recs, RECORD_MODEL)).end());

        m.put("zero-width.rdpc", greyWith(RECORD_IMAGE, greyImage(0, 5, 1, 8)));

        m.put("padded-less-than-width.rdpc", greyWith(RECORD_PADDING, greyPadding(16, 8, 1)));

        m.put("padding-not-multiple-of-block.rdpc", greyWith(RECORD_PADDING, greyPadding(22, 8, 1)));

        m.put("padding-excess-too-large.rdpc", greyWith(RECORD_PADDING, greyPadding(4116, 8, 1)));

        m.put("colour-transform-mismatch.rdpc", greyWith(RECORD_TRANSFORM, new byte[] {1, 1, 4, 1}));

        m.put("block-size-not-power-of-two.rdpc", greyWith(RECORD_TRANSFORM, new byte[] {0, 1, 12, 1}));

        m.put("sigma-nan.rdpc", greyWith(RECORD_CHANNEL, ByteBuffer.allocate(16)
                .putLong(0x7FF8_0000_0000_0000L).putDouble(0.0498).array()));

        byte[] rccValue = RawFile.valueOf(recs, RECORD_RCC);
        rccValue[0] = 2;
        m.put("unknown-prng.rdpc", greyWith(RECORD_RCC, rccValue));

        byte[] modelValue = new byte[33];
        modelValue[32] = 1;
        m.put("analytic-prior-with-fingerprint.rdpc", greyWith(RECORD_MODEL, modelValue));

        List<Rec> hinted = new ArrayList<>(recs);
        hinted.add(new Rec(RECORD_DECODE_HINT,
                ByteBuffer.allocate(7).put((byte) MODE_ODE).putFloat(1.5f).putShort((short) 10).array()));
        m.put("perception-out-of-range.rdpc", RawFile.start().records(hinted).end());

        RawFile huge = RawFile.start().records(RawFile.remove(recs, RECORD_PAYLOAD));
        huge.record(RECORD_PAYLOAD, Integer.MAX_VALUE, RawFile.valueOf(recs, RECORD_PAYLOAD));
        m.put("huge-declared-length.rdpc", huge.end());

        List<Rec> big = RawFile.replace(recs, RECORD_IMAGE, greyImage(1 << 20, 1 << 20, 1, 8));
        big = RawFile.replace(big, RECORD_PADDING, greyPadding(1 << 20, 1 << 20, 1));
        m.put("pixels-over-limit.rdpc", RawFile.start().records(big).end());

        // CHANNEL_GAIN (§3.11) appended after PAYLOAD; the grey file needs 1 x 4^2 = 16 gains
        int[] gains = new int[16];
        java.util.Arrays.fill(gains, GAIN_ONE);
        gains[5] = 0;
        m.put("channel-gain-zero.rdpc", greyPlus(recs, RECORD_CHANNEL_GAIN, gainBytes(gains)));

        byte[] odd = java.util.Arrays.copyOf(gainBytes(new int[] {GAIN_ONE}), 31);
        m.put("channel-gain-odd-length.rdpc", greyPlus(recs, RECORD_CHANNEL_GAIN, odd));

        int[] rgbCount = new int[3 * 16];
        java.util.Arrays.fill(rgbCount, GAIN_ONE);
        m.put("channel-gain-count-mismatch.rdpc", greyPlus(recs, RECORD_CHANNEL_GAIN, gainBytes(rgbCount)));
        return m;
    }

    /** Writes golden/ and malformed/ under the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        write(root.resolve("golden"), golden());
        write(root.resolve("malformed"), malformed());
    }

    private static void write(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
            System.out.println(dir.resolve(e.getKey()) + " " + e.getValue().length + " bytes sha256="
                    + java.util.HexFormat.of().formatHex(sha256(e.getValue())));
        }
    }
}
