package org.flotilla.coordinator.system;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The coordinator's configuration ({@code flotilla.*}), validated at start-up. Every key and its
 * default is listed in {@code docs/coordinator.md}.
 *
 * @param dataDir        where the embedded database, the artifacts and the generated tokens live
 *                       ({@code FLOTILLA_DATA_DIR})
 * @param adminToken     the operator's bearer token ({@code FLOTILLA_ADMIN_TOKEN}); generated into
 *                       {@code <dataDir>/admin-token} when blank
 * @param enrolmentToken the devices' enrolment bearer token ({@code FLOTILLA_ENROLMENT_TOKEN});
 *                       generated into {@code <dataDir>/enrolment-token} when blank
 * @param rounds         defaults for jobs that do not set their own round policy
 * @param checkIn        long-poll behaviour of check-ins
 * @param upload         limits on uploaded updates
 * @param tensorPoolSize platform threads for tensor work; 0 means {@code max(1, cores − 1)}
 * @param sweepInterval  how often overdue cohort deadlines and free closing leases are looked
 *                       for in the database (a safety net for cohorts of another replica)
 * @param closingLease   how long a replica holds a cohort's closing lease (aggregation) before
 *                       another may take it over; renewed every third of it while the step runs
 * @param replicaId      this coordinator replica's name in closing leases (default: the host
 *                       name); replicas sharing a database must have distinct ones, so that a
 *                       restarted replica may take over the leases its crashed predecessor held
 */
@Validated
@ConfigurationProperties("flotilla")
public record FlotillaProperties(
        @NotNull @DefaultValue("./flotilla-data") Path dataDir,
        String adminToken,
        String enrolmentToken,
        @Valid @NotNull @DefaultValue RoundDefaults rounds,
        @Valid @NotNull @DefaultValue CheckIn checkIn,
        @Valid @NotNull @DefaultValue Upload upload,
        @Min(0) @Max(1024) @DefaultValue("0") int tensorPoolSize,
        @NotNull @DefaultValue("5s") Duration sweepInterval,
        @NotNull @DefaultValue("60s") Duration closingLease,
        String replicaId) {

    @ConstructorBinding
    public FlotillaProperties {
        requirePositive("flotilla.sweep-interval", sweepInterval);
        requirePositive("flotilla.closing-lease", closingLease);
    }

    /** With the default closing lease of 60 s. */
    public FlotillaProperties(Path dataDir, String adminToken, String enrolmentToken, RoundDefaults rounds,
                              CheckIn checkIn, Upload upload, int tensorPoolSize, Duration sweepInterval) {
        this(dataDir, adminToken, enrolmentToken, rounds, checkIn, upload, tensorPoolSize, sweepInterval,
                Duration.ofSeconds(60), null);
    }

    /** The number of tensor threads after resolving the automatic default. */
    public int effectiveTensorPoolSize() {
        return tensorPoolSize > 0 ? tensorPoolSize : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * The round policy a job gets when its request leaves a field out. The defaults follow the
     * published systems: 10 clients per round (McMahan et al. 2017, C = 0.1 of K = 100), 2 at
     * least (Flower's {@code min_fit_clients}), 130 % over-selection (Bonawitz et al., "Towards
     * Federated Learning at Scale", SysML 2019).
     *
     * @param clientsPerRound  updates wanted per round
     * @param minClients       quorum: updates needed to aggregate at the deadline
     * @param overSelection    assign {@code ceil(clientsPerRound × overSelection)} clients
     * @param roundTimeout     from the opening of a round to its deadline
     * @param selectionTimeout how long selection waits for the full over-selected cohort
     * @param maxRetries       new attempts of a round that missed its quorum
     */
    public record RoundDefaults(
            @Min(1) @Max(100_000) @DefaultValue("10") int clientsPerRound,
            @Min(1) @Max(100_000) @DefaultValue("2") int minClients,
            @DecimalMin("1.0") @DecimalMax("10.0") @DefaultValue("1.3") double overSelection,
            @NotNull @DefaultValue("10m") Duration roundTimeout,
            @NotNull @DefaultValue("2m") Duration selectionTimeout,
            @Min(0) @Max(100) @DefaultValue("2") int maxRetries) {

        public RoundDefaults {
            requirePositive("flotilla.rounds.round-timeout", roundTimeout);
            requirePositive("flotilla.rounds.selection-timeout", selectionTimeout);
            if (minClients > clientsPerRound) {
                throw new IllegalArgumentException("flotilla.rounds.min-clients (" + minClients
                        + ") must be at most flotilla.rounds.clients-per-round (" + clientsPerRound + ")");
            }
        }
    }

    /**
     * Long-poll check-ins.
     *
     * @param maxWait         the longest a check-in is held (a client's {@code wait} is capped to it)
     * @param retryAfter      what an empty answer tells the client to wait before the next check-in
     * @param recheckInterval how often a held check-in re-reads the database (so that rounds opened
     *                        by another replica are seen)
     */
    public record CheckIn(
            @NotNull @DefaultValue("30s") Duration maxWait,
            @NotNull @DefaultValue("5s") Duration retryAfter,
            @NotNull @DefaultValue("5s") Duration recheckInterval) {

        public CheckIn {
            requirePositive("flotilla.check-in.retry-after", retryAfter);
            requirePositive("flotilla.check-in.recheck-interval", recheckInterval);
            if (maxWait == null || maxWait.isNegative()) {
                throw new IllegalArgumentException("flotilla.check-in.max-wait must be zero or positive");
            }
        }
    }

    /**
     * Uploads.
     *
     * @param maxBytes the largest update body accepted (413 above it)
     */
    public record Upload(@NotNull @DefaultValue("256MB") DataSize maxBytes) {

        public Upload {
            if (maxBytes == null || maxBytes.toBytes() <= 0) {
                throw new IllegalArgumentException("flotilla.upload.max-bytes must be positive");
            }
        }
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }
}
