package org.flotilla.coordinator.job;

import java.util.Map;
import java.util.TreeMap;

import org.flotilla.model.wire.BundleRef;

/**
 * The code bundle a job trains and evaluates with (docs/code-bundles.md), as {@code GET
 * /api/v1/jobs/{id}} shows it: what the bundle's manifest says and the signature the job relays.
 *
 * @param sha256          the jar artifact
 * @param name            the manifest's name
 * @param version         the manifest's version
 * @param publisherKeyId  the key id of the publisher signature, checked at job creation
 * @param signatureSha256 the signature document artifact relayed to devices
 * @param settings        the job's settings for the program, the same every round
 */
public record JobBundle(String sha256, String name, String version, String publisherKeyId, String signatureSha256,
                        Map<String, Double> settings) {

    public JobBundle {
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }

    /** What an assignment says of it. */
    public BundleRef reference() {
        return new BundleRef(sha256, signatureSha256, settings);
    }
}
