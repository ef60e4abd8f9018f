package org.flotilla.model.wire;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One phase of a secure-aggregation round (SecAgg+: Bell, Bonawitz, Gascón, Lepoint, Raykova,
 * "Secure Single-Server Aggregation with (Poly)Logarithmic Overhead", CCS 2020, over Bonawitz et
 * al., "Practical Secure Aggregation for Privacy-Preserving Machine Learning", CCS 2017). Each
 * carries the coordinator's protocol message of its phase as the JSON text the
 * {@code secure-aggregation} library reads ({@link #message()}), so that this module needs no
 * protocol types; the answer is the library's message of the same phase, sent to
 * {@link #uploadPath()}. {@code planSha256} and {@code weightsSha256} name the round's plan and
 * global weights in every phase, so a client may fetch them early; it trains only in
 * {@link Masked}.
 */
public sealed interface SecureAssignment extends Assignment
        permits SecureAssignment.Keys, SecureAssignment.Shares, SecureAssignment.Masked, SecureAssignment.Unmask {

    /** The library's message of this phase, as JSON text. */
    String message();

    /** Secure rounds train with the device's built-in loop: no code bundle (the coordinator refuses the combination). */
    @Override
    @JsonIgnore
    default BundleRef bundle() {
        return null;
    }

    /**
     * Phase 0: {@code message} is the {@code RoundSetup}; answer with a {@code KeyAdvertisement}
     * ({@code POST}, JSON).
     */
    @JsonIgnoreProperties(value = {"settings"}, allowGetters = true)
    record Keys(long jobId, int round, String planSha256, String weightsSha256, Instant deadline, String uploadPath,
                String message) implements SecureAssignment {

        @Override
        public TaskKind task() {
            return TaskKind.SECAGG_KEYS;
        }

        @Override
        @JsonProperty("settings")
        public Map<String, Double> settings() {
            return Map.of();
        }
    }

    /**
     * Phase 1: {@code message} is the {@code ShareKeysRequest} for this client; answer with its
     * {@code SealedShares} ({@code POST}, JSON).
     */
    @JsonIgnoreProperties(value = {"settings"}, allowGetters = true)
    record Shares(long jobId, int round, String planSha256, String weightsSha256, Instant deadline, String uploadPath,
                  String message) implements SecureAssignment {

        @Override
        public TaskKind task() {
            return TaskKind.SECAGG_SHARES;
        }

        @Override
        @JsonProperty("settings")
        public Map<String, Double> settings() {
            return Map.of();
        }
    }

    /**
     * Phase 2: train as for a {@link Assignment.Train} (with its per-client {@code settings}), then
     * mask the update with the shares in {@code message} (the {@code SealedShares} forwarded to this
     * client) and upload the {@code MaskedInput} in the library's binary format ({@code PUT},
     * {@code application/octet-stream}, no metrics header: nothing but the masked vector leaves the
     * device).
     */
    record Masked(long jobId, int round, String planSha256, String weightsSha256, Instant deadline, String uploadPath,
                  Map<String, Double> settings, String message) implements SecureAssignment {

        public Masked {
            settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
        }

        @Override
        public TaskKind task() {
            return TaskKind.SECAGG_MASKED;
        }
    }

    /**
     * Phase 3: {@code message} is the {@code UnmaskRequest} for this client; answer with its
     * {@code UnmaskResponse} ({@code POST}, JSON).
     */
    @JsonIgnoreProperties(value = {"settings"}, allowGetters = true)
    record Unmask(long jobId, int round, String planSha256, String weightsSha256, Instant deadline, String uploadPath,
                  String message) implements SecureAssignment {

        @Override
        public TaskKind task() {
            return TaskKind.SECAGG_UNMASK;
        }

        @Override
        @JsonProperty("settings")
        public Map<String, Double> settings() {
            return Map.of();
        }
    }
}
