package org.flotilla.datasets.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.flotilla.datasets.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsPlainUbyteWithAnyNumberOfDimensions() {
        // Prepare
        byte[] values = {0, 1, (byte) 200, (byte) 255, 5, 6, 7, 8, 9, 10, 11, 12};
        Path file = dir.resolve("cube-idx4-ubyte");
        IdxWriter.write(file, IdxArray.ofUbytes(new int[] {3, 2, 1, 2}, values), false);

        // Execute
        IdxArray read = IdxReader.read(file);

        // Assert
        assertThat(read.type()).isEqualTo(IdxType.UBYTE);
        assertThat(read.dims()).containsExactly(3, 2, 1, 2);
        assertThat(read.toInts()).startsWith(0, 1, 200, 255);
        assertThat(read.toFloats()[3]).isEqualTo(255f);
    }

    @Test
    void detectsGzipByContentNotByName() throws IOException {
        // Prepare: a gzip file without .gz and a plain file with .gz
        float[] values = {0.5f, -1.25f, 3f, 1e-3f};
        Path gzipNoSuffix = dir.resolve("floats");
        Path plainWithSuffix = dir.resolve("floats.gz");
        IdxWriter.write(gzipNoSuffix, IdxArray.ofFloats(new int[] {2, 2}, values), true);
        IdxWriter.write(plainWithSuffix, IdxArray.ofFloats(new int[] {2, 2}, values), false);

        // Execute
        IdxArray fromGzip = IdxReader.read(gzipNoSuffix);
        IdxArray fromPlain = IdxReader.read(plainWithSuffix);

        // Assert
        assertThat(IdxReader.isGzip(gzipNoSuffix)).isTrue();
        assertThat(IdxReader.isGzip(plainWithSuffix)).isFalse();
        assertThat(fromGzip.type()).isEqualTo(IdxType.FLOAT);
        assertThat(fromGzip.toFloats()).containsExactly(values);
        assertThat(fromPlain.toFloats()).containsExactly(values);
    }

    @Test
    void readsCheckedInFloatFixtureWrittenByAnotherImplementation() throws URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/fixtures/floats-2x3.idx").toURI());

        IdxArray read = IdxReader.read(fixture);

        assertThat(read.dims()).containsExactly(2, 3);
        assertThat(read.toFloats()).containsExactly(0.5f, -1.25f, 3.0f, 1e-3f, 2.5f, -0.0f);
    }

    @Test
    void readsIntLabels() {
        Path file = dir.resolve("labels.idx");
        IdxWriter.write(file, IdxArray.ofInts(new int[] {3}, new int[] {7, 300, 70000}), false);

        assertThat(IdxReader.read(file).toInts()).containsExactly(7, 300, 70000);
    }

    @Test
    void truncatedFileNamesFileAndBothLengths() throws IOException {
        // Prepare: header says 3x2x2 = 12 bytes, only 7 follow
        Path file = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(file, concat(header(0x08, 3, 2, 2), new byte[7]));

        // Execute + Assert
        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(DataException.class)
                .hasMessage(file + ": truncated: header declares 3x2x2 = 12 bytes of data, file has 7");
    }

    @Test
    void truncatedGzipStreamIsReportedAsTruncated() throws IOException {
        // Prepare: a valid gzip IDX file cut in half
        Path whole = dir.resolve("whole.gz");
        byte[] pixels = new byte[4000];
        new java.util.Random(1).nextBytes(pixels);
        IdxWriter.write(whole, IdxArray.ofUbytes(new int[] {10, 20, 20}, pixels), true);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

        // Execute + Assert
        assertThatThrownBy(() -> IdxReader.read(cut)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(cut + ": truncated");
    }

    @Test
    void trailingGarbageIsRejected() throws IOException {
        Path file = dir.resolve("labels-idx1-ubyte.gz");
        Files.write(file, gzip(concat(header(0x08, 4), new byte[4 + 3])));

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(DataException.class)
                .hasMessage(file + ": trailing garbage: header declares 4 = 4 bytes of data, file has 7 (3 bytes too many)");
    }

    @Test
    void badMagicIsRejected() throws IOException {
        Path file = dir.resolve("not-idx.bin");
        Files.write(file, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(file + ": not an IDX file: bad magic number")
                .hasMessageContaining("0x50 0x4B");
    }

    @Test
    void unknownTypeIsRejected() throws IOException {
        Path file = dir.resolve("odd.idx");
        Files.write(file, concat(header(0x07, 1), new byte[1]));

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(file + ": unknown IDX element type 0x07");
    }

    @Test
    void zeroDimensionsAndEmptyFilesAreRejected() throws IOException {
        Path noDims = dir.resolve("nodims.idx");
        Files.write(noDims, new byte[] {0, 0, 8, 0});
        Path empty = dir.resolve("empty.idx");
        Files.write(empty, new byte[0]);

        assertThatThrownBy(() -> IdxReader.read(noDims)).hasMessage(noDims + ": IDX header declares 0 dimensions, expected at least 1");
        assertThatThrownBy(() -> IdxReader.read(empty)).hasMessage(empty + ": empty file, expected an IDX header");
    }

    @Test
    void headerCutInsideTheDimensionsIsTruncated() throws IOException {
        Path file = dir.resolve("short-header.idx");
        Files.write(file, new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0});

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(file + ": truncated: the header declares 3 dimensions");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nowhere.idx");

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(DataException.class).hasMessage(file + ": file not found");
    }

    static byte[] header(int type, int... dims) {
        byte[] header = new byte[4 + 4 * dims.length];
        header[2] = (byte) type;
        header[3] = (byte) dims.length;
        for (int i = 0; i < dims.length; i++) {
            header[7 + 4 * i] = (byte) dims[i];
            header[6 + 4 * i] = (byte) (dims[i] >> 8);
        }
        return header;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
