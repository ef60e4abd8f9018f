package org.flotilla.datasets.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
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
    void resizesBilinearlyOnPixelCentresAndConvertsColourToGreyAsOpenCvDoes() throws IOException {
        // Prepare: a 4×1 row black, black, white, white; and a pure green 2×2 image
        BufferedImage row = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        row.setRGB(2, 0, 0xFFFFFF);
        row.setRGB(3, 0, 0xFFFFFF);
        Files.createDirectories(root.resolve("a"));
        ImageIO.write(row, "png", root.resolve("a/row.png").toFile());
        TestData.png(root.resolve("b/green.png"), Color.GREEN);

        // Execute: to 2×1 grey (each output pixel covers two input pixels) and 3×1 grey
        LabeledDataset halved = ImageFolderReader.read(root, new ImageOptions(1, 2, 1));
        LabeledDataset thirds = ImageFolderReader.read(root, new ImageOptions(1, 3, 1));

        // Assert: centres at x = 0.5 and 2.5 → 0 and 255; at 1/6, 1.5, 17/6 of the row → 0, 127.5 → 128, 255
        assertThat(halved.features()).containsExactly(0f, 1f, 150f / 255, 150f / 255);
        assertThat(thirds.features()[0]).isEqualTo(0f);
        assertThat(thirds.features()[1]).isEqualTo(128f / 255);
        assertThat(thirds.features()[2]).isEqualTo(1f);
        // 0.587 × 255 = 149.7 → 150, OpenCV's BGR2GRAY weights
        assertThat(thirds.features()[3]).isEqualTo(150f / 255);
    }

    @Test
    void readsGreyJpegAndPaletteGifWithoutColourConversion() throws IOException {
        BufferedImage grey = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 100);
        grey.getRaster().setSample(1, 0, 0, 100);
        grey.getRaster().setSample(0, 1, 0, 100);
        grey.getRaster().setSample(1, 1, 0, 100);
        Files.createDirectories(root.resolve("grey"));
        ImageIO.write(grey, "png", root.resolve("grey/g.png").toFile());
        ImageIO.write(grey, "jpg", root.resolve("grey/g.jpg").toFile());
        BufferedImage palette = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED);
        palette.setRGB(0, 0, 0x0000FF);
        Files.createDirectories(root.resolve("palette"));
        ImageIO.write(palette, "gif", root.resolve("palette/p.gif").toFile());

        LabeledDataset data = ImageFolderReader.read(root, new ImageOptions(1, 1, 3));

        assertThat(data.labels()).containsExactly(0, 0, 1);
        // the stored grey level itself (a linear-to-sRGB conversion would give about 170)
        assertThat(data.features()[3]).as("png, red channel").isEqualTo(100f / 255);
        assertThat(data.features()[0] * 255).as("jpeg, blue channel").isBetween(98f, 102f);
        // 2×2 → 1×1 averages the four pixels: one blue, three black
        assertThat(data.features()[6] * 255).as("gif, blue channel").isEqualTo(64f);
        assertThat(data.features()[8]).as("gif, red channel").isEqualTo(0f);
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
