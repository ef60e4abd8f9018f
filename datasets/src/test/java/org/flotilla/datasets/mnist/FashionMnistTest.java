package org.flotilla.datasets.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.TestData;
import org.flotilla.datasets.idx.IdxArray;
import org.flotilla.datasets.idx.IdxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    private static final MnistVariant FASHION = MnistVariant.FASHION_MNIST;

    @TempDir
    Path dir;

    @Test
    void loadsTrainAndTestScaledToUnitRange() {
        // Prepare
        TestData.writeMnistFolder(dir, 6, 3, true);

        // Execute
        LabeledDataset train = FashionMnist.loadTrain(dir);
        LabeledDataset test = FashionMnist.loadTest(dir);

        // Assert
        assertThat(train.size()).isEqualTo(6);
        assertThat(test.size()).isEqualTo(3);
        assertThat(train.exampleShape()).containsExactly(1, 28, 28);
        assertThat(train.numClasses()).isEqualTo(10);
        assertThat(train.features()[28 * 28 + 5]).isEqualTo(TestData.pixel(1, 5) / 255f);
        assertThat(train.labels()).containsExactly(0, 3, 6, 9, 2, 5);
        for (float value : train.features()) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    @Test
    void readsPlainFilesToo() {
        TestData.writeMnistFolder(dir, 2, 2, false);

        assertThat(Mnist.loadTrain(dir).size()).isEqualTo(2);
    }

    @Test
    void locatePrefersExplicitThenEnvThenSystemFolder() throws IOException {
        // Prepare
        Path explicit = TestData.writeMnistFolder(Files.createDirectories(dir.resolve("explicit")), 1, 1, true);
        Path parent = dir.resolve("data");
        Path viaParent = TestData.writeMnistFolder(Files.createDirectories(parent.resolve("fashion-mnist")), 1, 1, true);
        Path system = TestData.writeMnistFolder(Files.createDirectories(dir.resolve("system")), 1, 1, true);

        // Execute + Assert
        assertThat(FASHION.locate(explicit, Map.of("FLOTILLA_DATA", parent.toString()), system)).isEqualTo(explicit);
        assertThat(FASHION.locate(null, Map.of("FLOTILLA_DATA", parent.toString()), system)).isEqualTo(viaParent);
        assertThat(FASHION.locate(null, Map.of("FLOTILLA_DATA", viaParent.toString()), system)).isEqualTo(viaParent);
        assertThat(FASHION.locate(null, Map.of(), system)).isEqualTo(system);
    }

    @Test
    void missingDataSaysHowToInstallIt() {
        Path system = dir.resolve("no-such-folder");

        assertThatThrownBy(() -> FASHION.locate(null, Map.of(), system)).isInstanceOf(DataException.class)
                .hasMessageContaining("Fashion-MNIST not found")
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist")
                .hasMessageContaining("FLOTILLA_DATA");
    }

    @Test
    void explicitFolderWithoutTheFilesListsWhatIsMissing() throws IOException {
        Path partial = Files.createDirectories(dir.resolve("partial"));
        TestData.writeImages(partial.resolve("train-images-idx3-ubyte.gz"), 1, 28, true);

        assertThatThrownBy(() -> FASHION.locate(partial, Map.of(), dir)).isInstanceOf(DataException.class)
                .hasMessageContaining("missing train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte");
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        TestData.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 3, 28, true);
        TestData.writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), 2, true);

        assertThatThrownBy(() -> FashionMnist.loadTrain(dir)).isInstanceOf(DataException.class)
                .hasMessageContaining("has 2 labels but train-images-idx3-ubyte.gz has 3 images");
    }

    @Test
    void labelsOutsideTheClassesAreRejected() {
        TestData.writeImages(dir.resolve("train-images-idx3-ubyte"), 1, 28, false);
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte"), IdxArray.ofUbytes(new int[] {1}, new byte[] {12}), false);

        assertThatThrownBy(() -> FashionMnist.loadTrain(dir)).isInstanceOf(DataException.class)
                .hasMessageContaining("label 12 of example 0 is outside 0..9");
    }
}
