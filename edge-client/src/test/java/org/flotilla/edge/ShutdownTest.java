package org.flotilla.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.round.RoundOutcome;
import org.flotilla.edge.round.RoundReport;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SIGTERM hook does, in-process: stop training at a batch boundary, decline, leave clean state. */
class ShutdownTest {

    @TempDir
    Path state;

    @Test
    void aStopDuringTrainingAbandonsTheRoundDeclinesItAndLeavesNothingHalfWritten() throws Exception {
        // Long enough to be interrupted even on FastTrainer's path: 100 epochs of 250 batches, 2 × 256 hidden.
        TrainingPlan plan = TrainingPlans.builtIn("mlp", Map.of("hidden", List.of(256, 256)), new int[] {20}, 4, 100, 16,
                new Optimizer("sgd", 0.1, 0), 7, Map.of());
        ClientData data = TestClients.blobs(4000, 20, 4, 12);
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(plan, Networks.parameters(Networks.build(plan)), 1, Map.of());
            StopSignal stop = new StopSignal();
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() ->
                    TestClients.run(TestClients.config(fake.uri(), state, 2), data, 1, stop, TestClients.store(state)));
            await().atMost(Duration.ofSeconds(30)).until(() -> fake.artifactGets(fake.weightsSha()) > 0);
            Thread.sleep(300);

            long stopAt = System.nanoTime();
            stop.request("test SIGTERM");
            RunResult r = run.get();

            assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(5));
            assertThat(r.status()).isEqualTo(ExitStatus.OK);
            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.ABANDONED);
            assertThat(fake.declines()).singleElement()
                    .satisfies(d -> assertThat(d.request().reason()).isEqualTo("SHUTTING_DOWN"));
            assertThat(fake.uploads()).isEmpty();
            assertThat(TestClients.files(state)).noneMatch(f -> f.contains(".tmp")).noneMatch(f -> f.startsWith("pending/"));
        }
    }
}
