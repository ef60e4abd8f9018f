package org.flotilla.edge.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.BundleRef;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.DeclineRequest;
import org.flotilla.model.wire.EnrolResponse;
import org.flotilla.model.wire.EvalResult;
import org.flotilla.model.wire.TaskKind;
import org.flotilla.model.wire.UpdateMetrics;

/**
 * A coordinator good enough to drive edge clients through rounds, on the JDK's HTTP server:
 * enrolment, check-in with assignments, artifacts by hash, uploads with 201/200/409, declines,
 * FedAvg over the round's updates, federated evaluation after each round when asked
 * ({@link #federatedEvaluation}: EVALUATE assignments, results with 201/200/409/400), and fault
 * injection (status codes with {@code Retry-After}, corrupted artifact bytes, revoked secrets,
 * closed rounds). Records every request byte for byte.
 */
public final class FakeCoordinator implements AutoCloseable {

    public static final String ENROLMENT_TOKEN = "enrol-me";

    /** One request as received. */
    public record Captured(Instant at, String method, String uri, Map<String, List<String>> headers, byte[] body) {
    }

    /** An accepted update. */
    public record Upload(int round, String clientId, UpdateMetrics metrics, byte[] body) {
    }

    /** A recorded decline, of a training or (while that round's evaluation was open) an evaluation assignment. */
    public record Decline(long job, int round, String clientId, TaskKind task, DeclineRequest request) {
    }

    /** An accepted evaluation result, as parsed and as sent. */
    public record Evaluation(int round, String clientId, EvalResult result, byte[] body) {
    }

    private record Fault(String method, String pathPrefix, int status, Integer retryAfter, AtomicInteger left) {
    }

    private final HttpServer server;
    private HttpServer replica;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Integer> artifactGets = new ConcurrentHashMap<>();
    private final List<Captured> requests = new CopyOnWriteArrayList<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final List<Decline> declines = new CopyOnWriteArrayList<>();
    private final List<Evaluation> evaluations = new CopyOnWriteArrayList<>();
    private final Map<Integer, float[]> weightsAfter = new ConcurrentHashMap<>();
    private final Map<String, byte[]> acceptedResults = new HashMap<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> accepted = new HashMap<>();
    private final AtomicInteger corruptNextArtifacts = new AtomicInteger();

    private long job;
    private TrainingPlan plan;
    private String planSha;
    private float[] global;
    private String weightsSha;
    private int round;
    private int lastRound;
    private int clientsPerRound = 1;
    private boolean roundOpen;
    private Instant deadline;
    private Duration roundDuration = Duration.ofMinutes(5);
    private Map<String, Double> settings = Map.of();
    private int retryAfterSeconds = 1;
    private boolean federatedEvaluation;
    private Duration evaluationDuration = Duration.ofMinutes(5);
    /** The round whose weights are being evaluated, 0 when no evaluation is open. */
    private int evaluating;
    private Instant evaluationDeadline;
    private int evaluationAnswers;
    private final List<float[]> roundDeltas = new ArrayList<>();
    private final List<Long> roundExamples = new ArrayList<>();
    private BundleRef bundle;
    private String planSignatureSha;

    public FakeCoordinator() throws IOException {
        this(null);
    }

