package org.flotilla.datasets.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.idx.IdxReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientFolderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCheckedInFixture() throws URISyntaxException {
        // Prepare: written by an independent Python writer; client.json has an unknown extra field
        Path fixture = Path.of(getClass().getResource("/fixtures/client-folder").toURI());

        // Execute
        ClientFolder.Contents contents = ClientFolder.read(fixture);

        // Assert
        assertThat(contents.manifest().id()).isEqualTo("client-07");
        assertThat(contents.manifest().parameters()).containsEntry("alpha", 0.5);
        assertThat(contents.train().exampleShape()).containsExactly(1, 2, 2);
        assertThat(contents.train().features()).startsWith(0f, 64 / 255f, 128 / 255f, 1f);
        assertThat(contents.train().labels()).containsExactly(0, 2, 2);
        assertThat(contents.heldOut().labels()).containsExactly(1);
    }

    @Test
    void writeThenReadRestoresImageBytesExactly() {
        // Prepare: every byte value 0..255 as k / 255
        float[] pixels = new float[256];
        for (int k = 0; k < 256; k++) {
            pixels[k] = k / 255f;
        }
        LabeledDataset train = new LabeledDataset(pixels, new int[] {0, 1, 1, 0}, new int[] {1, 8, 8}, 2);
        LabeledDataset heldOut = new LabeledDataset(new float[0], new int[0], new int[] {1, 8, 8}, 2);
        ClientManifest manifest = manifest(train, heldOut, ClientManifest.UBYTE, 255);

        // Execute
        ClientFolder.write(dir, manifest, train, heldOut);
        ClientFolder.Contents read = ClientFolder.read(dir);

        // Assert
        assertThat(read.train().features()).containsExactly(pixels);
        assertThat(read.heldOut().size()).isZero();
        assertThat(IdxReader.read(dir.resolve(ClientFolder.TRAIN_FEATURES)).payload()[255]).isEqualTo((byte) 255);
        assertThat(read.manifest()).isEqualTo(manifest);
    }

    @Test
    void manifestThatDisagreesWithTheFilesIsRejected() throws IOException {
        // Prepare
        LabeledDataset train = new LabeledDataset(new float[] {0.5f, 1.5f}, new int[] {0, 1}, new int[] {1}, 2);
        LabeledDataset heldOut = new LabeledDataset(new float[] {2f}, new int[] {1}, new int[] {1}, 2);
        ClientFolder.write(dir, manifest(train, heldOut, ClientManifest.FLOAT32, 1), train, heldOut);
        String json = Files.readString(dir.resolve(ClientFolder.MANIFEST)).replace("\"trainExamples\" : 2", "\"trainExamples\" : 3");
        Files.writeString(dir.resolve(ClientFolder.MANIFEST), json);

        // Execute + Assert
        assertThatThrownBy(() -> ClientFolder.read(dir)).isInstanceOf(DataException.class)
                .hasMessageContaining(ClientFolder.TRAIN_FEATURES).hasMessageContaining("inconsistent");
    }

    @Test
    void brokenManifestIsOneSentence() throws IOException {
        Files.writeString(dir.resolve(ClientFolder.MANIFEST), "{\"id\": \"c\"}");

        assertThatThrownBy(() -> ClientFolder.readManifest(dir)).isInstanceOf(DataException.class)
                .hasMessageContaining("client.json: not a valid client.json").hasMessageContaining("re-create");
    }

    private static ClientManifest manifest(LabeledDataset train, LabeledDataset heldOut, String type, int scale) {
        return new ClientManifest("client-00", "test", boxed(train.exampleShape()), train.numClasses(), train.size(),
                heldOut.size(),
                boxed(train.labelHistogram()), scale, boxed(heldOut.labelHistogram()), type, "iid", 42,
                Map.of("note", "test"), null, null);
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
