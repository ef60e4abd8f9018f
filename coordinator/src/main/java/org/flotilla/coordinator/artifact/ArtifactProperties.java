package org.flotilla.coordinator.artifact;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The artifact store ({@code flotilla.artifacts.*}): where the bytes live, and its housekeeping.
 *
 * @param store         {@code filesystem} (files under the data directory, the default) or
 *                      {@code database} (rows of the database, for replicas without a shared
 *                      folder); see docs/coordinator.md, "Artifact store"
 * @param orphanAge     an artifact file without a database row is deleted once it is at least this
 *                      old (a crash between the file's rename and its row's commit leaves one);
 *                      the age keeps the sweep away from files a coordinator of an older version
 *                      may still be recording
 * @param staleTempAge  a temporary file under {@code artifacts/tmp} untouched for this long (an
 *                      upload or write that a crash interrupted) is deleted
 * @param sweepInterval how often both are looked for (also once shortly after start-up)
 */
@Validated
@ConfigurationProperties("flotilla.artifacts")
public record ArtifactProperties(
        @NotNull @DefaultValue("filesystem") Store store,
        @NotNull @DefaultValue("1h") Duration orphanAge,
        @NotNull @DefaultValue("1h") Duration staleTempAge,
        @NotNull @DefaultValue("1h") Duration sweepInterval) {

    /** Where artifact bytes live. */
    public enum Store {
        /** Files under {@code <data-dir>/artifacts} ({@link FileArtifactStore}). */
        FILESYSTEM,
        /** Rows of the coordinator's database ({@link DatabaseArtifactStore}). */
        DATABASE
    }

    public ArtifactProperties {
        if (store == null) {
            throw new IllegalArgumentException("flotilla.artifacts.store must be filesystem or database");
        }
        requirePositive("flotilla.artifacts.orphan-age", orphanAge);
        requirePositive("flotilla.artifacts.stale-temp-age", staleTempAge);
        requirePositive("flotilla.artifacts.sweep-interval", sweepInterval);
    }

    /** The defaults, for code that builds a store without Spring. */
    public static ArtifactProperties defaults() {
        return new ArtifactProperties(Store.FILESYSTEM, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }
}
