package org.flotilla.operator.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.OperatorException;
import org.flotilla.operator.config.Connection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The operator's calls to one coordinator. Every call sends the admin token; every failure is an
 * {@link OperatorException} whose message is one line (see {@link Failures}).
 */
public final class CoordinatorApi {

    /** Largest JSON answer read (a round detail of a very large cohort stays well below). */
    static final long MAX_JSON_BYTES = 64L * 1024 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final Connection connection;
    private final HttpClient http;

    public CoordinatorApi(Connection connection) {
        this.connection = connection;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Where this talks to. */
    public Connection connection() {
        return connection;
    }

    /** {@code GET path} answered with JSON. */
    public ApiResponse get(String path) {
        return send(request(path, CALL_TIMEOUT).GET().build(), "GET " + path);
    }

    /** {@code POST path} with a JSON body (null for none), answered with JSON. */
    public ApiResponse post(String path, JsonNode body) {
        HttpRequest.Builder b = request(path, CALL_TIMEOUT);
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        }
        return send(b.build(), "POST " + path);
    }

    /**
     * Downloads {@code path} to {@code target} atomically: the bytes go to a temporary file beside
     * it, are synced, checked against {@code Content-Length}, and only then renamed over the target.
     * A failed download leaves no file behind.
     *
     * @return the number of bytes written
     */
    public long download(String path, Path target) {
        HttpRequest request = request(path, DOWNLOAD_TIMEOUT).GET().build();
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new OperatorException(ExitCode.FAILED, "cannot write " + target + ": folder " + dir + " does not exist");
        }
        HttpResponse<InputStream> r = exchange(request, HttpResponse.BodyHandlers.ofInputStream(), "GET " + path);
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw Failures.of(connection, "GET " + path, r.statusCode(), contentType(r), readBounded(in, MAX_JSON_BYTES));
            }
            long expected = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            try {
                long n;
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                     OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                    n = in.transferTo(out);
                    out.flush();
                    ch.force(true);
                }
                if (expected >= 0 && n != expected) {
                    throw new OperatorException(ExitCode.FAILED, "the download of " + path + " stopped after " + n + " of "
                            + expected + " bytes; " + target + " was not written");
                }
                move(tmp, target);
                return n;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new OperatorException(ExitCode.FAILED, "downloading " + path + " to " + target + " failed: "
                    + Failures.describe(e) + "; nothing was written");
        }
    }

    /**
     * Opens {@code GET path} as a {@code text/event-stream} (docs/events.md), sending
     * {@code lastEventId} as {@code Last-Event-ID} when not null. The caller reads and closes the
     * stream; it has no overall timeout (the server's heartbeats keep it alive).
     *
     * @throws OperatorException for an error answer (as {@link #get}) or an unreachable coordinator
     */
    public InputStream events(String path, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(connection.base() + path))
                .header("Authorization", "Bearer " + connection.token())
                .header("Accept", "text/event-stream, application/problem+json");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = exchange(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream(), "GET " + path);
        if (r.statusCode() == 200 && contentType(r).startsWith("text/event-stream")) {
            return r.body();
        }
        try (InputStream in = r.body()) {
            throw Failures.of(connection, "GET " + path, r.statusCode(), contentType(r), readBounded(in, MAX_JSON_BYTES));
        } catch (IOException e) {
            throw new OperatorException(ExitCode.UNREACHABLE, "GET " + path + ": the connection to " + connection.base()
                    + " broke while reading the answer (" + Failures.describe(e) + ")");
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(connection.base() + path)).timeout(timeout)
                .header("Authorization", "Bearer " + connection.token())
                .header("Accept", "application/json, application/problem+json");
    }

    private ApiResponse send(HttpRequest request, String what) {
        HttpResponse<InputStream> r = exchange(request, HttpResponse.BodyHandlers.ofInputStream(), what);
        String body;
        try (InputStream in = r.body()) {
            body = readBounded(in, MAX_JSON_BYTES);
        } catch (IOException e) {
            throw new OperatorException(ExitCode.UNREACHABLE, what + ": the connection to " + connection.base()
                    + " broke while reading the answer (" + Failures.describe(e) + ")");
        }
        if (r.statusCode() / 100 != 2) {
            throw Failures.of(connection, what, r.statusCode(), contentType(r), body);
        }
        try {
            return new ApiResponse(r.statusCode(), body, body.isEmpty() ? null : Json.MAPPER.readTree(body));
        } catch (JacksonException e) {
            throw new OperatorException(ExitCode.FAILED, what + ": " + connection.base()
                    + " answered something that is not JSON; is --url pointing at a Flotilla coordinator?");
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("the connection timed out after " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new OperatorException(ExitCode.UNREACHABLE, what + ": " + connection.base() + " did not answer in time");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (IOException e) {
            if (rootCause(e) instanceof UnknownHostException) {
                throw unreachable("unknown host " + connection.url().getHost());
            }
            if (rootCause(e) instanceof ConnectException) {
                throw unreachable("connection refused");
            }
            throw unreachable(Failures.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperatorException(ExitCode.FAILED, what + ": interrupted");
        }
    }

    private OperatorException unreachable(String why) {
        return new OperatorException(ExitCode.UNREACHABLE, "cannot reach the coordinator at " + connection.base()
                + " (" + why + "); is it running? The URL came from " + connection.urlSource()
                + "; set it with --url or FLOTILLA_URL");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    private static String readBounded(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new IOException("the answer is larger than " + max + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
