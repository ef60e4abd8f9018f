package org.flotilla.coordinator.artifact;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Housekeeping of the artifact store ({@code flotilla.artifacts.*}).
 *
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
        @NotNull @DefaultValue("1h") Duration orphanAge,
        @NotNull @DefaultValue("1h") Duration staleTempAge,
        @NotNull @DefaultValue("1h") Duration sweepInterval) {

    public ArtifactProperties {
        requirePositive("flotilla.artifacts.orphan-age", orphanAge);
        requirePositive("flotilla.artifacts.stale-temp-age", staleTempAge);
        requirePositive("flotilla.artifacts.sweep-interval", sweepInterval);
    }

    /** The defaults, for code that builds a store without Spring. */
    public static ArtifactProperties defaults() {
        return new ArtifactProperties(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }
}
