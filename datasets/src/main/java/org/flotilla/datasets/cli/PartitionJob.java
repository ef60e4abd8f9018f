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
        Splits splits = splits(request);
        Map<String, Object> parameters = new TreeMap<>(request.parameters());
        List<PartitionSummary.Client> clients = new ArrayList<>();
        for (int c = 0; c < splits.perClient().size(); c++) {
            String id = clientId(c, splits.perClient().size());
            LabeledDataset.Split split = splits.perClient().get(c);
            LabeledDataset all = splits.whole().get(c);
            ClientManifest manifest = new ClientManifest(id, request.dataset(), boxed(all.exampleShape()),
                    splits.numClasses(), split.train().size(), split.heldOut().size(),
                    boxed(split.train().labelHistogram()), splits.pixelScale(), boxed(split.heldOut().labelHistogram()),
                    splits.featureType(), request.scheme(), request.seed(), new LinkedHashMap<>(parameters),
                    splits.classNames(), null);
            ClientFolder.write(dir.resolve(id), manifest, split.train(), split.heldOut());
            clients.add(new PartitionSummary.Client(id, all.size(), boxed(all.labelHistogram()), split.train().size(),
                    split.heldOut().size()));
        }
        PartitionSummary summary = new PartitionSummary(request.dataset(), request.scheme(), request.seed(), clients,
                splits.numClasses(), request.heldOutFraction(), new LinkedHashMap<>(parameters), null);
        SummaryFile.write(dir, summary);
        return summary;
    }

    /**
     * Every client's examples and their training/held-out split, in memory.
     *
     * @param whole       each client's examples before the held-out part was carved off
     * @param perClient   each client's split
     * @param classNames  class names of an image data set, or null
     * @param featureType how the folders store features
     * @param pixelScale  the folders' pixel scale
     */
    record Splits(List<LabeledDataset> whole, List<LabeledDataset.Split> perClient, int numClasses,
                  List<String> classNames, String featureType, int pixelScale) {
    }

    /** Loads or generates the data, splits it among the clients and carves each client's held-out part. */
    static Splits splits(PartitionRequest request) {
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
        List<LabeledDataset.Split> splits = new ArrayList<>(perClient.size());
        for (int c = 0; c < perClient.size(); c++) {
            long carveSeed = Permutations.stream(request.seed(), c).nextLong();
            splits.add(perClient.get(c).splitHeldOut(request.heldOutFraction(), carveSeed));
        }
        return new Splits(perClient, splits, perClient.get(0).numClasses(), classNames, featureType, pixelScale);
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
