package org.flotilla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.flotilla.datasets.cli.PartitionCli;
import org.flotilla.datasets.folder.ClientFolder;
import org.flotilla.datasets.folder.ClientManifest;
import org.flotilla.datasets.mnist.FashionMnist;
import org.flotilla.datasets.synthetic.SyntheticFedProx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDataTest {

    @TempDir
    Path dir;

    @Test
    void readsBackAClientFolderWrittenByThePartitionCli() {
        // Prepare: 40 generated images split among 2 clients
        Path raw = TestData.writeMnistFolder(dir.resolve("raw"), 40, 2, true);
        Path out = dir.resolve("parts");
        int code = PartitionCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "--dataset", "fashion-mnist", "--data-dir", raw.toString(), "--clients", "2", "--seed", "3",
                "--held-out-fraction", "0.25", "--out", out.toString());

        // Execute
        LocalData client0 = LocalData.open(out.resolve("client-00").toString(), LocalData.Options.defaults());
        LocalData client1 = LocalData.open(out.resolve("client-01").toString(), LocalData.Options.defaults());

        // Assert
        assertThat(code).isZero();
        assertThat(client0.kind()).isEqualTo(LocalData.Kind.CLIENT_FOLDER);
        assertThat(client0.train().size()).isEqualTo(15);
        assertThat(client0.heldOut()).get().extracting(LabeledDataset::size).isEqualTo(5);
        assertThat(client0.train().exampleShape()).containsExactly(1, 28, 28);
        assertThat(client0.train().numClasses()).isEqualTo(10);
        // every original image appears exactly once across clients, with its exact pixels
        LabeledDataset original = FashionMnist.loadTrain(raw);
        int matched = 0;
        for (LocalData client : new LocalData[] {client0, client1}) {
            for (LabeledDataset part : new LabeledDataset[] {client.train(), client.heldOut().orElseThrow()}) {
                for (int i = 0; i < part.size(); i++) {
                    matched += countMatches(original, part, i);
                }
            }
        }
        assertThat(matched).isEqualTo(40);
    }

    @Test
    void idxFolderUsesTheTestFilesAsHeldOut() {
        TestData.writeMnistFolder(dir, 12, 4, false);

        LocalData data = LocalData.open(dir.toString(), LocalData.Options.defaults());

        assertThat(data.kind()).isEqualTo(LocalData.Kind.IDX_FOLDER);
        assertThat(data.train().size()).isEqualTo(12);
        assertThat(data.heldOut()).get().extracting(LabeledDataset::size).isEqualTo(4);
    }

    @Test
    void csvWithoutHeldOutGetsASeededCarve() throws IOException {
        // Prepare
        StringBuilder csv = new StringBuilder("f1,f2,label\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(i * 2).append(',').append(i % 2).append('\n');
        }
        Path file = Files.writeString(dir.resolve("data.csv"), csv);
        LocalData.Options options = LocalData.Options.defaults().withHeldOutFraction(0.2).withSeed(9);

        // Execute
        LocalData first = LocalData.open(file.toString(), options);
        LocalData again = LocalData.open(file.toString(), options);
        LocalData none = LocalData.open(file.toString(), options.withHeldOutFraction(0));

        // Assert
        assertThat(first.kind()).isEqualTo(LocalData.Kind.CSV);
        assertThat(first.train().size()).isEqualTo(16);
        assertThat(first.heldOut().orElseThrow().features()).containsExactly(again.heldOut().orElseThrow().features());
        assertThat(none.heldOut()).isEmpty();
        assertThat(none.train().size()).isEqualTo(20);
    }

    @Test
    void imageFolderIsRecognised() throws IOException {
        for (int i = 0; i < 3; i++) {
            TestData.png(dir.resolve("cls/" + i + ".png"), Color.BLUE);
        }

        LocalData data = LocalData.open(dir.toString(), LocalData.Options.defaults().withHeldOutFraction(0.34));

        assertThat(data.kind()).isEqualTo(LocalData.Kind.IMAGE_FOLDER);
        assertThat(data.train().size()).isEqualTo(2);
        assertThat(data.heldOut().orElseThrow().size()).isEqualTo(1);
    }

    @Test
    void unusableSpecsGiveOneActionableSentence() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        Path partitionRoot = Files.createDirectories(dir.resolve("root"));
        Files.writeString(partitionRoot.resolve("summary.json"), "{}");

        assertThatThrownBy(() -> LocalData.open(dir.resolve("missing").toString(), null))
                .isInstanceOf(DataException.class).hasMessageContaining("does not exist; name a client folder");
        assertThatThrownBy(() -> LocalData.open(empty.toString(), null))
                .isInstanceOf(DataException.class).hasMessageContaining("holds no data Flotilla recognises");
        assertThatThrownBy(() -> LocalData.open(text.toString(), null))
                .isInstanceOf(DataException.class).hasMessageContaining("not a .csv file");
        assertThatThrownBy(() -> LocalData.open(partitionRoot.toString(), null))
                .isInstanceOf(DataException.class).hasMessageContaining("name one of its client folders");
        assertThatThrownBy(() -> LocalData.open(" ", null))
                .isInstanceOf(DataException.class).hasMessageStartingWith("no data given");
    }

    @Test
    void syntheticClientFolderKeepsFloatFeatures() {
        Path out = dir.resolve("synthetic");
        PartitionCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "--dataset", "synthetic", "--clients", "2", "--out", out.toString());

        LocalData data = LocalData.open(out.resolve("client-01").toString(), LocalData.Options.defaults());

        LabeledDataset device = SyntheticFedProx.of(1, 1).device(1, 42);
        assertThat(data.train().size() + data.heldOut().map(LabeledDataset::size).orElse(0)).isEqualTo(device.size());
        assertThat(data.train().exampleShape()).containsExactly(60);
        assertThat(ClientFolder.readManifest(out.resolve("client-01")).featureType())
                .isEqualTo(ClientManifest.FLOAT32);
    }

    private static int countMatches(LabeledDataset original, LabeledDataset part, int index) {
        float[] row = new float[part.featureCount()];
        part.copyFeatures(index, row, 0);
        float[] candidate = new float[row.length];
        int matches = 0;
        for (int j = 0; j < original.size(); j++) {
            original.copyFeatures(j, candidate, 0);
            if (Arrays.equals(row, candidate) && original.label(j) == part.label(index)) {
                matches++;
            }
        }
        return matches;
    }
}
