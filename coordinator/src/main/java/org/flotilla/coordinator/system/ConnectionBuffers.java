package org.flotilla.coordinator.system;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The buffers Tomcat keeps for every request in progress ({@code flotilla.connections.*}). A held
 * check-in is a request in progress for up to {@code flotilla.check-in.max-wait}, so with 10,000
 * clients long-polling these buffers are 10,000 times in the heap: Tomcat's defaults (8 KB socket
 * read and write buffers, an 8 KB response buffer with its 8,192-character writer buffer) are
 * about 40 KB of every held check-in. Smaller buffers cost few extra system calls: Tomcat reads
 * request bodies into its request-header buffer (server.max-http-request-header-size plus the
 * socket read buffer) and bypasses the socket read buffer when that is larger; writes bigger than
 * the response buffer go to the socket directly, in pieces of the socket write buffer.
 *
 * @param socketRead     Tomcat's {@code socket.appReadBufSize}
 * @param socketWrite    Tomcat's {@code socket.appWriteBufSize}, also the size of each write of a
 *                       large response (a download of weights) to the socket
 * @param responseBuffer the servlet response's buffer (bytes, and as many characters); a response
 *                       that does not fit is sent in chunks unless its length was set
 */
@Validated
@ConfigurationProperties("flotilla.connections")
public record ConnectionBuffers(
        @NotNull @DefaultValue("2KB") DataSize socketRead,
        @NotNull @DefaultValue("4KB") DataSize socketWrite,
        @NotNull @DefaultValue("4KB") DataSize responseBuffer) {

    /** Smallest and largest size accepted for each buffer. */
    static final int MIN = 512;
    static final int MAX = 1 << 20;

    public ConnectionBuffers {
        check("flotilla.connections.socket-read", socketRead);
        check("flotilla.connections.socket-write", socketWrite);
        check("flotilla.connections.response-buffer", responseBuffer);
    }

    private static void check(String key, DataSize size) {
        if (size == null || size.toBytes() < MIN || size.toBytes() > MAX) {
            throw new IllegalArgumentException(key + " must be between " + MIN + " bytes and 1MB, was " + size);
        }
    }
}
