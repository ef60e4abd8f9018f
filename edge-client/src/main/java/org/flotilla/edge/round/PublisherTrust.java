package org.flotilla.edge.round;

import java.nio.file.Path;

import org.flotilla.model.signing.SigningException;
import org.flotilla.model.signing.TrustedKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's publisher keys ({@code trusted-publishers}), loaded at the first signature they are
 * needed for — a bundle's or a plan's — so that a device that never checks one pays nothing.
 */
final class PublisherTrust {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherTrust.class);

    private final Path file;
    private TrustedKeys keys;
    private String problem;

    /** @param file the PEM file or folder of trusted publisher keys, or null for none */
    PublisherTrust(Path file) {
        this.file = file;
    }

    /** The trusted keys, or null when there are none; {@link #problem()} then says why. */
    synchronized TrustedKeys keys() {
        if (keys == null && problem == null) {
            if (file == null) {
                problem = "this device trusts no publisher (set trusted-publishers)";
            } else {
                try {
                    keys = TrustedKeys.load(file);
                    LOG.info("trusted publishers: {}", keys.ids());
                } catch (SigningException e) {
                    problem = "trusted-publishers " + file + " cannot be used: " + e.getMessage();
                }
            }
        }
        return keys;
    }

    /** Why {@link #keys()} is null. */
    synchronized String problem() {
        keys();
        return problem;
    }
}
