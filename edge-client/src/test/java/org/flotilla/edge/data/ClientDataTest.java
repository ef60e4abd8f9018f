package org.flotilla.edge.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import org.flotilla.edge.testing.TestData;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data specs the client accepts, and the check against a plan. */
class ClientDataTest {

    @TempDir
    Path dir;

    @Test
    void opensACsvFileAndHoldsOutAShare() {
        Path csv = TestData.writeCsv(TestData.blobs(100, 6, 3, 1), dir.resolve("d.csv"));
        ClientData d = ClientData.open(csv.toString(), 0.2);
        assertThat(d.train().size()).isEqualTo(80);
        assertThat(d.heldOut().size()).isEqualTo(20);
        assertThat(d.mismatch(TestData.mlpPlan(6, 3, 1, 8, Map.of()))).isEmpty();
    }

    @Test
    void opensAnImageFolderWithTheNativesTheArchiveShips() throws Exception {
        // OpenCV (via JavaCV) reads image folders; the archive leaves out JavaCV's other natives.
        for (String cls : new String[] {"cat", "dog"}) {
            Files.createDirectories(dir.resolve("img").resolve(cls));
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setSample(i, i, 0, cls.equals("cat") ? 200 : 50);
                ImageIO.write(img, "png", dir.resolve("img").resolve(cls).resolve(i + ".png").toFile());
            }
        }
        ClientData d = ClientData.open(dir.resolve("img").toString(), 0.0);
        assertThat(d.train().size()).isEqualTo(6);
        assertThat(d.train().numClasses()).isEqualTo(2);
    }

    @Test
    void explainsAShapeThatDoesNotFit() {
        ClientData d = new ClientData(TestData.blobs(10, 6, 3, 1), null, "t");
        TrainingPlan wider = TestData.mlpPlan(8, 3, 1, 8, Map.of());
        assertThat(d.mismatch(wider)).hasValueSatisfying(m -> assertThat(m).contains("8 features").contains("has 6"));
    }
}
