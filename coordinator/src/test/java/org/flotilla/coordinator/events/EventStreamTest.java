package org.flotilla.coordinator.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event streams over real HTTP while a real job runs (two clients that really train): what a
 * script following {@code /api/v1/jobs/{id}/events} and {@code /api/v1/events} sees, resuming with
 * {@code Last-Event-ID}, heartbeats, the stream cap and bad requests.
 */
@TestPropertySource(properties = {"flotilla.events.max-streams=3", "flotilla.events.heartbeat=300ms",
        "flotilla.events.poll-interval=200ms"})
class EventStreamTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aJobStreamShowsEveryRoundOfARealJobAsItHappensAndEndsWithTheJob() throws Exception {
        // Prepare
        List<TestEdgeClient> clients = List.of(enrol("a", Blobs.sample(100, 1)), enrol("b", Blobs.sample(100, 2)));
        long job = admin().createJob(JobJson.of("rounds", 2));
        List<SseReader.Event> fleetSeen = new ArrayList<>();
        List<SseReader.Event> seen = new ArrayList<>();
        try (SseReader fleet = openWhenFree("/api/v1/events?types=job,round");
             SseReader stream = openWhenFree("/api/v1/jobs/" + job + "/events")) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            SseReader.Event ready = stream.next(WAIT);
            assertThat(ready.type()).isEqualTo("ready");
            assertThat(ready.data().get("stream").asString()).isEqualTo("job");
            assertThat(ready.data().get("resumed").asBoolean()).isFalse();
            SseReader.Event current = stream.next(WAIT);
            assertThat(current.type()).isEqualTo("job");
            assertThat(current.data().get("jobId").asLong()).isEqualTo(job);
            assertThat(fleet.next(WAIT).type()).isEqualTo("ready");
            await().atMost(WAIT).until(() -> stream.comments() > 0); // a heartbeat while nothing happens

