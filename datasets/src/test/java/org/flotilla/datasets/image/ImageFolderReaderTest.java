package org.flotilla.datasets.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir
    Path root;

    @Test
    void readsClassFoldersInSortedOrderScaledToUnitRange() throws IOException {
        // Prepare: class "b-white" sorts after "a-black"
        TestData.png(root.resolve("b-white/1.png"), Color.WHITE);
        TestData.png(root.resolve("a-black/1.png"), Color.BLACK);
        TestData.png(root.resolve("a-black/2.PNG"), Color.BLACK);
        Files.writeString(root.resolve("a-black/notes.txt"), "not an image");

        // Execute
        LabeledDataset data = ImageFolderReader.read(root, new ImageOptions(4, 4, 1));

        // Assert
        assertThat(ImageFolderReader.classNames(root)).containsExactly("a-black", "b-white");
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.exampleShape()).containsExactly(1, 4, 4);
        assertThat(data.numClasses()).isEqualTo(2);
        assertThat(data.labels()).containsExactly(0, 0, 1);
        for (int i = 0; i < 16; i++) {
            assertThat(data.features()[i]).isEqualTo(0f);
            assertThat(data.features()[2 * 16 + i]).isEqualTo(1f);
        }
    }

    @Test
    void scalesAndConvertsToTheRequestedShape() throws IOException {
        TestData.png(root.resolve("red/1.png"), Color.RED);

        LabeledDataset data = ImageFolderReader.read(root, new ImageOptions(2, 3, 3));

        assertThat(data.exampleShape()).containsExactly(3, 2, 3);
        assertThat(data.features()).hasSize(18);
        for (float v : data.features()) {
            assertThat(v).isBetween(0f, 1f);
        }
        // OpenCV order is BGR: the third channel holds red
        assertThat(data.features()[2 * 6]).isEqualTo(1f);
        assertThat(data.features()[0]).isEqualTo(0f);
    }

    @Test
    void corruptImageIsNamed() throws IOException {
        TestData.png(root.resolve("ok/1.png"), Color.GRAY);
        Path broken = Files.createDirectories(root.resolve("ok")).resolve("2.png");
        Files.write(broken, new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageOptions.defaults()))
                .isInstanceOf(DataException.class).hasMessageStartingWith(broken + ": cannot decode the image");
    }

    @Test
    void folderWithoutClassFoldersSaysWhatToDo() {
        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageOptions.defaults()))
                .isInstanceOf(DataException.class).hasMessageContaining("in a sub-folder named after the class");
        assertThat(ImageFolderReader.looksLikeImageFolder(root)).isFalse();
    }
}