    /** A fake coordinator serving HTTPS with {@code tls}'s certificate, or plain HTTP when it is null. */
    public FakeCoordinator(SSLContext tls) throws IOException {
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", 0);
        if (tls == null) {
            server = HttpServer.create(at, 0);
        } else {
            HttpsServer https = HttpsServer.create(at, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI uri() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * A second address serving the same state, as another replica of one deployment (sharing its
     * database) would; started at the first call.
     */
    public synchronized URI replicaUri() throws IOException {
        if (replica == null) {
            replica = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            replica.createContext("/", this::handle);
            replica.setExecutor(executor);
            replica.start();
        }
        return URI.create("http://127.0.0.1:" + replica.getAddress().getPort());
    }

    /** Stops listening at {@link #uri()} (connections are then refused), as a replica that died. */
    public void stopPrimary() {
        server.stop(0);
    }

    /** Starts a job of {@code rounds} rounds with {@code plan} and initial weights {@code initial}. */
    public synchronized FakeCoordinator startJob(TrainingPlan p, float[] initial, int rounds, Map<String, Double> s) {
        this.job++;
        this.plan = p;
        byte[] planJson = TrainingPlans.toJson(p);
        this.planSha = store(planJson);
        this.settings = s;
        this.lastRound = rounds;
        this.round = 0;
        publish(initial);
        return this;
    }

    /**
     * Names a code bundle in every assignment from now on, as a coordinator (honest or not) would;
     * the jar and the signature document, when given, are served as artifacts.
     */
    public synchronized BundleRef bundle(byte[] jar, byte[] signature, Map<String, Double> programSettings) {
        bundle = new BundleRef(store(jar), signature == null ? null : store(signature), programSettings);
        return bundle;
    }

    /**
     * Relays {@code signature} (a plan's signature document, or any bytes) with the plan in every
     * assignment from now on, as a coordinator (honest or not) would.
     *
     * @return the signature artifact's hash
     */
    public synchronized String planSignature(byte[] signature) {
        planSignatureSha = store(signature);
        return planSignatureSha;
    }

    public synchronized FakeCoordinator clientsPerRound(int n) {
        this.clientsPerRound = n;
        return this;
    }

    public synchronized FakeCoordinator roundDuration(Duration d) {
        this.roundDuration = d;
        if (roundOpen) {
            deadline = Instant.now().plus(d);
        }
        return this;
    }

    /**
     * After each round, before the next opens, the clients evaluate the new weights (EVALUATE
     * assignments) until {@code clientsPerRound} of them have reported or declined.
     */
    public synchronized FakeCoordinator federatedEvaluation(boolean on) {
        this.federatedEvaluation = on;
        return this;
    }

    /** From an evaluation's opening to its deadline. */
    public synchronized FakeCoordinator evaluationDuration(Duration d) {
        this.evaluationDuration = d;
        return this;
    }

    public synchronized FakeCoordinator retryAfterSeconds(int s) {
        this.retryAfterSeconds = s;
        return this;
    }

    /** The next {@code times} requests whose method and path start so are answered {@code status}. */
    public FakeCoordinator failNext(String method, String pathPrefix, int status, Integer retryAfter, int times) {
        faults.add(new Fault(method, pathPrefix, status, retryAfter, new AtomicInteger(times)));
        return this;
    }

    /** Forgets all injected faults. */
    public FakeCoordinator clearFaults() {
        faults.clear();
        return this;
    }

    /** The next {@code n} artifact downloads deliver damaged bytes (one bit flipped). */
    public FakeCoordinator corruptNextArtifacts(int n) {
        corruptNextArtifacts.set(n);
        return this;
    }

    /** Closes the current round without aggregating (late uploads then get 409). */
    public synchronized void closeRound() {
        roundOpen = false;
    }

    /** Revokes a client's secret: its calls get 401. */
    public void revoke(String clientId) {
        secrets.put(clientId, "revoked-" + System.nanoTime());
    }

    public synchronized float[] global() {
        return global.clone();
    }

    public synchronized int round() {
        return round;
    }

    public String planSha() {
        return planSha;
    }

    public synchronized String weightsSha() {
        return weightsSha;
    }

    public List<Captured> requests() {
        return List.copyOf(requests);
    }

    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    public List<Decline> declines() {
        return List.copyOf(declines);
    }

    public List<Evaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    /** The global weights that round {@code r} produced (0: the initial weights). */
    public float[] weightsAfter(int r) {
        return weightsAfter.get(r).clone();
    }

    public int artifactGets(String sha) {
        return artifactGets.getOrDefault(sha, 0);
    }

    @Override
    public void close() {
        server.stop(0);
        synchronized (this) {
            if (replica != null) {
                replica.stop(0);
            }
        }
        executor.shutdownNow();
    }

    private String store(byte[] bytes) {
        String sha = Sha256.of(bytes);
        artifacts.put(sha, bytes);
        return sha;
    }

    private void publish(float[] weights) {
        global = weights.clone();
        weightsAfter.put(round, global.clone());
        weightsSha = store(WeightsCodec.encode(weights));
        round++;
        roundDeltas.clear();
        roundExamples.clear();
        if (federatedEvaluation && round > 1) {
            evaluating = round - 1;
            evaluationAnswers = 0;
            evaluationDeadline = Instant.now().plus(evaluationDuration);
            roundOpen = false;
        } else {
            openRound();
        }
    }

    private void openRound() {
        evaluating = 0;
        roundOpen = round <= lastRound;
        deadline = Instant.now().plus(roundDuration);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        requests.add(new Captured(Instant.now(), method, ex.getRequestURI().toString(),
                Map.copyOf(ex.getRequestHeaders()), body));
        try {
            for (Fault f : faults) {
                if (f.method().equals(method) && path.startsWith(f.pathPrefix()) && f.left().getAndDecrement() > 0) {
                    if (f.retryAfter() != null) {
                        ex.getResponseHeaders().add("Retry-After", String.valueOf(f.retryAfter()));
                    }
                    FakeHttp.problem(ex, f.status(), "injected fault");
                    return;
                }
            }
            if (method.equals("POST") && path.equals("/api/v1/clients/enrol")) {
                enrol(ex);
                return;
            }
            String client = FakeHttp.authenticate(ex, secrets);
            if (client == null) {
                FakeHttp.problem(ex, 401, "wrong or revoked credentials");
                return;
            }
            String[] seg = path.split("/");
            if (method.equals("POST") && path.endsWith("/check-in")) {
                checkIn(ex, client);
            } else if (method.equals("GET") && path.startsWith("/api/v1/artifacts/")) {
                artifact(ex, seg[4]);
            } else if (method.equals("PUT") && path.contains("/updates/")) {
                upload(ex, Long.parseLong(seg[4]), Integer.parseInt(seg[6]), seg[8], client, body);
            } else if (method.equals("POST") && path.contains("/evaluations/")) {
                evaluation(ex, Long.parseLong(seg[4]), Integer.parseInt(seg[6]), seg[8], client, body);
            } else if (method.equals("POST") && path.contains("/declines/")) {
                decline(Long.parseLong(seg[4]), Integer.parseInt(seg[6]), client, WireJson.read(body, DeclineRequest.class));
                FakeHttp.send(ex, 204, null, new byte[0]);
            } else {
                FakeHttp.problem(ex, 404, "no such endpoint " + method + " " + path);
            }
        } catch (RuntimeException e) {
            FakeHttp.problem(ex, 500, e.toString());
        }
    }

    private void enrol(HttpExchange ex) throws IOException {
        if (!("Bearer " + ENROLMENT_TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            FakeHttp.problem(ex, 401, "wrong enrolment token");
            return;
        }
        String id = "c-" + (secrets.size() + 1);
        String secret = "s3cret-" + id;
        secrets.put(id, secret);
        FakeHttp.send(ex, 201, "application/json", WireJson.write(new EnrolResponse(id, secret)).getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void checkIn(HttpExchange ex, String client) throws IOException {
        if (evaluating > 0 && !answeredEvaluation(client)) {
            Assignment evaluate = new Assignment.Evaluate(job, evaluating, planSha, weightsSha,
                    evaluationDeadline, "/api/v1/jobs/" + job + "/rounds/" + evaluating + "/evaluations/" + client,
                    bundle, planSignatureSha);
            FakeHttp.send(ex, 200, "application/json",
                    WireJson.write(CheckInResponse.of(evaluate)).getBytes(StandardCharsets.UTF_8));
            return;
        }
        boolean done = accepted.containsKey(job + "/" + round + "/" + client)
                || declines.stream().anyMatch(d -> d.job() == job && d.round() == round && d.clientId().equals(client));
        CheckInResponse answer;
        if (roundOpen && !done) {
            answer = CheckInResponse.of(new Assignment.Train(job, round, planSha, weightsSha, deadline,
                    "/api/v1/jobs/" + job + "/rounds/" + round + "/updates/" + client, settings, bundle, planSignatureSha));
        } else {
            ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
            answer = CheckInResponse.retryAfter(retryAfterSeconds);
        }
        FakeHttp.send(ex, 200, "application/json", WireJson.write(answer).getBytes(StandardCharsets.UTF_8));
    }

    private boolean answeredEvaluation(String client) {
        return acceptedResults.containsKey(job + "/" + evaluating + "/" + client) || declines.stream().anyMatch(d ->
                d.job() == job && d.round() == evaluating && d.task() == TaskKind.EVALUATE && d.clientId().equals(client));
    }

    private synchronized void decline(long j, int r, String client, DeclineRequest request) {
        boolean evaluation = j == job && r == evaluating;
        declines.add(new Decline(j, r, client, evaluation ? TaskKind.EVALUATE : TaskKind.TRAIN, request));
        if (evaluation) {
            evaluationAnswered();
        }
    }

    /** The evaluation endpoint: 403 for another client's path, 200/409 for a repeat, 409 when closed, 400 for a bad body. */
    private synchronized void evaluation(HttpExchange ex, long j, int r, String pathClient, String client, byte[] body)
            throws IOException {
        if (!pathClient.equals(client)) {
            FakeHttp.problem(ex, 403, "not your evaluation path");
            return;
        }
        String key = j + "/" + r + "/" + client;
        byte[] before = acceptedResults.get(key);
        if (before != null) {
            if (java.util.Arrays.equals(before, body)) {
                FakeHttp.send(ex, 200, "application/json", before);
            } else {
                FakeHttp.problem(ex, 409, "a different result was already accepted");
            }
            return;
        }
        if (j != job || r != evaluating) {
            FakeHttp.problem(ex, 409, "the evaluation of round " + r + " is closed");
            return;
        }
        EvalResult result;
        try {
            result = WireJson.read(body, EvalResult.class);
        } catch (RuntimeException e) {
            FakeHttp.problem(ex, 400, "not an EvalResult: " + e.getMessage());
            return;
        }
        if (result.examples() < 0 || !(result.loss() >= 0) || Double.isInfinite(result.loss())
                || !(result.accuracy() >= 0 && result.accuracy() <= 1)) {
            FakeHttp.problem(ex, 400, "out of range: " + result);
            return;
        }
        acceptedResults.put(key, body);
        evaluations.add(new Evaluation(r, client, result, body));
        FakeHttp.send(ex, 201, "application/json", body);
        evaluationAnswered();
    }

    private void evaluationAnswered() {
        if (++evaluationAnswers >= clientsPerRound) {
            openRound();
        }
    }

    private void artifact(HttpExchange ex, String sha) throws IOException {
        byte[] bytes = artifacts.get(sha);
        artifactGets.merge(sha, 1, Integer::sum);
        if (bytes == null) {
            FakeHttp.problem(ex, 404, "unknown artifact");
            return;
        }
        if (corruptNextArtifacts.getAndDecrement() > 0) {
            bytes = bytes.clone();
            bytes[bytes.length / 2] ^= 0x10;
        }
        ex.getResponseHeaders().add("ETag", "\"" + sha + "\"");
        FakeHttp.send(ex, 200, "application/octet-stream", bytes);
    }

    private synchronized void upload(HttpExchange ex, long j, int r, String pathClient, String client, byte[] body)
            throws IOException {
        if (!pathClient.equals(client)) {
            FakeHttp.problem(ex, 403, "not your upload path");
            return;
        }
        String key = j + "/" + r + "/" + client;
        byte[] before = accepted.get(key);
        if (before != null) {
            FakeHttp.send(ex, java.util.Arrays.equals(before, body) ? 200 : 409, null, new byte[0]);
            return;
        }
        if (j != job || r != round || !roundOpen) {
            FakeHttp.problem(ex, 409, "round " + r + " is closed");
            return;
        }
        float[] delta;
        try {
            delta = WeightsCodec.decode(body, global.length);
        } catch (RuntimeException e) {
            FakeHttp.problem(ex, 422, e.getMessage());
            return;
        }
        UpdateMetrics m = WireJson.read(ex.getRequestHeaders().getFirst("Flotilla-Metrics"), UpdateMetrics.class);
        accepted.put(key, body);
        uploads.add(new Upload(r, client, m, body));
        roundDeltas.add(delta);
        roundExamples.add(m.examples());
        FakeHttp.send(ex, 201, null, new byte[0]);
        if (roundDeltas.size() >= clientsPerRound) {
            aggregate();
        }
    }

    private void aggregate() {
        long total = roundExamples.stream().mapToLong(Long::longValue).sum();
        float[] next = global.clone();
        for (int k = 0; k < roundDeltas.size(); k++) {
            double w = (double) roundExamples.get(k) / total;
            float[] d = roundDeltas.get(k);
            for (int i = 0; i < next.length; i++) {
                next[i] += (float) (w * d[i]);
            }
        }
        publish(next);
    }
}
