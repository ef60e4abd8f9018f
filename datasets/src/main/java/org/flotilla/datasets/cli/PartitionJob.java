package org.flotilla.datasets.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.Permutations;
import org.flotilla.datasets.folder.ClientFolder;
import org.flotilla.datasets.folder.ClientManifest;
import org.flotilla.datasets.folder.PartitionSummary;
import org.flotilla.datasets.folder.SummaryFile;
import org.flotilla.datasets.mnist.MnistLayout;
import org.flotilla.datasets.mnist.MnistVariant;
import org.flotilla.datasets.partition.Partition;

/**
 * Does the work of the partition CLI: load or generate the data, split it, carve each client's
 * held-out part and write the client folders and {@code summary.json} into a folder.
 */
final class PartitionJob {

    private PartitionJob() {
    }

    /** Writes every client folder and the summary into {@code dir}; returns the summary. */
    static PartitionSummary write(PartitionRequest request, Path dir) {
        List<LabeledDataset> perClient;
        List<String> classNames = null;
        String featureType;
        int pixelScale;
        if (request.synthetic() != null) {
            perClient = request.synthetic().generate(request.clients(), request.seed());
            featureType = ClientManifest.FLOAT32;
            pixelScale = 1;
        } else {
            MnistVariant variant = MnistVariant.byId(request.dataset()).orElseThrow();
            LabeledDataset data = variant.loadTrain(variant.locate(request.dataDir()));
            Partition partition = request.partitioner().split(data.labels(), data.numClasses(), request.clients(),
                    request.seed());
            perClient = new ArrayList<>(partition.clients());
            for (int c = 0; c < partition.clients(); c++) {
                perClient.add(data.subset(partition.indices(c)));
            }
            classNames = variant.classNames();
            featureType = ClientManifest.UBYTE;
            pixelScale = (int) MnistLayout.PIXEL_SCALE;
        }
        int numClasses = perClient.get(0).numClasses();
        Map<String, Object> parameters = new TreeMap<>(request.parameters());
        List<PartitionSummary.Client> clients = new ArrayList<>();
        for (int c = 0; c < perClient.size(); c++) {
            String id = clientId(c, perClient.size());
            LabeledDataset all = perClient.get(c);
            long carveSeed = Permutations.stream(request.seed(), c).nextLong();
            LabeledDataset.Split split = all.splitHeldOut(request.heldOutFraction(), carveSeed);
            ClientManifest manifest = new ClientManifest(id, request.dataset(), boxed(all.exampleShape()), numClasses,
                    split.train().size(), split.heldOut().size(), boxed(split.train().labelHistogram()), pixelScale,
                    boxed(split.heldOut().labelHistogram()), featureType, request.scheme(), request.seed(),
                    new LinkedHashMap<>(parameters), classNames, null);
            ClientFolder.write(dir.resolve(id), manifest, split.train(), split.heldOut());
            clients.add(new PartitionSummary.Client(id, all.size(), boxed(all.labelHistogram()), split.train().size(),
                    split.heldOut().size()));
        }
        PartitionSummary summary = new PartitionSummary(request.dataset(), request.scheme(), request.seed(), clients,
                numClasses, request.heldOutFraction(), new LinkedHashMap<>(parameters), null);
        SummaryFile.write(dir, summary);
        return summary;
    }

    /** {@code client-00}, {@code client-01}, … with enough digits that names sort in order. */
    static String clientId(int index, int count) {
        int digits = Math.max(2, String.valueOf(count - 1).length());
        return String.format("client-%0" + digits + "d", index);
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
