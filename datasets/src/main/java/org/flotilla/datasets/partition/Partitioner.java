package org.flotilla.datasets.partition;

/**
 * Splits the examples of a data set among clients. Implementations are deterministic for a seed,
 * assign every example to exactly one client, give every client at least one example, and throw
 * {@link IllegalArgumentException} for settings they cannot satisfy (e.g. more clients than
 * examples).
 */
public interface Partitioner {

    /**
     * Splits examples {@code 0..labels.length-1} among {@code clients} clients.
     *
     * @param labels label of each example, in {@code [0, numClasses)}
     * @param numClasses number of classes
     * @param clients number of clients, at least 1
     * @param seed seed of every random choice
     */
    Partition split(int[] labels, int numClasses, int clients, long seed);
}
