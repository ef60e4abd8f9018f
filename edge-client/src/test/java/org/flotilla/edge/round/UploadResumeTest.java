package org.flotilla.edge.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.flotilla.edge.ExitStatus;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.LogCapture;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished update that was not acknowledged survives the process and is sent by the next one. */
class UploadResumeTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(200, 20, 4, 5);

    @TempDir
    Path state;

    /** The first client trains, but every upload fails with 503 until the deadline: it keeps the update. */
    private RunResult trainWithoutAcknowledgement(FakeCoordinator fake) {
        fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 3, Map.of())
                .roundDuration(Duration.ofSeconds(3))
                .failNext("PUT", "/api/v1/jobs/", 503, null, 1000);
        RunResult first = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);
        assertThat(first.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.KEPT_PENDING);
        assertThat(TestClients.files(state)).contains("pending/job-1-round-1.json", "pending/job-1-round-1.update");
        return first;
    }

    @Test
    void aNewClientInstanceUploadsThePendingUpdateWhileTheRoundIsOpen() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            RunResult first = trainWithoutAcknowledgement(fake);
            byte[] kept = TestClients.store(state).read("pending/job-1-round-1.update").orElseThrow();
            fake.clearFaults().roundDuration(Duration.ofMinutes(5));

            // a restart: new client object, same state directory; the round is still open
            RunResult second = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(second.clientId()).isEqualTo(first.clientId());
            assertThat(fake.uploads()).extracting(FakeCoordinator.Upload::round).containsExactly(1, 2);
            assertThat(fake.uploads().getFirst().body()).isEqualTo(kept);
            assertThat(TestClients.files(state)).noneMatch(f -> f.startsWith("pending/"));
            // the pending update went first, before the next check-in; then round 2 was trained
            assertThat(second.rounds()).extracting(RoundReport::round, RoundReport::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2, RoundOutcome.UPLOADED));
        }
    }

    @Test
    void aPendingUpdateForAClosedRoundIsDroppedOn409AndLoggedOnce() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            trainWithoutAcknowledgement(fake);
            fake.clearFaults().closeRound();

            RunResult second;
            try (LogCapture logs = new LogCapture()) {
                second = TestClients.run(TestClients.config(fake.uri(), state, 1).withOnce(true), DATA, 1);
                assertThat(logs.warnings()).filteredOn(m -> m.contains("409")).hasSize(1)
                        .first().asString().contains("job 1 round 1").contains("dropped");
                assertThat(logs.anyThrowable()).isFalse();
            }

            assertThat(second.status()).isEqualTo(ExitStatus.OK);
            assertThat(fake.uploads()).isEmpty();
            assertThat(fake.requests()).filteredOn(r -> r.method().equals("PUT")).last()
                    .satisfies(r -> assertThat(r.uri()).contains("/rounds/1/"));
            assertThat(TestClients.files(state)).noneMatch(f -> f.startsWith("pending/"));
        }
    }
}
