package org.flotilla.secagg.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskedVectorCodecTest {

    private static final long[] FIXTURE = {1000, 0, (1L << 39) - 1, 123_456_789_012L, 42};

    private static byte[] fixture() throws Exception {
        try (InputStream in = MaskedVectorCodecTest.class.getResourceAsStream("/fixtures/masked-input-v1.bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theCheckedInVersionOneFixtureDecodesAndReEncodesByteForByte() throws Exception {
        // Prepare: written by an independent encoder from the format description
        byte[] bytes = fixture();
        // Execute
        MaskedInput input = MaskedVectorCodec.decode(bytes, 39, 5);
        // Assert
        assertThat(input.roundId()).isEqualTo("job-7/round-3");
        assertThat(input.clientId()).isEqualTo("client-1");
        assertThat(input.vector()).containsExactly(FIXTURE);
        assertThat(MaskedVectorCodec.encode(input)).isEqualTo(bytes);
        assertThat(MaskedVectorCodec.encodedSize("job-7/round-3", "client-1", 39, 5)).isEqualTo(bytes.length);
    }

    @Test
    void randomVectorsRoundTripForEveryWidth() {
        Random random = new Random(1);
        for (int bits = 1; bits <= 64; bits++) {
            long mask = bits == 64 ? -1L : (1L << bits) - 1;
            long[] v = new long[1 + random.nextInt(20_000)];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextLong() & mask;
            }
            v[0] = Math.max(v[0], 1);
            long[] padded = v.length < 2 ? new long[] {1, 0} : v;
            MaskedInput in = new MaskedInput("r", "c", bits, padded);
            byte[] bytes = MaskedVectorCodec.encode(in);
            assertThat(bytes).hasSize((int) MaskedVectorCodec.encodedSize("r", "c", bits, padded.length));
            assertThat(MaskedVectorCodec.decode(bytes, bits, padded.length)).isEqualTo(in);
        }
    }

    @Test
    void theWordAtATimeEncoderMatchesAPlainByteByByteEncoderAndTheStreamWriter() throws Exception {
        // Prepare: lengths across several 8192-element chunks, with a partial last one
        Random random = new Random(7);
        for (int bits : new int[] {1, 7, 8, 9, 36, 39, 40, 56, 57, 63, 64}) {
            long mask = bits == 64 ? -1L : (1L << bits) - 1;
            long[] v = new long[3 * 8192 + 1 + random.nextInt(100)];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextLong() & mask;
            }
            v[v.length - 1] = mask; // the last element, written byte by byte, at its largest
            MaskedInput in = new MaskedInput("job-1/round-2", "client-9", bits, v);
            // Execute
            byte[] encoded = MaskedVectorCodec.encode(in);
            java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
            MaskedVectorCodec.write(in, streamed);
            // Assert
            assertThat(encoded).as("%d bits", bits).isEqualTo(reference(in));
            assertThat(streamed.toByteArray()).as("%d bits", bits).isEqualTo(encoded);
            assertThat(MaskedVectorCodec.decode(encoded, bits, v.length)).isEqualTo(in);
        }
    }

    /** The format written out field by field, one byte at a time, as the description reads. */
    private static byte[] reference(MaskedInput in) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] round = in.roundId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] client = in.clientId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeBytes(new byte[] {'F', 'S', 'M', 'V', 1, (byte) in.modulusBits(), 0, 0});
        out.write(round.length >>> 8);
        out.write(round.length);
        out.writeBytes(round);
        out.write(client.length >>> 8);
        out.write(client.length);
        out.writeBytes(client);
        int n = in.vector().length;
        out.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        int width = (in.modulusBits() + 7) / 8;
        for (long x : in.vector()) {
            for (int b = 0; b < width; b++) {
                out.write((int) (x >>> (8 * b)) & 0xff);
            }
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.toByteArray());
        int c = (int) crc.getValue();
        out.writeBytes(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        return out.toByteArray();
    }

    @Test
    void everyCorruptedByteIsRefused() throws Exception {
        byte[] bytes = fixture();
        for (int i = 0; i < bytes.length; i++) {
            byte[] bad = bytes.clone();
            bad[i] ^= 0x10;
            assertThatThrownBy(() -> MaskedVectorCodec.decode(bad, 39, 5)).as("byte %d", i)
                    .isInstanceOf(MessageFormatException.class);
        }
    }

    @Test
    void truncatedAndOverlongMessagesAreRefused() throws Exception {
        byte[] bytes = fixture();
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> MaskedVectorCodec.decode(cut, 39, 5)).isInstanceOf(MessageFormatException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> MaskedVectorCodec.decode(longer, 39, 5))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isEqualTo("message"));
    }

    @Test
    void theHeaderIsCheckedAgainstTheRoundBeforeTheVectorIsAllocated() throws Exception {
        // A header claiming 2^31 − 1 elements is refused from the header alone: the stream
        // below has no element bytes at all, and nothing of that size is ever allocated.
        byte[] header = java.util.Arrays.copyOf(fixture(), 4 + 4 + 2 + 13 + 2 + 8 + 4);
        ByteBuffer.wrap(header).putInt(header.length - 4, Integer.MAX_VALUE);
        assertThatThrownBy(() -> MaskedVectorCodec.read(new ByteArrayInputStream(header), 39, 5))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("elementCount");
                    assertThat(e.limit()).contains("5");
                });
        assertThatThrownBy(() -> MaskedVectorCodec.decode(fixture(), 40, 5))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isEqualTo("modulusBits"));
    }

    @Test
    void elementsAtOrAboveTheModulusAreRefused() {
        assertThatThrownBy(() -> MaskedVectorCodec.encode(new MaskedInput("r", "c", 8, new long[] {1, 256})))
                .hasMessageContaining("2^8");
    }
}
