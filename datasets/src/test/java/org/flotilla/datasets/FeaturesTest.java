package org.flotilla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.flotilla.datasets.folder.ClientFolder;
import org.flotilla.datasets.folder.ClientManifest;
import org.flotilla.datasets.idx.IdxArray;
import org.flotilla.datasets.idx.IdxReader;
import org.flotilla.datasets.mnist.FashionMnist;
import org.flotilla.datasets.mnist.MnistLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesTest {

    @TempDir
    Path dir;

    /** All 256 byte values, in an order that is not sorted. */
    private static byte[] everyByte() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) (i * 37 + 11);
        }
        return bytes;
    }

    @Test
    void bytesReadAsTheFloatsTheImageReadersStored() {
        // Prepare: what the IDX reader stored before (scale), and what the client folder stored
        // (IdxArray.toFloats, then divided in place by the pixel scale)
        byte[] bytes = everyByte();
        float[] scaled = MnistLayout.scale(bytes);
        float[] divided = IdxArray.ofUbytes(new int[] {256}, bytes).toFloats();
        float scale = 255;
        for (int i = 0; i < divided.length; i++) {
            divided[i] /= scale;
        }

        // Execute
        Features store = Features.ofUbytes(bytes, MnistLayout.PIXEL_SCALE);
        float[] read = new float[256];
        store.copyTo(0, read, 0, 256);

        // Assert: the same bits, not merely close
        for (int i = 0; i < 256; i++) {
            assertThat(Float.floatToRawIntBits(read[i])).as("byte %d", bytes[i] & 0xFF)
                    .isEqualTo(Float.floatToRawIntBits(scaled[i])).isEqualTo(Float.floatToRawIntBits(divided[i]));
        }
        assertThat(store.toFloats()).containsExactly(scaled);
        assertThat(store.storageBytes()).isEqualTo(256);
        assertThat(Features.ofFloats(scaled).storageBytes()).isEqualTo(4 * 256);
    }

    @Test
    void copyToReadsARangeIntoAnOffset() {
        Features store = Features.ofUbytes(new byte[] {0, 2, 4, (byte) 200}, 2);
        float[] target = {-1, -1, -1, -1};

        store.copyTo(1, target, 1, 3);

        assertThat(target).containsExactly(-1f, 1f, 2f, 100f);
        assertThatThrownBy(() -> store.copyTo(2, target, 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void floatStoreHandsOutItsOwnArray() {
        float[] values = {0.5f, 1.5f};

        assertThat(Features.ofFloats(values).toFloats()).isSameAs(values);
    }

    @Test
    void gatherCopiesRowsAndKeepsTheKind() {
        Features bytes = Features.ofUbytes(new byte[] {1, 2, 3, 4, 5, 6}, 1);
        Features floats = Features.ofFloats(new float[] {1, 2, 3, 4, 5, 6});

        Features b = bytes.gather(new int[] {2, 0}, 2);
        Features f = floats.gather(new int[] {2, 0}, 2);

        assertThat(b).isInstanceOf(UbyteFeatures.class);
        assertThat(((UbyteFeatures) b).divisor()).isEqualTo(1f);
        assertThat(b.toFloats()).containsExactly(5f, 6f, 1f, 2f);
        assertThat(f).isInstanceOf(FloatFeatures.class);
        assertThat(f.toFloats()).containsExactly(5f, 6f, 1f, 2f);
        assertThatThrownBy(() -> bytes.gather(new int[] {3}, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rejectsADivisorThatIsNotPositiveAndFinite() {
        for (float bad : new float[] {0, -1, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Features.ofUbytes(new byte[1], bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divisor");
        }
    }

    @Test
    void byteDataSetSplitsAndSubsetsAsTheFloatOneDoes() {
        // Prepare: the same 200 examples of 3 values, held as bytes and as floats
        int n = 200;
        byte[] bytes = new byte[n * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int j = 0; j < 3; j++) {
                bytes[i * 3 + j] = (byte) TestData.pixel(i, j);
            }
        }
        LabeledDataset asBytes = new LabeledDataset(Features.ofUbytes(bytes, 255), labels, new int[] {3}, 4);
        LabeledDataset asFloats = new LabeledDataset(MnistLayout.scale(bytes), labels.clone(), new int[] {3}, 4);

        // Execute
        LabeledDataset.Split b = asBytes.splitHeldOut(0.1, 7);
        LabeledDataset.Split f = asFloats.splitHeldOut(0.1, 7);
        LabeledDataset sub = asBytes.subset(new int[] {5, 199, 0});

        // Assert
        assertThat(b.train().featureStore()).isInstanceOf(UbyteFeatures.class);
        assertThat(b.heldOut().featureStore()).isInstanceOf(UbyteFeatures.class);
        assertThat(b.train().features()).containsExactly(f.train().features());
        assertThat(b.heldOut().features()).containsExactly(f.heldOut().features());
        assertThat(b.train().labels()).containsExactly(f.train().labels());
        assertThat(b.heldOut().size()).isEqualTo(20);
        assertThat(sub.features()).containsExactly(asFloats.subset(new int[] {5, 199, 0}).features());
        float[] row = new float[3];
        asBytes.copyFeatures(7, row, 0);
        assertThat(row).containsExactly(TestData.pixel(7, 0) / 255f, TestData.pixel(7, 1) / 255f,
                TestData.pixel(7, 2) / 255f);
        assertThatThrownBy(() -> asBytes.subset(new int[] {200})).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("example 200");
    }

    @Test
    void withNumClassesSharesTheStore() {
        LabeledDataset data = new LabeledDataset(Features.ofUbytes(new byte[] {1, 2}, 255), new int[] {0, 1},
                new int[] {1}, 2);

        LabeledDataset wider = data.withNumClasses(5);

        assertThat(wider.numClasses()).isEqualTo(5);
        assertThat(wider.featureStore()).isSameAs(data.featureStore());
        assertThat(data.withNumClasses(2)).isSameAs(data);
        assertThatThrownBy(() -> data.withNumClasses(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 1");
    }

    @Test
    void idxImagesAreHeldAsTheirBytes() {
        // Prepare
        TestData.writeMnistFolder(dir, 4, 2, true);

        // Execute
        LabeledDataset train = FashionMnist.loadTrain(dir);

        // Assert: no float copy; the very bytes of the file, read as byte / 255
        assertThat(train.featureStore()).isInstanceOf(UbyteFeatures.class);
        byte[] payload = IdxReader.read(dir.resolve("train-images-idx3-ubyte.gz")).payload();
        assertThat(((UbyteFeatures) train.featureStore()).bytes()).containsExactly(payload);
        assertThat(train.features()).containsExactly(MnistLayout.scale(payload));
    }

    @Test
    void clientFolderImagesStayBytesThroughWriteAndRead() {
        // Prepare: a ubyte client folder written from byte-held images
        byte[] bytes = everyByte();
        LabeledDataset train = new LabeledDataset(Features.ofUbytes(bytes, 255), new int[] {0, 1, 1, 0},
                new int[] {1, 8, 8}, 2);
        LabeledDataset heldOut = new LabeledDataset(new float[0], new int[0], new int[] {1, 8, 8}, 2);
        ClientManifest manifest = new ClientManifest("client-00", "test", java.util.List.of(1, 8, 8), 2, 4, 0,
                java.util.List.of(2, 2), 255, java.util.List.of(0, 0), ClientManifest.UBYTE, "iid", 1,
                java.util.Map.of(), null, ClientManifest.FORMAT);

        // Execute
        ClientFolder.write(dir, manifest, train, heldOut);
        LabeledDataset read = ClientFolder.read(dir).train();

        // Assert
        assertThat(read.featureStore()).isInstanceOf(UbyteFeatures.class);
        assertThat(((UbyteFeatures) read.featureStore()).bytes()).containsExactly(bytes);
        assertThat(read.features()).containsExactly(MnistLayout.scale(bytes));
    }
}
