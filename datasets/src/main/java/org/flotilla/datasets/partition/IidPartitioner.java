package org.flotilla.datasets.partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.flotilla.datasets.Permutations;

/**
 * IID split: shuffle all examples and deal them out in equal blocks (sizes differ by at most one),
 * the "IID" baseline of McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks
 * from Decentralized Data" (AISTATS).
 */
public record IidPartitioner() implements Partitioner {

    @Override
    public Partition split(int[] labels, int numClasses, int clients, long seed) {
        Partitions.check(labels, numClasses, clients, 1);
        int[] order = Permutations.random(labels.length, new SplittableRandom(seed));
        return new Partition(blocks(order, equalSizes(labels.length, clients)));
    }

    /** {@code n} split into {@code parts} sizes that differ by at most one, larger first. */
    static int[] equalSizes(int n, int parts) {
        int[] sizes = new int[parts];
        for (int i = 0; i < parts; i++) {
            sizes[i] = n / parts + (i < n % parts ? 1 : 0);
        }
        return sizes;
    }

    /** Consecutive blocks of {@code order} with the given sizes. */
    static List<int[]> blocks(int[] order, int[] sizes) {
        List<int[]> out = new ArrayList<>(sizes.length);
        int start = 0;
        for (int size : sizes) {
            out.add(Arrays.copyOfRange(order, start, start + size));
            start += size;
        }
        return out;
    }
}
