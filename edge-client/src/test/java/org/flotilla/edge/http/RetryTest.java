package org.flotilla.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flotilla.edge.ExitStatus;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.round.RoundOutcome;
import org.flotilla.edge.round.RoundReport;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.LogCapture;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries: Retry-After is honoured, failures are classified by type, an unreachable coordinator gives one line. */
class RetryTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(200, 20, 4, 6);
    /** A backoff so slow that only Retry-After can explain quick retries. */
    private static final Backoff SLOW = new Backoff(Duration.ofSeconds(30), 2, Duration.ofSeconds(60), 0, 1);

    @TempDir
    Path state;

    @Test
    void uploadRetriesAfterTheSecondsTheCoordinatorAsksFor() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of())
                    .failNext("PUT", "/api/v1/jobs/", 503, 1, 1)
                    .failNext("PUT", "/api/v1/jobs/", 429, 1, 1);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1).withBackoff(SLOW), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            List<FakeCoordinator.Captured> puts = fake.requests().stream().filter(q -> q.method().equals("PUT")).toList();
            assertThat(puts).hasSize(3);
            for (int i = 1; i < 3; i++) {
                Duration gap = Duration.between(puts.get(i - 1).at(), puts.get(i).at());
                assertThat(gap).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
            }
            // the retried bytes are the same bytes (the upload is idempotent by its key)
            assertThat(puts.get(2).body()).isEqualTo(puts.get(0).body());
        }
    }

    @Test
    void checkInHonoursRetryAfterOn429AndLogsOneLinePerSeries() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator(); LogCapture logs = new LogCapture()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of())
                    .failNext("POST", "/api/v1/clients/c-1/check-in", 429, 1, 2);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1).withBackoff(SLOW), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            assertThat(logs.warnings()).filteredOn(m -> m.startsWith("check-in")).hasSize(1);
            assertThat(logs.messages()).anyMatch(m -> m.startsWith("check-in") && m.contains("succeeded again after 3"));
        }
    }

    @Test
    void aFatalAnswerIsNotRetried() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of())
                    .failNext("PUT", "/api/v1/jobs/", 422, null, 1);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.REJECTED);
            assertThat(fake.requests()).filteredOn(q -> q.method().equals("PUT")).hasSize(1);
            assertThat(TestClients.files(state)).noneMatch(f -> f.startsWith("pending/"));
        }
    }

    @Test
    void anUnreachableCoordinatorIsRetriedWithBackoffThenReportedInOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();   // closed again: connections are refused
        }
        try (LogCapture logs = new LogCapture()) {
            RunResult r = TestClients.run(TestClients.config(URI.create("http://127.0.0.1:" + port), state, 1)
                    .withGiveUpAfter(Duration.ofSeconds(2)), DATA, 0);

            assertThat(r.status()).isEqualTo(ExitStatus.COORDINATOR_UNREACHABLE);
            assertThat(r.message()).contains("127.0.0.1:" + port).contains("giving up");
            assertThat(logs.warnings()).filteredOn(m -> m.startsWith("enrolment")).hasSize(1)
                    .first().asString().contains("cannot reach the coordinator").contains("retrying with backoff");
            assertThat(logs.anyThrowable()).isFalse();
        }
    }

    @Test
    void aCoordinatorCannotParkTheClientLongerThanTenMinutes() {
        assertThat(Retrying.capped(java.time.Duration.ofSeconds(Integer.MAX_VALUE))).isEqualTo(Retrying.MAX_RETRY_AFTER);
        assertThat(Retrying.capped(java.time.Duration.ofSeconds(-5))).isZero();
        assertThat(Retrying.capped(java.time.Duration.ofSeconds(7))).isEqualTo(java.time.Duration.ofSeconds(7));
    }
}