            // Execute: two real rounds
            for (int round = 1; round <= 2; round++) {
                List<Assignment> assigned = new ArrayList<>();
                for (TestEdgeClient c : clients) {
                    assigned.add(c.awaitAssignment(Duration.ofSeconds(10)));
                }
                for (int i = 0; i < clients.size(); i++) {
                    assertThat(clients.get(i).upload(clients.get(i).train(assigned.get(i))).statusCode()).isEqualTo(201);
                }
            }
            for (SseReader.Event e = stream.next(WAIT); !e.isEnd(); e = stream.next(WAIT)) {
                seen.add(e);
            }
            for (SseReader.Event e = fleet.next(WAIT); !isJobEnd(e, job); e = fleet.next(WAIT)) {
                fleetSeen.add(e);
            }
        }

        // Assert: each round's states in order, every participant's answer, the job's end last
        for (int round = 1; round <= 2; round++) {
            assertThat(roundStates(seen, round)).as("round %d", round).containsSubsequence("TRAINING", "COMPLETED")
                    .doesNotContain("FAILED");
            assertThat(roundStates(fleetSeen, round)).as("fleet, round %d", round).containsSubsequence("TRAINING",
                    "COMPLETED");
            int r = round;
            assertThat(seen.stream().filter(e -> e.type().equals("participant") && e.data().get("round").asInt() == r
                            && e.data().get("status").asString().equals("REPORTED"))
                    .map(e -> e.data().get("clientId").asString()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(clients.get(0).id(), clients.get(1).id());
        }
        assertThat(roundStates(seen, 2)).startsWith("SELECTION");
        SseReader.Event completed = seen.stream().filter(e -> e.type().equals("round")
                && e.data().get("state").asString().equals("COMPLETED")).findFirst().orElseThrow();
        assertThat(completed.data().get("round").asInt()).isEqualTo(1);
        assertThat(completed.data().get("result").get("trainExamples").asLong()).isEqualTo(200);
        assertThat(completed.data().get("result").get("weightsSha256").asString()).hasSize(64);
        assertThat(completed.data().get("reported").asInt()).isEqualTo(2);
        SseReader.Event last = seen.getLast();
        assertThat(last.type()).isEqualTo("job");
        assertThat(last.data().get("state").asString()).isEqualTo("COMPLETED");
        assertThat(last.data().get("completedRounds").asInt()).isEqualTo(2);
        assertThat(seen).allSatisfy(e -> assertThat(e.id()).isNotBlank());
        assertThat(fleetSeen).noneMatch(e -> e.type().equals("participant"));

        assertResumingAfterAnIdReplaysExactlyWhatFollowedIt(fleetSeen);
    }

    private void assertResumingAfterAnIdReplaysExactlyWhatFollowedIt(List<SseReader.Event> fleetSeen) throws Exception {
        List<SseReader.Event> recorded = fleetSeen.stream().filter(e -> e.id() != null).toList();
        int from = recorded.size() / 2;
        try (SseReader resumed = openWhenFree("/api/v1/events?types=job,round", recorded.get(from).id())) {
            SseReader.Event ready = resumed.next(WAIT);
            assertThat(ready.data().get("resumed").asBoolean()).isTrue();
            for (SseReader.Event expected : recorded.subList(from + 1, recorded.size())) {
                SseReader.Event replayed = resumed.next(WAIT);
                assertThat(replayed.id()).isEqualTo(expected.id());
                assertThat(replayed.data()).isEqualTo(expected.data());
            }
        }
        try (SseReader unknown = openWhenFree("/api/v1/events", "0000-12")) {
            assertThat(unknown.next(WAIT).data().get("resumed").asBoolean()).isFalse();
        }
    }

    @Test
    void theFleetStreamAnnouncesAClientThatEnrolsAndTakesWork() throws Exception {
        try (SseReader fleet = openWhenFree("/api/v1/events?types=client")) {
            // Prepare: the change feed has read the registry once (its first reading only sets marks)
            assertThat(fleet.next(WAIT).type()).isEqualTo("ready");
            await().atMost(WAIT).until(() -> fleet.comments() >= 2);

            // Execute: a new device enrols, then is assigned a round
            TestEdgeClient device = enrol("newcomer", Blobs.sample(50, 7));
            SseReader.Event enrolled = nextOf(fleet, device.id());
            TestEdgeClient other = enrol("other", Blobs.sample(50, 8));
            long job = admin().createJob(JobJson.of("rounds", 1));
            device.awaitAssignment(Duration.ofSeconds(10));
            other.awaitAssignment(Duration.ofSeconds(10));
            SseReader.Event assigned = nextOf(fleet, device.id());

            // Assert
            assertThat(enrolled.data().get("name").asString()).isEqualTo("newcomer");
            assertThat(enrolled.data().get("status").asString()).isEqualTo("IDLE");
            assertThat(enrolled.data().get("previousStatus").isNull()).isTrue();
            assertThat(assigned.data().get("status").asString()).isEqualTo("TRAINING");
            assertThat(assigned.data().get("previousStatus").asString()).isEqualTo("IDLE");
            admin().post("/api/v1/jobs/" + job + "/cancel", null);
        }
    }

    @Test
    void aStreamBeyondTheCapIsRefusedUntilOneCloses() throws Exception {
        List<SseReader> open = new ArrayList<>();
        try {
            // Prepare: as many streams as allowed (waiting for earlier tests' streams to be noticed gone)
            await().atMost(WAIT).until(() -> {
                SseReader s = SseReader.open(base(), "/api/v1/events", ADMIN_TOKEN, null);
                if (s.response().statusCode() == 200) {
                    open.add(s);
                } else {
                    s.body();
                }
                return open.size() == 3;
            });

            // Execute
            SseReader refused = SseReader.open(base(), "/api/v1/events", ADMIN_TOKEN, null);

            // Assert
            assertThat(refused.response().statusCode()).isEqualTo(503);
            assertThat(refused.response().headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.response().headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("\"limit\"").contains("max-streams");
            open.removeFirst().close();
            open.add(openWhenFree("/api/v1/events"));
        } finally {
            for (SseReader s : open) {
                s.close();
            }
        }
    }

    @Test
    void badRequestsAreProblemsBeforeAnyStreamOpens() throws Exception {
        try (SseReader unknownType = SseReader.open(base(), "/api/v1/events?types=round,weather", ADMIN_TOKEN, null);
             SseReader clientsOfAJob = SseReader.open(base(), "/api/v1/jobs/1/events?types=client", ADMIN_TOKEN, null);
             SseReader noJob = SseReader.open(base(), "/api/v1/jobs/999999/events", ADMIN_TOKEN, null);
             SseReader wrongToken = SseReader.open(base(), "/api/v1/events", "wrong", null)) {
            assertThat(unknownType.response().statusCode()).isEqualTo(400);
            assertThat(unknownType.body()).contains("\"field\":\"types\"").contains("weather");
            assertThat(clientsOfAJob.response().statusCode()).isEqualTo(400);
            assertThat(noJob.response().statusCode()).isEqualTo(404);
            assertThat(noJob.response().headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(wrongToken.response().statusCode()).isEqualTo(401);
        }
    }

    /** A stream, once the server has noticed that earlier tests' streams were closed (the cap is 3). */
    private SseReader openWhenFree(String path) {
        return openWhenFree(path, null);
    }

    private SseReader openWhenFree(String path, String lastEventId) {
        SseReader[] opened = new SseReader[1];
        await().atMost(WAIT).until(() -> {
            SseReader s = SseReader.open(base(), path, ADMIN_TOKEN, lastEventId);
            if (s.response().statusCode() == 200) {
                opened[0] = s;
                return true;
            }
            s.body();
            return false;
        });
        return opened[0];
    }

    private static SseReader.Event nextOf(SseReader stream, String clientId) throws InterruptedException {
        for (SseReader.Event e = stream.next(WAIT); ; e = stream.next(WAIT)) {
            assertThat(e.isEnd()).isFalse();
            assertThat(e.type()).isEqualTo("client");
            if (e.data().get("clientId").asString().equals(clientId)) {
                return e;
            }
        }
    }

    private static boolean isJobEnd(SseReader.Event e, long job) {
        return e.isEnd() || e.type().equals("job") && e.data().get("jobId").asLong() == job
                && e.data().get("state").asString().equals("COMPLETED");
    }

    private static List<String> roundStates(List<SseReader.Event> events, int round) {
        return events.stream().filter(e -> e.type().equals("round") && e.data().get("round").asInt() == round)
                .map(e -> e.data().get("state").asString()).toList();
    }
}
