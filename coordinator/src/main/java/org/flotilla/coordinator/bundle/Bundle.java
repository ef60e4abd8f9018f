package org.flotilla.coordinator.bundle;

import java.time.Instant;

/**
 * An uploaded bundle as the API shows it: what its manifest says and the signature relayed with it.
 *
 * @param sha256          the jar artifact
 * @param size            its length in bytes
 * @param name            the manifest's name
 * @param version         the manifest's version
 * @param entryClass      the manifest's entry class
 * @param spiVersion      the SPI version the bundle implements
 * @param signatureSha256 the signature document artifact, or null before one is attached
 * @param publisherKeyId  the key id the signature names (16 hex digits), or null
 * @param uploadedAt      when the jar was uploaded
 */
public record Bundle(String sha256, long size, String name, String version, String entryClass, int spiVersion,
                     String signatureSha256, String publisherKeyId, Instant uploadedAt) {
}
