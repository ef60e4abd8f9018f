package org.flotilla.coordinator.system;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the coordinator accepts from callers it does not trust ({@code flotilla.limits.*}); each
 * limit and what it protects is in {@code docs/coordinator.md}, "Security model".
 *
 * @param jsonBody     largest JSON body of any call but job creation (device calls: check-in,
 *                     enrolment, declines, evaluation results; and the other operator calls)
 * @param jobBody      largest body of {@code POST /api/v1/jobs}
 * @param maxUriLength longest request path with its query, in characters
 * @param authFailures failed authentications from one remote address within {@code authWindow}
 *                     before its requests with credentials get 429
 * @param authWindow   the window of {@code authFailures}; a blocked address is free again once its
 *                     failures are older than this
 */
@Validated
@ConfigurationProperties("flotilla.limits")
public record LimitProperties(
        @NotNull @DefaultValue("16KB") DataSize jsonBody,
        @NotNull @DefaultValue("1MB") DataSize jobBody,
        @Min(256) @Max(65_536) @DefaultValue("4096") int maxUriLength,
        @Min(1) @Max(1_000_000) @DefaultValue("20") int authFailures,
        @NotNull @DefaultValue("1m") Duration authWindow) {

    public LimitProperties {
        requirePositive("flotilla.limits.json-body", jsonBody);
        requirePositive("flotilla.limits.job-body", jobBody);
        if (authWindow == null || authWindow.isNegative() || authWindow.isZero()) {
            throw new IllegalArgumentException("flotilla.limits.auth-window must be a positive duration");
        }
    }

    /** The defaults, for tests and tools that build the coordinator's parts by hand. */
    public static LimitProperties defaults() {
        return new LimitProperties(DataSize.ofKilobytes(16), DataSize.ofMegabytes(1), 4096, 20, Duration.ofMinutes(1));
    }

    private static void requirePositive(String key, DataSize size) {
        if (size == null || size.toBytes() <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + size);
        }
    }
}
