package org.flotilla.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.cli.PartitionCli;
import org.flotilla.datasets.folder.PartitionSummary;
import org.flotilla.datasets.folder.SummaryFile;
import org.flotilla.edge.data.ClientData;

/**
 * The local data of the virtual clients this process hosts. Either from a folder written by
 * {@code ./flotilla partition} (each client reads its folder exactly as an edge-client process
 * would), or split in memory by the same partitioner code with the same seeds, so that client
 * {@code i} holds what {@code client-i}'s folder would hold. The per-client copies are disjoint, so
 * together they take the memory of one data set; the full array is dropped after splitting.
 *
 * @param members     the hosted clients, by population index
 * @param size        clients in the whole population (all shards)
 * @param exampleShape one example's shape
 * @param numClasses  number of labels
 * @param dataset     the data set's name ({@code fashion-mnist}, {@code mnist}, {@code synthetic}, …)
 * @param description where the data came from
 */
record Population(List<Member> members, int size, int[] exampleShape, int numClasses, String dataset,
                  String description) {

    /**
     * One virtual client's data.
     *
     * @param index its index in the whole population
     * @param name  its name, {@code client-0042}: the folder name the partition command would give it
     */
    record Member(int index, String name, ClientData data) {
    }

    /** The clients of {@code shard} from a partition folder; all its client folders make the population. */
    static Population fromFolder(Path folder, Shard shard, double heldOutFraction) {
        PartitionSummary summary;
        try {
            summary = SummaryFile.read(folder);
        } catch (RuntimeException e) {
            throw new DataException(folder + " is not a partition folder written by ./flotilla partition ("
                    + e.getMessage() + ")");
        }
        List<Member> members = new ArrayList<>();
        int n = summary.clients().size();
        for (int i = 0; i < n; i++) {
            if (!shard.hosts(i)) {
                continue;
            }
            String id = summary.clients().get(i).id();
            Path dir = folder.resolve(id);
            if (!Files.isDirectory(dir)) {
                throw new DataException(folder + "/" + SummaryFile.NAME + " lists " + id + ", but there is no folder " + dir);
            }
            members.add(new Member(i, id, ClientData.open(dir.toString(), heldOutFraction)));
        }
        LabeledDataset first = members.isEmpty() ? null : members.get(0).data().train();
        return new Population(members, n, first == null ? new int[0] : first.exampleShape(), summary.numClasses(),
                summary.dataset(), summary.dataset() + " " + summary.scheme() + " from " + folder);
    }

    /**
     * The clients of {@code shard} of an in-memory split with the partition command's arguments
     * (without {@code --out}), e.g. {@code --dataset fashion-mnist --clients 1000 --scheme dirichlet
     * --alpha 0.5 --seed 42}.
     *
     * @throws picocli.CommandLine.ParameterException for arguments the partition command would refuse
     */
    static Population split(List<String> partitionArgs, String dataset, int clients, Shard shard, String description) {
        List<LabeledDataset.Split> splits = PartitionCli.inMemory(partitionArgs.toArray(String[]::new));
        List<Member> members = new ArrayList<>();
        int digits = Math.max(2, String.valueOf(clients - 1).length());
        for (int i = 0; i < splits.size(); i++) {
            if (!shard.hosts(i)) {
                continue;
            }
            LabeledDataset.Split s = splits.get(i);
            String name = String.format(Locale.ROOT, "client-%0" + digits + "d", i);
            members.add(new Member(i, name, new ClientData(s.train(), s.heldOut().size() == 0 ? null : s.heldOut(),
                    "virtual " + name + ": " + s.train().size() + " training examples")));
        }
        LabeledDataset any = splits.get(0).train();
        return new Population(members, splits.size(), any.exampleShape(), any.numClasses(), dataset, description);
    }

    /** Training examples over the hosted clients. */
    long trainingExamples() {
        return members.stream().mapToLong(m -> m.data().train().size()).sum();
    }
}
