package org.flotilla.coordinator.system;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the embedded Jetty keeps per connection ({@code flotilla.connections.*}). Every client
 * holds a long-poll open, so with 10,000 clients every per-connection structure is in the heap
 * 10,000 times. Jetty returns its byte buffers to a shared pool while a request waits
 * asynchronously; what stays is the connection's parser, the request's objects and, unless
 * disabled, the parser's header cache: a trie of the connection's repeated header fields, about
 * 75 KB per connection at Jetty's default of 1,024 entries.
 *
 * @param headerCacheSize the per-connection header-field cache of Jetty's HTTP/1.1 parser
 *                        ({@code HttpConfiguration.headerCacheSize}); 0 disables it (the default
 *                        here: a client sends a handful of short headers per request)
 * @param acceptQueueSize the listening socket's backlog of connections not yet accepted (Jetty's
 *                        default leaves the JDK's 50), for bursts of devices connecting at once
 * @param idleTimeout     how long a connection may be silent before Jetty closes it (applied
 *                        over {@code server.jetty.connection-idle-timeout}). Jetty
 *                        counts a held check-in's wait as silence, so this must exceed the
 *                        longest hold ({@code flotilla.check-in.max-wait}) plus the time the
 *                        servlet container allows past it; checked at start-up
 */
@Validated
@ConfigurationProperties("flotilla.connections")
public record ConnectionSettings(
        @DefaultValue("0") int headerCacheSize,
        @DefaultValue("1000") int acceptQueueSize,
        @NotNull @DefaultValue("90s") Duration idleTimeout) {

    /** Past a hold, the servlet container's own timeout answers empty (a hold normally ends itself). */
    public static final Duration CONTAINER_GRACE = Duration.ofSeconds(30);

    public ConnectionSettings {
        if (headerCacheSize < 0 || headerCacheSize > 4096) {
            throw new IllegalArgumentException("flotilla.connections.header-cache-size must be between 0 and 4096, was " + headerCacheSize);
        }
        if (acceptQueueSize < 0 || acceptQueueSize > 65535) {
            throw new IllegalArgumentException("flotilla.connections.accept-queue-size must be between 0 and 65535, was " + acceptQueueSize);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("flotilla.connections.idle-timeout must be positive, was " + idleTimeout);
        }
    }

    /**
     * Fails unless a connection outlives the longest hold of a check-in and the container's grace
     * after it: otherwise Jetty would close a waiting client's connection before its answer.
     */
    void requireLongerThanHolds(Duration maxWait) {
        Duration longest = maxWait.plus(CONTAINER_GRACE);
        if (idleTimeout.compareTo(longest) <= 0) {
            throw new IllegalArgumentException("flotilla.connections.idle-timeout (" + idleTimeout
                    + ") must be longer than flotilla.check-in.max-wait plus " + CONTAINER_GRACE.toSeconds()
                    + " s (" + longest + "): Jetty would close held check-ins before they are answered");
        }
    }
}
