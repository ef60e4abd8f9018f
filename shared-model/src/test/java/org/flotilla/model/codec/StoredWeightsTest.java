package org.flotilla.model.codec;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trusted read of stored messages against the verified decoder, at and around chunk boundaries. */
class StoredWeightsTest {

    @TempDir
    Path dir;

    private Path stored(float[] v) throws Exception {
        return Files.write(dir.resolve("w" + v.length), WeightsCodec.encode(v));
    }

    @Test
    void readsWhatTheVerifiedDecoderReadsFromFilesAndStreams() throws Exception {
        int chunk = StoredWeights.CHUNK_FLOATS;
        for (int n : new int[] {0, 1, 7, chunk - 1, chunk, chunk + 1, 3 * chunk + 5}) {
            float[] v = WeightsCodecTest.randomVector(n, n);
            Path file = stored(v);
            assertThat(StoredWeights.read(file, n)).as("n = %d", n).isEqualTo(WeightsCodec.read(file, n));
            assertThat(StoredWeights.read(new ByteArrayInputStream(Files.readAllBytes(file)), -1)).isEqualTo(v);
        }
    }

    @Test
    void foldsExactlyTheSumsOfTheDecodedVector() throws Exception {
        int n = 2 * StoredWeights.CHUNK_FLOATS + 11;
        float[] v = WeightsCodecTest.randomVector(n, 5);
        Path file = stored(v);
        double[] start = new double[n];
        Arrays.setAll(start, i -> i * 0.25);
        double[] reference = start.clone();
        for (int i = 0; i < n; i++) {
            reference[i] += 37.0 * v[i];
        }

        double[] fromFile = start.clone();
        StoredWeights.addScaled(file, n, fromFile, 37.0);
        double[] fromStream = start.clone();
        try (StoredWeights.Reader r = StoredWeights.open(new ByteArrayInputStream(Files.readAllBytes(file)), n)) {
            r.addScaled(fromStream, 37.0, 0, n);
        }
        double[] inRanges = start.clone();
        try (StoredWeights.Reader r = StoredWeights.open(file, n)) {
            r.addScaled(inRanges, 37.0, 0, 1000);
            r.addScaled(inRanges, 37.0, 1000, 1000);
            r.addScaled(inRanges, 37.0, 1000, n);
        }

        assertThat(fromFile).isEqualTo(reference);
        assertThat(fromStream).isEqualTo(reference);
        assertThat(inRanges).isEqualTo(reference);
    }

    @Test
    void rangesComeInOrderAndTheEndOfAStreamIsChecked() throws Exception {
        float[] v = WeightsCodecTest.randomVector(100, 4);
        byte[] good = WeightsCodec.encode(v);
        try (StoredWeights.Reader r = StoredWeights.open(stored(v), 100)) {
            assertThatThrownBy(() -> r.addScaled(new double[100], 1, 10, 20)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must start at 0");
            r.addScaled(new double[100], 1, 0, 50);
            assertThatThrownBy(() -> r.addScaled(new double[100], 1, 50, 101)).isInstanceOf(IllegalArgumentException.class);
        }
        try (StoredWeights.Reader r = StoredWeights.open(new ByteArrayInputStream(Arrays.copyOf(good, good.length + 1)), 100)) {
            r.addScaled(new double[100], 1, 0, 50);
            assertReason(() -> r.addScaled(new double[100], 1, 50, 100), CodecException.Reason.BAD_LENGTH);
        }
    }

    @Test
    void refusesAFileThatIsNotTheStoredMessageItClaimsToBe() throws Exception {
        float[] v = WeightsCodecTest.randomVector(1000, 9);
        byte[] good = WeightsCodec.encode(v);
        Path truncated = Files.write(dir.resolve("truncated"), Arrays.copyOf(good, good.length - 1));
        Path padded = Files.write(dir.resolve("padded"), Arrays.copyOf(good, good.length + 1));
        byte[] magic = good.clone();
        magic[0] = 'X';
        Path notWeights = Files.write(dir.resolve("magic"), magic);
        Path file = stored(v);

        assertReason(() -> StoredWeights.read(truncated, 1000), CodecException.Reason.BAD_LENGTH);
        assertReason(() -> StoredWeights.read(padded, 1000), CodecException.Reason.BAD_LENGTH);
        assertReason(() -> StoredWeights.read(notWeights, 1000), CodecException.Reason.BAD_MAGIC);
        assertReason(() -> StoredWeights.read(file, 999), CodecException.Reason.WRONG_ELEMENT_COUNT);
        assertReason(() -> StoredWeights.addScaled(file, 1000, new double[999], 1), null);
        assertReason(() -> StoredWeights.open(truncated, 1000), CodecException.Reason.BAD_LENGTH);
        assertReason(() -> StoredWeights.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 1)), 1000),
                CodecException.Reason.BAD_LENGTH);
        assertReason(() -> StoredWeights.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length + 1)), 1000),
                CodecException.Reason.BAD_LENGTH);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertReason(Call call, CodecException.Reason reason) {
        if (reason == null) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accumulator");
        } else {
            assertThatThrownBy(call::run).isInstanceOf(CodecException.class)
                    .extracting(x -> ((CodecException) x).reason()).isEqualTo(reason);
        }
    }
}
