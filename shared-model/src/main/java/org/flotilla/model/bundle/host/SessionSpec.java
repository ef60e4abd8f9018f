package org.flotilla.model.bundle.host;

import java.util.Map;
import java.util.TreeMap;

import org.flotilla.model.bundle.BundleManifest;

/**
 * {@code session.json}: what the parent tells the host when it starts a child.
 *
 * @param protocol        {@link HostProtocol#VERSION}
 * @param manifest        the verified bundle's manifest
 * @param dataSpec        the local data, as {@code LocalData.open} takes it (an absolute path)
 * @param heldOutFraction held-out share carved from data without its own split
 * @param dataSeed        seed of that carving
 * @param workers         worker threads the program may use
 * @param seed            the job's seed
 * @param settings        the job's settings for the program
 */
public record SessionSpec(int protocol, BundleManifest manifest, String dataSpec, double heldOutFraction, long dataSeed,
                          int workers, long seed, Map<String, Double> settings) {

    public SessionSpec {
        if (protocol != HostProtocol.VERSION) {
            throw new IllegalArgumentException("session protocol " + protocol + ", this host speaks " + HostProtocol.VERSION);
        }
        if (manifest == null || dataSpec == null || dataSpec.isBlank()) {
            throw new IllegalArgumentException("manifest and dataSpec are required");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }
}
