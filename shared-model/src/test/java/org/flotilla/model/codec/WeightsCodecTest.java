package org.flotilla.model.codec;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeightsCodecTest {

    static float[] randomVector(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void roundTripsVectorsOfManySizes() {
        for (int n : new int[]{0, 1, 7, 16 * 1024, 16 * 1024 + 3, 100_000}) {
            float[] v = randomVector(n, n);
            byte[] encoded = WeightsCodec.encode(v);
            assertThat(encoded).hasSize(WeightsCodec.HEADER_BYTES + 4 * n + WeightsCodec.TRAILER_BYTES);
            assertThat(WeightsCodec.decode(encoded, n)).containsExactly(v);
        }
    }

    @Test
    void roundTripsThroughAFileAndAStream(@TempDir Path dir) throws Exception {
        float[] v = randomVector(5000, 3);
        Path file = dir.resolve("w.bin");
        Files.write(file, WeightsCodec.encode(v));
        assertThat(WeightsCodec.read(file, 5000)).containsExactly(v);
        assertThat(WeightsCodec.read(new ByteArrayInputStream(Files.readAllBytes(file)), -1)).containsExactly(v);
    }

    @Test
    void headerIsLittleEndianAsDocumented() {
        byte[] encoded = WeightsCodec.encode(new float[]{1.5f, -2f});
        ByteBuffer b = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Arrays.copyOf(encoded, 4)).containsExactly('F', 'L', 'T', 'W');
        assertThat(b.getShort(4)).isEqualTo((short) 1);
        assertThat(encoded[6]).isEqualTo((byte) 1);
        assertThat(encoded[7]).isEqualTo((byte) 1);
        assertThat(b.getLong(8)).isEqualTo(2);
        assertThat(b.getLong(16)).isEqualTo(8);
        assertThat(b.getFloat(24)).isEqualTo(1.5f);
        assertThat(b.getFloat(28)).isEqualTo(-2f);
    }

    @Test
    void rejectsWrongMagic() {
        byte[] e = WeightsCodec.encode(new float[]{1});
        e[0] = 'X';
        assertRejected(e, CodecException.Reason.BAD_MAGIC, "FLTW");
    }

    @Test
    void rejectsUnknownVersionDtypeAndCodec() {
        byte[] e = WeightsCodec.encode(new float[]{1});
        e[4] = 2;
        assertRejected(e, CodecException.Reason.UNSUPPORTED_VERSION, "version 2");
        e = WeightsCodec.encode(new float[]{1});
        e[6] = 9;
        assertRejected(e, CodecException.Reason.UNSUPPORTED_DTYPE, "dtype code 9");
        e = WeightsCodec.encode(new float[]{1});
        e[7] = 7;
        assertRejected(e, CodecException.Reason.UNSUPPORTED_CODEC, "codec code 7");
    }

    @Test
    void rejectsTruncationAndTrailingBytes() {
        byte[] e = WeightsCodec.encode(randomVector(10, 1));
        assertRejected(Arrays.copyOf(e, e.length - 1), CodecException.Reason.BAD_LENGTH, "message has");
        assertRejected(Arrays.copyOf(e, e.length + 4), CodecException.Reason.BAD_LENGTH, "message has");
        assertRejected(Arrays.copyOf(e, 10), CodecException.Reason.BAD_LENGTH, "shorter");
        assertThatThrownBy(() -> WeightsCodec.read(new ByteArrayInputStream(Arrays.copyOf(e, 40)), -1))
                .isInstanceOf(CodecException.class).hasMessageContaining("ends inside the payload");
    }

    @Test
    void rejectsInconsistentPayloadLength() {
        byte[] e = WeightsCodec.encode(randomVector(10, 1));
        ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN).putLong(16, 44);
        assertRejected(e, CodecException.Reason.BAD_LENGTH, "does not match 10 float32");
    }

    @Test
    void rejectsBadChecksum() {
        byte[] e = WeightsCodec.encode(randomVector(10, 1));
        e[30] ^= 0x01;
        assertRejected(e, CodecException.Reason.BAD_CHECKSUM, "checksum");
    }

    @Test
    void rejectsNonFiniteValuesOnEncodeAndDecode() {
        assertThatThrownBy(() -> WeightsCodec.encode(new float[]{0, Float.NaN}))
                .isInstanceOf(CodecException.class).hasMessageContaining("element 1 is NaN");
        // Forge a message with +Inf and a valid checksum: decoding must still refuse it.
        byte[] e = WeightsCodec.encode(new float[]{0, 0, 0});
        ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN).putFloat(24 + 8, Float.POSITIVE_INFINITY);
        byte[] digest = WeightsCodec.sha256().digest(Arrays.copyOf(e, e.length - 32));
        System.arraycopy(digest, 0, e, e.length - 32, 32);
        assertRejected(e, CodecException.Reason.NON_FINITE, "element 2 is Infinity");
    }

    @Test
    void rejectsAWrongElementCountForTheModel() {
        byte[] e = WeightsCodec.encode(randomVector(10, 1));
        assertThatThrownBy(() -> WeightsCodec.decode(e, 11))
                .isInstanceOf(CodecException.class)
                .hasMessage("weights have 10 elements, the model has 11")
                .extracting(x -> ((CodecException) x).reason()).isEqualTo(CodecException.Reason.WRONG_ELEMENT_COUNT);
    }

    private static void assertRejected(byte[] encoded, CodecException.Reason reason, String messagePart) {
        assertThatThrownBy(() -> WeightsCodec.decode(encoded))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining(messagePart)
                .extracting(x -> ((CodecException) x).reason()).isEqualTo(reason);
    }
}
