package org.flotilla.coordinator.job;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a differentially private job's noise is added, and so whom the guarantee holds against.
 * Written in lower case in requests and records ({@code "central"}, {@code "local"}).
 */
public enum PrivacyMode {
    /**
     * DP-FedAvg (McMahan et al. 2018): devices clip, the coordinator adds N(0, (zC)²) to the sum of
     * a Poisson sample's updates. Protects every client against whoever sees the models; trusts
     * the coordinator.
     */
    CENTRAL,
    /**
     * Each device clips and adds N(0, (zC)²) to its own update before upload. Protects a device
     * against everyone who sees its upload, the coordinator included; far more noise on the mean.
     */
    LOCAL;

    /** The name in JSON. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code name} (case-insensitive). */
    @JsonCreator
    public static PrivacyMode of(String name) {
        return Arrays.stream(values()).filter(m -> m.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("mode must be central or local, was " + name));
    }
}
