package org.flotilla.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.DeclineRequest;
import org.flotilla.model.wire.EnrolRequest;
import org.flotilla.model.wire.EnrolResponse;
import org.flotilla.model.wire.EvalResult;
import org.flotilla.model.wire.UpdateMetrics;

/**
 * A protocol client for the crash suite, speaking docs/protocol.md with the shared-model wire
 * types. Its updates are synthetic: a seeded random delta per (client, job, round), the same bytes
 * every time it is asked, so a repeated upload is recognised. The suite tests durability, not
 * learning; the coordinator checks an update's format and aggregates it like any other.
 */
public final class Device {

    private final Wire wire;
    private final String id;
    private final String secret;
    private final long examples;

    private Device(Wire wire, String id, String secret, long examples) {
        this.wire = wire;
        this.id = id;
        this.secret = secret;
        this.examples = examples;
    }

    /** Cores and platform every client of the suite enrols with. */
    static final int CORES = 2;
    static final String PLATFORM = "linux-x86_64";

    /** {@code POST /api/v1/clients/enrol}; throws unless 201. */
    public static Device enrol(Wire wire, String enrolmentToken, String name, long examples)
            throws IOException, InterruptedException {
        HttpResponse<String> r = enrolRaw(wire, enrolmentToken, name, examples);
        expect(r, 201, "enrolment of " + name);
        return enrolled(wire, r, examples);
    }

    /** {@code POST /api/v1/clients/enrol}; the raw answer (201, 401 for a used-up token …). */
    static HttpResponse<String> enrolRaw(Wire wire, String enrolmentToken, String name, long examples)
            throws IOException, InterruptedException {
        return wire.send(wire.request("/api/v1/clients/enrol", Wire.bearer(enrolmentToken))
                .header("Content-Type", "application/json")
                .POST(json(new EnrolRequest(name, CORES, PLATFORM, examples))).build());
    }

    /** The client a 201 to an enrolment issued. */
    static Device enrolled(Wire wire, HttpResponse<String> created, long examples) {
        EnrolResponse e = WireJson.read(created.body(), EnrolResponse.class);
        return new Device(wire, e.clientId(), e.secret(), examples);
    }

    public String id() {
        return id;
    }

    public long examples() {
        return examples;
    }

    /** One check-in; the raw answer (200 with or without an assignment, 401 for unknown credentials …). */
    public HttpResponse<String> checkInRaw(int waitSeconds, long declaredExamples) throws IOException, InterruptedException {
        return wire.send(wire.request("/api/v1/clients/" + id + "/check-in?wait=" + waitSeconds, auth())
                .header("Content-Type", "application/json")
                .POST(json(new CheckInRequest(CORES, declaredExamples, PLATFORM, "crash-tests"))).build());
    }

    /** A check-in; the assignment if one came. */
    public Optional<Assignment> checkIn(int waitSeconds) throws IOException, InterruptedException {
        HttpResponse<String> r = checkInRaw(waitSeconds, examples);
        expect(r, 200, "check-in of " + id);
        return Optional.ofNullable(WireJson.read(r.body(), CheckInResponse.class).assignment());
    }

    /** This client's update for an assignment: {@code count} floats, a pure function of (client, job, round). */
    public byte[] update(Assignment a, long count) {
        SplittableRandom random = new SplittableRandom(id.hashCode() * 1_000_003L + a.jobId() * 7919L + a.round());
        float[] delta = new float[Math.toIntExact(count)];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (random.nextDouble(-1, 1) * 0.01);
        }
        return WeightsCodec.encode(delta);
    }

    public UpdateMetrics metrics() {
        return new UpdateMetrics(examples, 0.5, 0.8, null, null, 1.0, 0.9, examples / 0.9, 1, 1.0, Map.of());
    }

    /** {@code PUT} the update to the assignment's upload path. */
    public HttpResponse<String> upload(Assignment a, byte[] update) throws IOException, InterruptedException {
        return wire.send(wire.request(a.uploadPath(), auth()).header("Content-Type", "application/octet-stream")
                .header("Flotilla-Metrics", WireJson.write(metrics()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(update)).build());
    }

    /**
     * Starts an upload over a plain socket and sends only the first {@code sent} bytes of the body
     * (the header declares all of them); the caller kills the coordinator, then closes the socket.
     */
    public Socket uploadPart(Assignment a, byte[] update, int sent) throws IOException {
        Socket s = new Socket(wire.base().getHost(), wire.base().getPort());
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        String head = "PUT " + a.uploadPath() + " HTTP/1.1\r\nHost: " + wire.base().getAuthority() + "\r\n"
                + "Authorization: " + auth() + "\r\nContent-Type: application/octet-stream\r\n"
                + "Flotilla-Metrics: " + WireJson.write(metrics()) + "\r\nContent-Length: " + update.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(update, 0, sent);
        out.flush();
        return s;
    }

    /** {@code POST …/declines/{id}}. */
    public HttpResponse<String> decline(Assignment a, String reason) throws IOException, InterruptedException {
        return wire.send(wire.request("/api/v1/jobs/" + a.jobId() + "/rounds/" + a.round() + "/declines/" + id, auth())
                .header("Content-Type", "application/json")
                .POST(json(new DeclineRequest(reason, "crash-tests declines on purpose"))).build());
    }

    /** This client's (synthetic) result for an evaluation assignment, a pure function of (client, job, round). */
    public EvalResult evaluation(Assignment a) {
        SplittableRandom random = new SplittableRandom(id.hashCode() * 31L + a.jobId() * 131L + a.round());
        return new EvalResult(examples / 5 + 1, 0.2 + random.nextDouble() * 0.5, 0.5 + random.nextDouble() * 0.4);
    }

    /** {@code POST …/evaluations/{id}}. */
    public HttpResponse<String> report(Assignment a, EvalResult result) throws IOException, InterruptedException {
        return wire.send(wire.request("/api/v1/jobs/" + a.jobId() + "/rounds/" + a.round() + "/evaluations/" + id, auth())
                .header("Content-Type", "application/json").POST(json(result)).build());
    }

    private String auth() {
        return Wire.basic(id, secret);
    }

    private static HttpRequest.BodyPublisher json(Object o) {
        return HttpRequest.BodyPublishers.ofString(WireJson.write(o));
    }

    static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new Violation(what + " answered HTTP " + r.statusCode() + " (expected " + status + "): " + r.body());
        }
    }
}
