package org.flotilla.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.LocalFederation.Replica;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.edge.http.ClientCredentials;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.EnrolRequest;
import org.flotilla.model.wire.EnrolResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two coordinator replicas — separate JVMs on different ports, one PostgreSQL database, one
 * artifact folder — and four real edge-client processes, two preferring each replica (each client
 * lists both URLs). A fifth device, a protocol client in this JVM, takes an assignment in round 1
 * and never answers, so round 1 can only end at its deadline. Round 1 is opened by replica A (the
 * job is created there, which opens it); as soon as A's two clients have had their round-1 updates
 * acknowledged by A, A is SIGKILLed. Then:
 *
 * <ul>
 *   <li>A's clients fail over to B (their next call gets no answer, the next URL is tried);</li>
 *   <li>round 1's deadline, armed only in A's process, is acted on by B's sweep: B closes the round
 *       with the four updates, takes the aggregation lease and aggregates;</li>
 *   <li>no acknowledged update is lost: every update a client logged as accepted (201 or 200), and
 *       the two A acknowledged just before it died, are in their round's result;</li>
 *   <li>each round has exactly one completed attempt and one result row in the database, built on
 *       the previous round's result, and exactly one replica logged its completion;</li>
 *   <li>the job completes on B.</li>
 * </ul>
 *
 * Then A is started again on its port and a second job runs; B is SIGKILLed the moment it holds
 * the aggregation lease of that job's round 1 (seen in the database), before it committed. The
 * lease stays visible in the round record; A's sweep takes it over once it has expired
 * ({@link #CLOSING_LEASE}) and aggregates the round, once, with every acknowledged update, and the
 * job completes on A.
 *
 * Runs only with {@code FLOTILLA_TEST_DB_URL} naming a PostgreSQL scratch database (its
 * {@code public} schema is emptied first), with {@code FLOTILLA_DB_USER} (default {@code flotilla})
 * and {@code FLOTILLA_DB_PASSWORD}, the names the coordinator's Postgres tests use.
 */
@EnabledIfEnvironmentVariable(named = "FLOTILLA_TEST_DB_URL", matches = "jdbc:postgresql:.+",
        disabledReason = "needs a PostgreSQL scratch database: set FLOTILLA_TEST_DB_URL=jdbc:postgresql://host:port/db"
                + " (and FLOTILLA_DB_USER, FLOTILLA_DB_PASSWORD); scripts/test-postgres.sh starts one")
class ReplicasIT {

    static final int CLIENTS = 4;
    static final int ROUNDS = 3;
    /** Round 1's deadline after its opening: time enough for four client JVMs to load DL4J and train once. */
    static final int ROUND_TIMEOUT = 12;
    /** How long a replica's aggregation lease lasts unless renewed. */
    static final String CLOSING_LEASE = "6s";
    /** Examples in the second job's evaluation set. */
    static final int LARGE_EVALUATION = 200_000;
    static final Pattern ACCEPTED = Pattern.compile("update for job (\\d+) round (\\d+) (accepted|had already been accepted)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aJobCompletesOnTheSurvivingReplicaWithNoAcknowledgedUpdateLostAndEveryRoundAggregatedOnce() throws Exception {
        String url = System.getenv("FLOTILLA_TEST_DB_URL");
        String user = System.getenv().getOrDefault("FLOTILLA_DB_USER", "flotilla");
        String password = System.getenv().getOrDefault("FLOTILLA_DB_PASSWORD", "");
        wipe(url, user, password);

        BlobData blobs = new BlobData(23);
        List<Path> data = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            data.add(blobs.writeClient(dir.resolve("data"), name(i), 400, 0, 300 + i));
        }
        Path evalSet = blobs.writeClient(dir.resolve("data"), "evaluation", 1000, 0, 999);
        Map<String, String> db = Map.of("FLOTILLA_DB_URL", url, "FLOTILLA_DB_USER", user, "FLOTILLA_DB_PASSWORD", password);

        try (LocalFederation federation = new LocalFederation(Federations.programs(), dir.resolve("run"), 0, null);
             HttpClient http = CoordinatorClient.defaultHttpClient(Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            long t0 = start;
            Replica a = federation.startReplica("replica-a", replicaOptions("replica-a"), db, Duration.ZERO);
            Replica b = federation.startReplica("replica-b", replicaOptions("replica-b"), db, Duration.ZERO);
            federation.awaitHealthy(a, Duration.ofMinutes(2));
            federation.awaitHealthy(b, Duration.ofMinutes(2));
            double startSeconds = (System.nanoTime() - t0) / 1e9;

            List<ManagedProcess> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                List<URI> order = i < CLIENTS / 2 ? List.of(a.url(), b.url()) : List.of(b.url(), a.url());
                clients.add(federation.startClient(name(i), data.get(i), 1, List.of("-Xmx384m"),
                        List.of("--backoff-initial", "0.5", "--backoff-max", "2", "--check-in-wait", "5"), order));
            }
            Map<String, String> ids = awaitEnrolled(b.api(), CLIENTS, clients);
            // The device that takes part in round 1 and then falls silent (a phone switched off).
            CoordinatorClient silentLink = new CoordinatorClient(a.url(), http, new StopSignal(), "test", Duration.ofSeconds(30));
            EnrolResponse enrolled = silentLink.enrol(federation.tokens().get("enrolment"),
                    new EnrolRequest("silent", 1, "test", 400));
            ClientCredentials silent = new ClientCredentials(enrolled.clientId(), enrolled.secret());

            long jobId = a.api().createJob(WireJson.write(job(evalSet))).path("id").asLong();
            CheckInResponse assigned = silentLink.checkIn(silent, new CheckInRequest(1, 400, "test", "test"), 10);
            assertThat(assigned.assignment()).as("the silent device's round-1 assignment").isNotNull();

            // A's clients' round-1 updates acknowledged (read through B: the same database) → kill A.
            Set<String> onA = Set.of(ids.get(name(0)), ids.get(name(1)));
            Map<String, String> acknowledgedByA = awaitReported(b.api(), jobId, onA, clients);
            JsonNode beforeKill = attempt(b.api(), jobId, 1);
            assertThat(beforeKill.path("state").asString()).as("round 1 still open when A dies").isIn("SELECTION", "TRAINING");
            Instant killedAt = Instant.now();
            a.process().kill();
            double failOver = failOverSeconds(b.api(), onA, killedAt);
            System.out.println("replicas: SIGKILLed replica A " + seconds(t0) + " s after the start; round 1 then "
                    + beforeKill.path("state").asString() + " with " + beforeKill.path("reported").asInt() + " update(s)");

            JsonNode job = Federations.awaitTerminal(b.api(), jobId, alive(clients, b), Duration.ofMinutes(3));
            assertThat(job.path("state").asString()).as("job state; reason " + job.path("reason")).isEqualTo("COMPLETED");
            double totalSeconds = seconds(t0);

            // Round 1: opened by A, ended at its deadline by B, aggregated by B, with A's acknowledged updates.
            JsonNode round1 = b.api().round(jobId, 1);
            JsonNode first = lastAttempt(round1);
            JsonNode summary = summary(first);
            assertThat(summary.path("state").asString()).isEqualTo("COMPLETED");
            Instant deadline = Instant.parse(summary.path("deadline").asString());
            Instant finished = Instant.parse(summary.path("finishedAt").asString());
            assertThat(deadline).as("round 1's deadline passed after A died").isAfter(killedAt);
            assertThat(finished).as("round 1 closed at its deadline, not before").isAfterOrEqualTo(deadline);
            assertThat(summary.path("aggregation").path("holder").asString()).as("round 1's aggregation lease")
                    .startsWith("replica-b/");
            Map<String, String> statuses = new HashMap<>();
            for (JsonNode p : first.path("participants")) {
                statuses.put(p.path("clientId").asString(), p.path("status").asString());
            }
            assertThat(statuses.get(silent.clientId())).as("the silent device in round 1").isEqualTo("DROPPED");
            Map<String, String> round1Updates = updatesOf(first);
            assertThat(round1Updates).as("A's acknowledged updates in round 1's result").containsAllEntriesOf(acknowledgedByA);

            // Every update a client saw acknowledged is in its round's result; each round aggregated once.
            Map<Integer, Map<String, String>> results = new TreeMap<>();
            for (int n = 1; n <= ROUNDS; n++) {
                JsonNode attempt = lastAttempt(b.api().round(jobId, n));
                assertThat(summary(attempt).path("state").asString()).as("round " + n).isEqualTo("COMPLETED");
                assertThat(summary(attempt).path("aggregation").path("holder").asString()).as("lease holder of round " + n)
                        .isNotEmpty();
                results.put(n, updatesOf(attempt));
            }
            for (int i = 0; i < CLIENTS; i++) {
                String id = ids.get(name(i));
                for (int n : acknowledgedRounds(clients.get(i), jobId)) {
                    assertThat(results.get(n)).as(name(i) + "'s acknowledged update of round " + n).containsKey(id);
                }
            }
            assertThat(results.get(2)).as("rounds after the kill: all four clients, A's through B").hasSize(CLIENTS);
            assertThat(results.get(3)).hasSize(CLIENTS);
            assertOneResultPerRound(url, user, password, jobId, ROUNDS);
            assertThat(completionsLogged(federation, a, b, jobId)).as("rounds whose completion a replica logged, per round")
                    .isEqualTo(Map.of(1, 1, 2, 1, 3, 1));

            System.out.printf("replicas: both replicas healthy after %.1f s; A's clients first seen by B %.1f s after"
                    + " the kill; round 1 closed by B %.1f s after the kill (its deadline); first job done after %.1f s%n",
                    startSeconds, failOver, Duration.between(killedAt, finished).toMillis() / 1e3, totalSeconds);

            // Part two: A comes back on its port; a second job; B is SIGKILLed while it holds the
            // aggregation lease of that job's round 1 (every client is on B by now: A's clients stay
            // with the replica that answered). A takes the lease over once it has expired.
            t0 = System.nanoTime();
            Replica again = federation.restart(a, replicaOptions("replica-a"), db, Duration.ofMinutes(2));
            double restartSeconds = seconds(t0);
            Path largeEvalSet = blobs.writeClient(dir.resolve("data"), "evaluation-large", LARGE_EVALUATION, 0, 998);
            long second = b.api().createJob(WireJson.write(secondJob(largeEvalSet))).path("id").asLong();
            Instant killedInLease = killWhileAggregating(url, user, password, second, b);
            JsonNode held = summary(lastAttempt(again.api().round(second, 1)));
            assertThat(held.path("state").asString()).as("round 1 after B died in its aggregation").isEqualTo("AGGREGATING");
            assertThat(held.path("aggregation").path("holder").asString()).as("the dead replica's lease, visible")
                    .startsWith("replica-b/");
            assertThat(held.path("aggregation").path("expiresAt").isString()).isTrue();

            JsonNode secondJob = Federations.awaitTerminal(again.api(), second, alive(clients, again), Duration.ofMinutes(2));
            assertThat(secondJob.path("state").asString()).as("second job; reason " + secondJob.path("reason"))
                    .isEqualTo("COMPLETED");
            JsonNode taken = summary(lastAttempt(again.api().round(second, 1)));
            assertThat(taken.path("aggregation").path("holder").asString()).as("round 1's lease after the take-over")
                    .startsWith("replica-a/");
            Instant takenOver = Instant.parse(taken.path("finishedAt").asString());
            for (int n = 1; n <= 2; n++) {
                Map<String, String> updates = updatesOf(lastAttempt(again.api().round(second, n)));
                assertThat(updates).as("round " + n + " of the second job").hasSize(CLIENTS);
                for (int i = 0; i < CLIENTS; i++) {
                    if (acknowledgedRounds(clients.get(i), second).contains(n)) {
                        assertThat(updates).as(name(i) + "'s acknowledged update of round " + n).containsKey(ids.get(name(i)));
                    }
                }
            }
            assertOneResultPerRound(url, user, password, second, 2);
            assertThat(completionsLogged(federation, again, b, second)).as("completions logged per round, second job")
                    .isEqualTo(Map.of(1, 1, 2, 1));
            assertThat(completionsLogged(federation, b, b, second)).as("B never completed the round it died in").isEmpty();
            assertThat(Files.readString(again.process().log())).as("A's log").containsPattern(
                    "job " + second + " TRAIN 1\\.1: took over the closing lease of replica-b/");
            System.out.printf("replicas: A restarted in %.1f s; B killed holding round 1's lease; A completed the round"
                    + " %.1f s after the kill (lease %s); whole test %.1f s%n", restartSeconds,
                    Duration.between(killedInLease, takenOver).toMillis() / 1e3, CLOSING_LEASE, seconds(start));
        }
    }

    /**
     * Watches the second job's round 1 in the database and SIGKILLs {@code b} as soon as it holds
     * the round's aggregation lease; checks that B had not committed the round by then.
     */
    private static Instant killWhileAggregating(String url, String user, String password, long jobId, Replica b)
            throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement q = c.prepareStatement("SELECT state, lease_holder FROM cohorts"
                     + " WHERE job_id = ? AND kind = 'TRAIN' AND round_no = 1")) {
            q.setLong(1, jobId);
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end) {
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        String state = rs.getString(1);
                        String holder = rs.getString(2);
                        assertThat(state).as("round 1 of the second job, watched for B's lease").isNotEqualTo("COMPLETED");
                        if (state.equals("CLOSING") && holder != null && holder.startsWith("replica-b/")) {
                            Instant killedAt = Instant.now();
                            b.process().kill();
                            try (ResultSet after = q.executeQuery()) {
                                assertThat(after.next()).isTrue();
                                assertThat(after.getString(1)).as("B died before committing round 1").isEqualTo("CLOSING");
                            }
                            return killedAt;
                        }
                    }
                }
                for (ManagedProcess p : List.of(b.process())) {
                    assertThat(p.isAlive()).as(p.name() + " alive; log:\n" + p.tail(20)).isTrue();
                }
                Thread.sleep(2);
            }
            throw new AssertionError("B never took round 1's aggregation lease within 60 s");
        }
    }

    private List<String> replicaOptions(String id) {
        return Federations.coordinatorOptions(dir, "-Dspring.profiles.active=postgres",
                "-Dflotilla.replica-id=" + id, "-Dflotilla.closing-lease=" + CLOSING_LEASE,
                "-Dflotilla.sweep-interval=1s", "-Dflotilla.check-in.recheck-interval=1s");
    }

    /**
     * Every client in both rounds, so each round closes on its last upload; server-side evaluation
     * on {@link #LARGE_EVALUATION} examples, which keeps the aggregating replica in its lease for a
     * while (aggregation and evaluation run under it).
     */
    private static Map<String, Object> secondJob(Path evalSet) {
        Map<String, Object> job = Federations.blobJob("replicas-lease", CLIENTS, 2, 0.05, evalSet, Map.of("name", "fedavg"));
        job.put("selectionTimeoutSeconds", 3);
        return job;
    }

    /** Every client in every round, one more over-selected for the silent device; a short selection window. */
    private static Map<String, Object> job(Path evalSet) {
        Map<String, Object> job = Federations.blobJob("replicas", CLIENTS + 1, ROUNDS, 0.05, evalSet, Map.of("name", "fedavg"));
        job.put("minClients", CLIENTS - 1);
        job.put("selectionTimeoutSeconds", 3);
        job.put("roundTimeoutSeconds", ROUND_TIMEOUT);
        return job;
    }

    private static String name(int i) {
        return "client-0" + i;
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
    }

    private static List<ManagedProcess> alive(List<ManagedProcess> clients, Replica survivor) {
        List<ManagedProcess> all = new ArrayList<>(clients);
        all.add(survivor.process());
        return all;
    }

    /** Client names → ids, once {@code n} edge clients have enrolled (at either replica). */
    private static Map<String, String> awaitEnrolled(CoordinatorApi api, int n, List<ManagedProcess> clients)
            throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            Map<String, String> ids = new LinkedHashMap<>();
            for (JsonNode c : api.clients()) {
                ids.put(c.path("name").asString(), c.path("id").asString());
            }
            if (ids.size() >= n) {
                return ids;
            }
            for (ManagedProcess c : clients) {
                assertThat(c.isAlive()).as(c.name() + " alive; log:\n" + c.tail(20)).isTrue();
            }
            assertThat(System.nanoTime()).as("four clients enrolled in time").isLessThan(end);
            Thread.sleep(200);
        }
    }

    /** Waits until every client in {@code ids} is REPORTED in round 1; returns their update hashes. */
    private static Map<String, String> awaitReported(CoordinatorApi api, long jobId, Set<String> ids,
                                                     List<ManagedProcess> clients) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(ROUND_TIMEOUT).toNanos();
        while (true) {
            JsonNode attempt = lastAttempt(api.round(jobId, 1));
            Map<String, String> reported = updatesOf(attempt);
            reported.keySet().retainAll(ids);
            if (reported.size() == ids.size()) {
                return reported;
            }
            for (ManagedProcess c : clients) {
                assertThat(c.isAlive()).as(c.name() + " alive; log:\n" + c.tail(20)).isTrue();
            }
            assertThat(System.nanoTime()).as("A's clients reported round 1 in time: " + attempt).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static JsonNode attempt(CoordinatorApi api, long jobId, int round) throws Exception {
        return summary(lastAttempt(api.round(jobId, round)));
    }

    private static JsonNode lastAttempt(JsonNode round) {
        JsonNode attempts = round.path("attempts");
        return attempts.get(attempts.size() - 1);
    }

    private static JsonNode summary(JsonNode attempt) {
        return attempt.has("summary") ? attempt.path("summary") : attempt;
    }

    /** Client id → update hash of every REPORTED participant of an attempt. */
    private static Map<String, String> updatesOf(JsonNode attempt) {
        Map<String, String> updates = new HashMap<>();
        for (JsonNode p : attempt.path("participants")) {
            if (p.path("status").asString().equals("REPORTED")) {
                updates.put(p.path("clientId").asString(), p.path("update").path("sha256").asString());
            }
        }
        return updates;
    }

    /** The rounds of {@code jobId} whose update the client logged as acknowledged (201, or 200 for a repeat). */
    private static Set<Integer> acknowledgedRounds(ManagedProcess client, long jobId) throws IOException {
        Set<Integer> rounds = new TreeSet<>();
        Matcher m = ACCEPTED.matcher(Files.readString(client.log()));
        while (m.find()) {
            if (Long.parseLong(m.group(1)) == jobId) {
                rounds.add(Integer.parseInt(m.group(2)));
            }
        }
        return rounds;
    }

    /** One COMPLETED training attempt and one result row per round, each built on the previous round's result. */
    private static void assertOneResultPerRound(String url, String user, String password, long jobId, int rounds)
            throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.round_no, c.state, c.weights_sha256, r.result_weights_sha256"
                     + " FROM cohorts c LEFT JOIN round_results r ON r.cohort_id = c.id"
                     + " WHERE c.job_id = " + jobId + " AND c.kind = 'TRAIN' ORDER BY c.round_no, c.attempt")) {
            Map<Integer, Integer> completed = new TreeMap<>();
            String previousResult = null;
            while (rs.next()) {
                int round = rs.getInt(1);
                if (rs.getString(2).equals("COMPLETED")) {
                    completed.merge(round, 1, Integer::sum);
                    assertThat(rs.getString(4)).as("result of round " + round).isNotNull();
                    if (previousResult != null) {
                        assertThat(rs.getString(3)).as("round " + round + " trained from round " + (round - 1) + "'s result")
                                .isEqualTo(previousResult);
                    }
                    previousResult = rs.getString(4);
                } else {
                    assertThat(rs.getString(4)).as("no result for an attempt that did not complete").isNull();
                }
            }
            Map<Integer, Integer> once = new TreeMap<>();
            for (int n = 1; n <= rounds; n++) {
                once.put(n, 1);
            }
            assertThat(completed).as("completed attempts per round of job " + jobId).isEqualTo(once);
        }
    }

    /** Per round of the job, how many "completed" lines the replicas' logs hold together. */
    private static Map<Integer, Integer> completionsLogged(LocalFederation federation, Replica a, Replica b, long jobId)
            throws IOException {
        Pattern completed = Pattern.compile("job " + jobId + " TRAIN (\\d+)\\.\\d+ completed");
        Map<Integer, Integer> counts = new TreeMap<>();
        for (Replica r : a == b ? List.of(a) : List.of(a, b)) {
            Matcher m = completed.matcher(Files.readString(r.process().log()));
            while (m.find()) {
                counts.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Seconds from the kill until every one of A's clients has checked in at B: the latest of their
     * first {@code lastSeen} times after the kill, as B recorded them.
     */
    private static double failOverSeconds(CoordinatorApi api, Set<String> ids, Instant killedAt) throws Exception {
        Map<String, Instant> first = new HashMap<>();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (first.size() < ids.size()) {
            for (JsonNode c : api.clients()) {
                String id = c.path("id").asString();
                if (ids.contains(id) && c.path("lastSeen").isString()) {
                    Instant seen = Instant.parse(c.path("lastSeen").asString());
                    if (seen.isAfter(killedAt)) {
                        first.putIfAbsent(id, seen);
                    }
                }
            }
            assertThat(System.nanoTime()).as("A's clients checked in at B within 30 s of the kill").isLessThan(end);
            Thread.sleep(100);
        }
        Instant latest = first.values().stream().max(Instant::compareTo).orElseThrow();
        return Duration.between(killedAt, latest).toMillis() / 1e3;
    }

    /** Empties the scratch database (drops and recreates its {@code public} schema). */
    private static void wipe(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
    }
}
