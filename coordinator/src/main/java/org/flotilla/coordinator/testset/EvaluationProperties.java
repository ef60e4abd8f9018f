package org.flotilla.coordinator.testset;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server-side evaluation sets ({@code flotilla.evaluation.*}).
 *
 * @param root the folder every job's {@code evaluation.path} must lie under, compared as real
 *             paths (so neither {@code ..} nor a symbolic link leads out of it); a relative
 *             {@code evaluation.path} is resolved against it. Unset: {@code <flotilla.data-dir>/evaluation},
 *             created at start-up
 */
@ConfigurationProperties("flotilla.evaluation")
public record EvaluationProperties(Path root) {
}
