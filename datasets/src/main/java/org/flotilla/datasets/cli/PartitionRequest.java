package org.flotilla.datasets.cli;

import java.nio.file.Path;
import java.util.Map;
import org.flotilla.datasets.partition.Partitioner;
import org.flotilla.datasets.synthetic.SyntheticFedProx;

/**
 * A validated partition command: either a named image data set and a partitioner, or a synthetic
 * generator whose devices are the clients.
 *
 * @param dataset {@code fashion-mnist}, {@code mnist} or {@code synthetic}
 * @param dataDir folder of the data set, or {@code null} to locate it
 * @param clients number of clients
 * @param scheme scheme name written to the summary
 * @param partitioner the partitioner, {@code null} for synthetic data
 * @param synthetic the generator, {@code null} for image data sets
 * @param parameters settings of the scheme, for the summary and manifests
 * @param seed seed of partition, generation and held-out carving
 * @param heldOutFraction fraction of each client's examples held out
 */
record PartitionRequest(String dataset, Path dataDir, int clients, String scheme, Partitioner partitioner,
        SyntheticFedProx synthetic, Map<String, Object> parameters, long seed, double heldOutFraction) {

    PartitionRequest {
        if ((partitioner == null) == (synthetic == null)) {
            throw new IllegalArgumentException("exactly one of partitioner and synthetic must be given");
        }
        parameters = Map.copyOf(parameters);
    }
}
