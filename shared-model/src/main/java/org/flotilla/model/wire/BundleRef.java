package org.flotilla.model.wire;

import java.util.Map;
import java.util.TreeMap;

/**
 * The code bundle an assignment is to be run with ({@code docs/code-bundles.md}): the jar and its
 * detached signature, both artifacts fetched by hash, and the job's settings for the program.
 * The coordinator relays the signature; the device verifies it against its own trusted publisher
 * keys before it loads anything of the jar. Hashes are checked where they are used (a device
 * declines an assignment naming a malformed one), not here, so that one bad member cannot make a
 * whole check-in answer unreadable.
 *
 * @param sha256          the bundle jar artifact
 * @param signatureSha256 the signature document artifact ({@code .sig}), or null when the job's
 *                        bundle has none (a device then declines with {@code UNTRUSTED_CODE})
 * @param settings        the job's settings for the program (named numbers), for its whole session
 */
public record BundleRef(String sha256, String signatureSha256, Map<String, Double> settings) {

    public BundleRef {
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }
}
