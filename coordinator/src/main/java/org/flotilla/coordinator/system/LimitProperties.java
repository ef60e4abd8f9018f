package org.flotilla.coordinator.system;

import java.time.Duration;

import org.flotilla.model.protocol.ProtocolLimits;

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
 * @param examplesPerClient  the most training examples one update may claim (besides what its
 *                           client declared at check-in)
 * @param minFreeSpace       uploads are refused (503) while accepting one would leave less than
 *                           this free under the data directory
 * @param busyRetryAfter     what a 429 or 503 answer to an upload tells the caller to wait
 * @param rejectionsPerRound refused answers stored per round and kind (the round detail's list);
 *                           later ones are counted in the metrics only
 * @param aggregationMemory  the heap a round's aggregation may plan for; a job whose strategy holds
 *                           every update (clients × parameters × 4 bytes) above it is refused at
 *                           creation; null for half the maximum heap
 */
@Validated
@ConfigurationProperties("flotilla.limits")
public record LimitProperties(
        @NotNull @DefaultValue("16KB") DataSize jsonBody,
        @NotNull @DefaultValue("1MB") DataSize jobBody,
        @Min(256) @Max(65_536) @DefaultValue("4096") int maxUriLength,
        @Min(1) @Max(1_000_000) @DefaultValue("20") int authFailures,
        @NotNull @DefaultValue("1m") Duration authWindow,
        @Min(1) @DefaultValue("100000000") long examplesPerClient,
        @NotNull @DefaultValue("512MB") DataSize minFreeSpace,
        @NotNull @DefaultValue("5s") Duration busyRetryAfter,
        @Min(1) @Max(1_000_000) @DefaultValue("200") int rejectionsPerRound,
        DataSize aggregationMemory) {

    public LimitProperties {
        requirePositive("flotilla.limits.json-body", jsonBody);
        requirePositive("flotilla.limits.job-body", jobBody);
        if (authWindow == null || authWindow.isNegative() || authWindow.isZero()) {
            throw new IllegalArgumentException("flotilla.limits.auth-window must be a positive duration");
        }
        if (examplesPerClient > ProtocolLimits.MAX_EXAMPLES) {
            throw new IllegalArgumentException("flotilla.limits.examples-per-client must be at most "
                    + ProtocolLimits.MAX_EXAMPLES + " (the protocol's bound), was " + examplesPerClient);
        }
        if (minFreeSpace == null || minFreeSpace.isNegative()) {
            throw new IllegalArgumentException("flotilla.limits.min-free-space must be zero or positive");
        }
        if (aggregationMemory != null && aggregationMemory.toBytes() <= 0) {
            throw new IllegalArgumentException("flotilla.limits.aggregation-memory must be positive when set");
        }
        if (busyRetryAfter == null || busyRetryAfter.isNegative() || busyRetryAfter.isZero()) {
            throw new IllegalArgumentException("flotilla.limits.busy-retry-after must be a positive duration");
        }
    }

    /** The heap aggregation may plan for: the configured value, or half the JVM's maximum heap. */
    public long effectiveAggregationMemory() {
        return aggregationMemory != null ? aggregationMemory.toBytes() : Runtime.getRuntime().maxMemory() / 2;
    }

    /** {@link #busyRetryAfter} in whole seconds, at least 1 (the {@code Retry-After} value). */
    public long busyRetryAfterSeconds() {
        return Math.max(1, busyRetryAfter.toSeconds());
    }

    /** The defaults, for tests and tools that build the coordinator's parts by hand. */
    public static LimitProperties defaults() {
        return new LimitProperties(DataSize.ofKilobytes(16), DataSize.ofMegabytes(1), 4096, 20, Duration.ofMinutes(1),
                100_000_000L, DataSize.ofMegabytes(512), Duration.ofSeconds(5), 200, null);
    }

    private static void requirePositive(String key, DataSize size) {
        if (size == null || size.toBytes() <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + size);
        }
    }
}
