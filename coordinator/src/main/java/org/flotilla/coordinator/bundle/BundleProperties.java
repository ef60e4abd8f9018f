package org.flotilla.coordinator.bundle;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Code bundles ({@code flotilla.bundles.*}).
 *
 * @param maxBytes      the largest bundle jar accepted (413 above it)
 * @param publisherKeys a PEM file of publisher public keys, or a folder of {@code *.pem} /
 *                      {@code *.pub} files: a job may name a bundle only when its signature
 *                      verifies under one of them. Unset: no bundle job is accepted. This is an
 *                      early, friendly check; the one that protects devices is their own.
 */
@ConfigurationProperties("flotilla.bundles")
public record BundleProperties(@DefaultValue("256MB") DataSize maxBytes, Path publisherKeys) {

    public BundleProperties {
        if (maxBytes == null || maxBytes.toBytes() < 1) {
            throw new IllegalArgumentException("flotilla.bundles.max-bytes must be positive, was " + maxBytes);
        }
    }
}
