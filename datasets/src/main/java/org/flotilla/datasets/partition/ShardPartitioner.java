package org.flotilla.datasets.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flotilla.datasets.Permutations;

/**
 * Pathological non-IID split of McMahan et al. 2017, "Communication-Efficient Learning of Deep
 * Networks from Decentralized Data" (AISTATS): sort the examples by label, cut them into
 * {@code clients × shardsPerClient} shards of (nearly) equal size, and give each client
 * {@code shardsPerClient} shards chosen at random. With the default of two shards a client sees
 * at most two labels, or a few more where a shard straddles a label boundary.
 *
 * @param shardsPerClient shards per client, at least 1 (the paper uses 2)
 */
public record ShardPartitioner(int shardsPerClient) implements Partitioner {

    /** Validates the settings. */
    public ShardPartitioner {
        if (shardsPerClient < 1) {
            throw new IllegalArgumentException("shardsPerClient must be at least 1, was " + shardsPerClient);
        }
    }

    /** Two shards per client, as in the paper. */
    public ShardPartitioner() {
        this(2);
    }

    @Override
    public Partition split(int[] labels, int numClasses, int clients, long seed) {
        int shards = Math.multiplyExact(clients, shardsPerClient);
        Partitions.check(labels, numClasses, clients, 1);
        if (shards > labels.length) {
            throw new IllegalArgumentException(clients + " clients x " + shardsPerClient + " shards need at least "
                    + shards + " examples, the data set has " + labels.length + "; use fewer clients");
        }
        int[] sorted = Partitions.sortedByLabel(labels, numClasses);
        int[] shardOrder = Permutations.random(shards, new SplittableRandom(seed));
        long n = labels.length;
        List<int[]> clientIndices = new ArrayList<>(clients);
        for (int c = 0; c < clients; c++) {
            Partitions.IntList mine = new Partitions.IntList();
            for (int s = 0; s < shardsPerClient; s++) {
                int shard = shardOrder[c * shardsPerClient + s];
                int from = (int) (shard * n / shards);
                int to = (int) ((shard + 1) * n / shards);
                for (int i = from; i < to; i++) {
                    mine.add(sorted[i]);
                }
            }
            clientIndices.add(mine.toArray());
        }
        return new Partition(clientIndices);
    }
}
