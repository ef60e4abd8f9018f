package org.flotilla.edge.bundle;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a child session is for: one job's bundle on this device's data. Tasks of the same job reuse
 * a live child; anything different starts a new one.
 *
 * @param jobKey   the job's identity, e.g. {@code "job-12"} (with the coordinator's URL when several are used)
 * @param bundle   the verified bundle
 * @param data     the local data
 * @param seed     the job's seed
 * @param settings the job's settings for the program
 */
public record BundleJob(String jobKey, VerifiedBundle bundle, DataRef data, long seed, Map<String, Double> settings) {

    public BundleJob {
        if (jobKey == null || jobKey.isBlank() || bundle == null || data == null) {
            throw new IllegalArgumentException("jobKey, bundle and data are required");
        }
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }
}
