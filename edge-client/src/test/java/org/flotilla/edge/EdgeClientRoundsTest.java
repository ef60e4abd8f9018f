package org.flotilla.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.round.RoundOutcome;
import org.flotilla.edge.round.RoundReport;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.wire.UpdateMetrics;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real DL4J training through the protocol, against the fake coordinator. */
class EdgeClientRoundsTest {

    @TempDir
    Path state;

    @ParameterizedTest(name = "{0} worker(s)")
    @ValueSource(ints = {1, 4})
    void trainsRoundAfterRoundAndTheModelImproves(int workers) throws Exception {
        TrainingPlan plan = TestData.mlpPlan(20, 4, 1, 16, Map.of());
        ClientData data = TestClients.blobs(800, 20, 4, 11);
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(plan, Networks.parameters(Networks.build(plan)), 4, Map.of());

            RunResult result = TestClients.run(TestClients.config(fake.uri(), state, workers), data, 4);

            assertThat(result.status()).isEqualTo(ExitStatus.OK);
            assertThat(result.rounds()).extracting(RoundReport::outcome).containsOnly(RoundOutcome.UPLOADED).hasSize(4);
            assertThat(fake.round()).isEqualTo(5);
            List<UpdateMetrics> m = result.rounds().stream().map(RoundReport::metrics).toList();
            assertThat(m.getLast().heldOutAccuracy()).isGreaterThan(m.getFirst().heldOutAccuracy());
            assertThat(m.getLast().heldOutAccuracy()).isGreaterThan(0.7);
            assertThat(m.getLast().trainLoss()).isLessThan(m.getFirst().trainLoss());
            for (UpdateMetrics u : m) {
                assertThat(u.examples()).isEqualTo(800);
                assertThat(u.workers()).isEqualTo(workers);
                assertThat(u.threadLevelParallelism()).isBetween(0.99, workers + 0.01);
                assertThat(u.samplesPerSecond()).isPositive();
                assertThat(u.trainSeconds()).isPositive().isLessThanOrEqualTo(u.wallSeconds());
            }
            assertThat(fake.uploads()).extracting(FakeCoordinator.Upload::clientId).containsOnly(result.clientId());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("identity.json"))))
                    .isEqualTo("rw-------");
            assertThat(TestClients.files(state)).noneMatch(f -> f.endsWith(".tmp")).noneMatch(f -> f.startsWith("pending"));
        }
    }
}
