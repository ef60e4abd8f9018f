package org.flotilla.edge.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.DeclineRequest;
import org.flotilla.model.wire.EnrolRequest;
import org.flotilla.model.wire.EnrolResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One method per client call of the protocol ({@code docs/protocol.md}), over
 * {@link HttpClient}. Each call is a single attempt: it returns the answer or throws a
 * {@link CoordinatorException} whose type says whether to retry; retrying is the caller's choice
 * ({@link Retrying}). Waits observe the {@link StopSignal}, so a shutdown cancels a long-poll.
 *
 * <p>Given several base URLs (the replicas of one deployment, which share one database), every call
 * goes to the current one; a call that gets no answer or a 5xx moves the client on to the next URL
 * in the list (after the last, the first again), so the caller's next attempt, after its backoff,
 * reaches another replica. The client stays with a replica that answers.
 */
public final class CoordinatorClient {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorClient.class);

    /** The header that carries an update's {@code UpdateMetrics} JSON. */
    public static final String METRICS_HEADER = ProtocolHeaders.METRICS;

    private static final String JSON = "application/json";
    private static final String BINARY = "application/octet-stream";

    private final List<String> bases;
    private final AtomicInteger current = new AtomicInteger();
    private final HttpClient http;
    private final StopSignal stop;
    private final String userAgent;
    private final Duration transferTimeout;

    /**
     * @param coordinator     base URL, e.g. {@code https://fl.example.org} (a path prefix is kept)
     * @param transferTimeout limit on one artifact download or upload
     */
    public CoordinatorClient(URI coordinator, HttpClient http, StopSignal stop, String clientVersion,
                             Duration transferTimeout) {
        this(List.of(coordinator), http, stop, clientVersion, transferTimeout);
    }

    /**
     * @param coordinators    the base URLs of one deployment's replicas, in the order they are tried
     * @param transferTimeout limit on one artifact download or upload
     */
    public CoordinatorClient(List<URI> coordinators, HttpClient http, StopSignal stop, String clientVersion,
                             Duration transferTimeout) {
        if (coordinators.isEmpty()) {
            throw new IllegalArgumentException("at least one coordinator URL is needed");
        }
        this.bases = coordinators.stream().map(URI::toString).map(s -> s.replaceAll("/+$", "")).toList();
        this.http = http;
        this.stop = stop;
        this.userAgent = "flotilla-edge-client/" + clientVersion;
        this.transferTimeout = transferTimeout;
    }

    /** An {@link HttpClient} with the connect timeout Flotilla uses. */
    public static HttpClient defaultHttpClient(Duration connectTimeout) {
        return httpClientBuilder(connectTimeout).build();
    }

    /**
     * The settings of {@link #defaultHttpClient}, to add to: e.g. an executor of virtual threads for
     * an HTTP client shared by many in-process clients.
     */
    public static HttpClient.Builder httpClientBuilder(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
    }

    /** The base URL calls go to now. */
    public String baseUrl() {
        return bases.get(current.get());
    }

    /** {@code POST /api/v1/clients/enrol} with the enrolment token; 201 → the new identity. */
    public EnrolResponse enrol(String enrolmentToken, EnrolRequest request) {
        HttpResponse<byte[]> r = send("enrolment", builder(ProtocolPaths.ENROL, Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + enrolmentToken)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(WireJson.write(request))));
        expect("enrolment", r, 201, 200);
        return WireJson.read(r.body(), EnrolResponse.class);
    }

    /**
     * {@code POST /api/v1/clients/{id}/check-in?wait=…} (long-poll). A {@code Retry-After} header
     * fills in {@code retryAfterSeconds} when the body lacks it.
     */
    public CheckInResponse checkIn(ClientCredentials who, CheckInRequest request, int waitSeconds) {
        String path = ProtocolPaths.checkIn(who.clientId()) + "?wait=" + waitSeconds;
        HttpResponse<byte[]> r = send("check-in", builder(path, Duration.ofSeconds(waitSeconds + 30L))
                .header("Authorization", who.basicAuthorization())
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(WireJson.write(request))));
        expect("check-in", r, 200);
        CheckInResponse answer = WireJson.read(r.body(), CheckInResponse.class);
        if (answer.assignment() == null && answer.retryAfterSeconds() == null) {
            Integer header = HttpFailures.retryAfter(r).map(d -> (int) Math.min(Integer.MAX_VALUE, d.toSeconds())).orElse(null);
            return new CheckInResponse(null, header);
        }
        return answer;
    }

    /**
     * {@code GET /api/v1/artifacts/{sha256}}: the artifact's bytes, verified against the hash.
     *
     * @throws RetriableException when the bytes do not match the hash (damaged in transit)
     */
    public byte[] artifact(ClientCredentials who, String sha256) {
        return artifact(who, sha256, Integer.MAX_VALUE - 8);
    }

    /**
     * As {@link #artifact(ClientCredentials, String)}, read only up to {@code maxBytes}.
     *
     * @throws ArtifactTooLargeException when the artifact is longer (declared or sent)
     */
    public byte[] artifact(ClientCredentials who, String sha256, long maxBytes) {
        if (!Sha256.isValid(sha256)) {
            throw new FatalException("artifact " + sha256 + ": not a SHA-256 name (64 lowercase hex digits)", 0);
        }
        String what = "download of artifact " + sha256.substring(0, 12);
        HttpResponse<byte[]> r = send(what, builder(ProtocolPaths.artifact(sha256), transferTimeout)
                .header("Authorization", who.basicAuthorization())
                .GET(), CappedBody.handler(maxBytes, "artifact " + sha256.substring(0, 12) + "…"));
        expect(what, r, 200);
        String actual = Sha256.of(r.body());
        if (!actual.equals(sha256)) {
            throw new RetriableException(what + ": received " + r.body().length + " bytes whose SHA-256 is "
                    + actual.substring(0, 12) + "…, not the requested hash", 200, null, null);
        }
        return r.body();
    }

    /** {@code PUT uploadPath} with the encoded update and the metrics header. */
    public UploadAck upload(ClientCredentials who, String uploadPath, byte[] update, String metricsJson) {
        String what = "upload to " + uploadPath;
        HttpResponse<byte[]> r = send(what, builder(uploadPath, transferTimeout)
                .header("Authorization", who.basicAuthorization())
                .header("Content-Type", BINARY)
                .header(METRICS_HEADER, metricsJson)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(update)));
        expect(what, r, 201, 200);
        return r.statusCode() == 201 ? UploadAck.CREATED : UploadAck.ALREADY_ACCEPTED;
    }

    /**
     * A secure-aggregation message to its phase's path: JSON by {@code POST}, or the binary masked
     * input by {@code PUT}, with no metrics header (nothing but the protocol message leaves the
     * device). 201 when accepted, 200 when these exact bytes had been accepted already.
     */
    public UploadAck sendSecure(ClientCredentials who, String path, byte[] message, boolean binary) {
        String what = "secure-aggregation message to " + path;
        HttpRequest.Builder b = builder(path, transferTimeout).header("Authorization", who.basicAuthorization());
        b = binary ? b.header("Content-Type", BINARY).PUT(HttpRequest.BodyPublishers.ofByteArray(message))
                : b.header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofByteArray(message));
        HttpResponse<byte[]> r = send(what, b);
        expect(what, r, 201, 200);
        return r.statusCode() == 201 ? UploadAck.CREATED : UploadAck.ALREADY_ACCEPTED;
    }

    /**
     * {@code POST resultPath} ({@code /api/v1/jobs/{job}/rounds/{round}/evaluations/{clientId}})
     * with an {@code EvalResult} as JSON: 201 when accepted, 200 when these exact bytes had been
     * accepted already. A retry must send the same bytes (the coordinator compares them exactly).
     */
    public UploadAck reportEvaluation(ClientCredentials who, String resultPath, byte[] resultJson) {
        String what = "evaluation result to " + resultPath;
        HttpResponse<byte[]> r = send(what, builder(resultPath, Duration.ofSeconds(30))
                .header("Authorization", who.basicAuthorization())
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(resultJson)));
        expect(what, r, 201, 200);
        return r.statusCode() == 201 ? UploadAck.CREATED : UploadAck.ALREADY_ACCEPTED;
    }

    /**
     * {@code POST /api/v1/jobs/{job}/rounds/{round}/declines/{clientId}} → 204. Sent even while
     * stopping (a shutdown declines its round), bounded by {@code timeout}.
     */
    public void decline(ClientCredentials who, long jobId, int round, DeclineRequest request, Duration timeout) {
        String path = ProtocolPaths.decline(jobId, round, who.clientId());
        String what = "decline of job " + jobId + " round " + round;
        HttpResponse<byte[]> r = send(what, builder(path, timeout)
                .header("Authorization", who.basicAuthorization())
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(WireJson.write(request))), new StopSignal());
        expect(what, r, 204, 200);
    }

    private HttpRequest.Builder builder(String pathAndQuery, Duration timeout) {
        String p = pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
        return HttpRequest.newBuilder(URI.create(baseUrl() + p)).timeout(timeout).header("User-Agent", userAgent);
    }

    private HttpResponse<byte[]> send(String what, HttpRequest.Builder request) {
        return send(what, request, stop);
    }

    private HttpResponse<byte[]> send(String what, HttpRequest.Builder request, StopSignal until) {
        return send(what, request, HttpResponse.BodyHandlers.ofByteArray(), until);
    }

    private HttpResponse<byte[]> send(String what, HttpRequest.Builder request, HttpResponse.BodyHandler<byte[]> body) {
        return send(what, request, body, stop);
    }

    private HttpResponse<byte[]> send(String what, HttpRequest.Builder request, HttpResponse.BodyHandler<byte[]> body,
                                      StopSignal until) {
        HttpRequest built = request.build();
        CompletableFuture<HttpResponse<byte[]>> call = http
                .sendAsync(built, body)
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        for (Throwable c = cause; c != null; c = c.getCause()) {
                            if (c instanceof ArtifactTooLargeException tooLarge) {
                                throw tooLarge;
                            }
                        }
                        CoordinatorException failure = HttpFailures.fromTransport(what, baseOf(built.uri()), cause);
                        // a call cut off by a stop says nothing about the replica; a refused
                        // certificate is not retried on any replica (the client ends)
                        if (failure instanceof RetriableException && !until.isRequested()) {
                            failOver(built.uri(), failure);
                        }
                        throw failure;
                    }
                    return response;
                });
        return until.await(call);
    }

    private void expect(String what, HttpResponse<byte[]> r, int... accepted) {
        for (int status : accepted) {
            if (r.statusCode() == status) {
                return;
            }
        }
        CoordinatorException failure = HttpFailures.fromStatus(what, r);
        if (r.statusCode() >= 500) {
            failOver(r.request().uri(), failure);
        }
        throw failure;
    }

    /** The configured base URL that {@code uri} was sent to. */
    private String baseOf(URI uri) {
        int i = indexOf(uri);
        return i < 0 ? uri.getScheme() + "://" + uri.getAuthority() : bases.get(i);
    }

    private int indexOf(URI uri) {
        String s = uri.toString();
        for (int i = 0; i < bases.size(); i++) {
            if (s.startsWith(bases.get(i) + "/")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * After a call to {@code uri} got no answer or a 5xx: the next call goes to the next replica,
     * unless a concurrent call has moved on already.
     */
    private void failOver(URI uri, CoordinatorException why) {
        int used = indexOf(uri);
        if (bases.size() < 2 || used < 0) {
            return;
        }
        int next = (used + 1) % bases.size();
        if (current.compareAndSet(used, next)) {
            LOG.info("coordinator {} failed ({}); the next call goes to the replica {}", bases.get(used),
                    why.status() == 0 ? "no answer" : "HTTP " + why.status(), bases.get(next));
        }
    }
}
