package org.flotilla.datasets.partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The result of a {@link Partitioner}: for each client, the indices of its examples in ascending
 * order. Arrays are copied in and out, so a partition cannot change after it is made.
 */
public record Partition(List<int[]> clientIndices) {

    /** Copies and sorts each client's indices. */
    public Partition {
        if (clientIndices == null || clientIndices.isEmpty()) {
            throw new IllegalArgumentException("a partition needs at least one client");
        }
        List<int[]> copies = new ArrayList<>(clientIndices.size());
        for (int[] indices : clientIndices) {
            if (indices == null) {
                throw new IllegalArgumentException("client indices must not be null");
            }
            int[] copy = indices.clone();
            Arrays.sort(copy);
            copies.add(copy);
        }
        clientIndices = List.copyOf(copies);
    }

    /** The indices per client, each a copy. */
    @Override
    public List<int[]> clientIndices() {
        return clientIndices.stream().map(int[]::clone).toList();
    }

    /** Number of clients. */
    public int clients() {
        return clientIndices.size();
    }

    /** The indices of client {@code client}'s examples, ascending; a copy. */
    public int[] indices(int client) {
        return clientIndices.get(client).clone();
    }

    /** Number of examples per client. */
    public int[] sizes() {
        return clientIndices.stream().mapToInt(a -> a.length).toArray();
    }

    /** Per client, the count of its examples in each class: {@code [clients][numClasses]}. */
    public int[][] labelHistograms(int[] labels, int numClasses) {
        int[][] histograms = new int[clientIndices.size()][numClasses];
        for (int c = 0; c < clientIndices.size(); c++) {
            for (int index : clientIndices.get(c)) {
                histograms[c][labels[index]]++;
            }
        }
        return histograms;
    }

    /** Whether every example {@code 0..n-1} belongs to exactly one client. */
    public boolean coversExactly(int n) {
        boolean[] seen = new boolean[n];
        int total = 0;
        for (int[] indices : clientIndices) {
            for (int index : indices) {
                if (index < 0 || index >= n || seen[index]) {
                    return false;
                }
                seen[index] = true;
                total++;
            }
        }
        return total == n;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Partition that) || that.clientIndices.size() != clientIndices.size()) {
            return false;
        }
        for (int c = 0; c < clientIndices.size(); c++) {
            if (!Arrays.equals(clientIndices.get(c), that.clientIndices.get(c))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int[] indices : clientIndices) {
            hash = 31 * hash + Arrays.hashCode(indices);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Partition[clients=" + clients() + ", sizes=" + Arrays.toString(sizes()) + "]";
    }
}
