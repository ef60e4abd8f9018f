package org.flotilla.edge.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.http.Backoff;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.LogCapture;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.wire.TaskKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EVALUATE assignments against the fake coordinator: the global weights as they are, the local
 * held-out split, three numbers posted with retries of the same bytes, and the declines.
 */
class EvaluationAssignmentTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(300, 20, 4, 31);
    /** A backoff so slow that only Retry-After can explain quick retries. */
    private static final Backoff SLOW = new Backoff(Duration.ofSeconds(30), 2, Duration.ofSeconds(60), 0, 1);
    private static final String RESULTS = "/api/v1/jobs/1/rounds/1/evaluations/";

    @TempDir
    Path state;

    @Test
    void evaluatesEachRoundsWeightsUnchangedOnTheHeldOutSplitAndReportsThreeNumbers() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 2, Map.of()).federatedEvaluation(true);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 2), DATA, 4);

            assertThat(r.rounds()).extracting(RoundReport::task, RoundReport::round, RoundReport::outcome).containsExactly(
                    tuple(TaskKind.TRAIN, 1, RoundOutcome.UPLOADED),
                    tuple(TaskKind.EVALUATE, 1, RoundOutcome.UPLOADED),
                    tuple(TaskKind.TRAIN, 2, RoundOutcome.UPLOADED),
                    tuple(TaskKind.EVALUATE, 2, RoundOutcome.UPLOADED));
            assertThat(fake.evaluations()).hasSize(2);
            for (FakeCoordinator.Evaluation e : fake.evaluations()) {
                // the figures of the published weights of that round, evaluated here independently
                EvaluationResult expected = evaluate(fake.weightsAfter(e.round()), DATA);
                assertThat(e.clientId()).isEqualTo(r.clientId());
                assertThat(e.result().examples()).isEqualTo(DATA.heldOut().size()).isEqualTo(60);
                assertThat(e.result().accuracy()).isEqualTo(expected.accuracy());
                // the client evaluates through the kernels' forward pass, the reference through DL4J's output
                assertThat(e.result().loss()).isCloseTo(expected.loss(), within(1e-5));
                assertThat(WireJson.read(e.body(), Map.class).keySet()).containsExactlyInAnyOrder("examples", "loss",
                        "accuracy");
            }
            assertThat(r.rounds().get(1).evaluation()).isEqualTo(fake.evaluations().getFirst().result());
            List<FakeCoordinator.Captured> posts = fake.requests().stream()
                    .filter(q -> q.uri().contains("/evaluations/")).toList();
            assertThat(posts).hasSize(2).allSatisfy(q -> {
                assertThat(q.method()).isEqualTo("POST");
                assertThat(q.headers().get("Content-type")).containsExactly("application/json");
            });
            // the weights evaluated after round 1 are the weights trained in round 2: fetched once
            String round1Weights = Sha256.of(WeightsCodec.encode(fake.weightsAfter(1)));
            assertThat(fake.artifactGets(round1Weights)).isEqualTo(1);
            assertThat(fake.artifactGets(fake.planSha())).isEqualTo(1);
        }
    }

    @Test
    void aResultIsResentAsTheSameBytesAfterTheSecondsTheCoordinatorAsksFor() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of()).federatedEvaluation(true)
                    .failNext("POST", RESULTS, 503, 1, 1)
                    .failNext("POST", RESULTS, 502, 1, 1);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1).withBackoff(SLOW), DATA, 2);

            assertThat(r.rounds()).extracting(RoundReport::outcome)
                    .containsExactly(RoundOutcome.UPLOADED, RoundOutcome.UPLOADED);
            List<FakeCoordinator.Captured> posts = resultPosts(fake);
            assertThat(posts).hasSize(3);
            for (int i = 1; i < 3; i++) {
                assertThat(Duration.between(posts.get(i - 1).at(), posts.get(i).at()))
                        .isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
                assertThat(posts.get(i).body()).isEqualTo(posts.getFirst().body());
            }
            assertThat(fake.evaluations()).singleElement()
                    .satisfies(e -> assertThat(e.body()).isEqualTo(posts.getFirst().body()));
        }
    }

    @Test
    void aResultRefusedWithConflictIsDroppedWithOneLogLine() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator(); LogCapture logs = new LogCapture()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of()).federatedEvaluation(true)
                    .failNext("POST", RESULTS, 409, null, 1);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 2);

            assertThat(r.rounds().get(1).outcome()).isEqualTo(RoundOutcome.DROPPED);
            assertThat(r.rounds().get(1).evaluation()).isNotNull();
            assertThat(resultPosts(fake)).hasSize(1);
            assertThat(logs.warnings()).filteredOn(m -> m.contains("evaluation result")).singleElement().asString()
                    .contains("dropped").contains("409");
            assertThat(logs.anyThrowable()).isFalse();
        }
    }

    @Test
    void aResultRefusedAsInvalidIsNotRetried() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of()).federatedEvaluation(true)
                    .failNext("POST", RESULTS, 400, null, 1);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 2);

            assertThat(r.rounds().get(1).outcome()).isEqualTo(RoundOutcome.REJECTED);
            assertThat(resultPosts(fake)).hasSize(1);
        }
    }

    @Test
    void aResultNotAcknowledgedBeforeTheDeadlineIsGivenUpWithoutAnotherEvaluation() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of()).federatedEvaluation(true)
                    .evaluationDuration(Duration.ofSeconds(3))
                    .failNext("POST", RESULTS, 500, null, 1000);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 2);

            assertThat(r.rounds().get(1).outcome()).isEqualTo(RoundOutcome.FAILED);
            List<FakeCoordinator.Captured> posts = resultPosts(fake);
            assertThat(posts.size()).isGreaterThan(2);
            assertThat(posts).allSatisfy(q -> assertThat(q.body()).isEqualTo(posts.getFirst().body()));
            assertThat(TestClients.files(state)).noneMatch(f -> f.startsWith("pending/"));
        }
    }

    @Test
    void aStopWhileTheResultIsRetriedDeclinesTheEvaluation() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of()).federatedEvaluation(true)
                    .failNext("POST", RESULTS, 503, null, 1000);
            StopSignal stop = new StopSignal();
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> TestClients.run(
                    TestClients.config(fake.uri(), state, 1), DATA, 2, stop, TestClients.store(state)));
            await().atMost(Duration.ofSeconds(30)).until(() -> !resultPosts(fake).isEmpty());

            stop.request("test SIGTERM");
            RunResult r = run.get(10, TimeUnit.SECONDS);

            assertThat(r.rounds()).extracting(RoundReport::task, RoundReport::outcome).containsExactly(
                    tuple(TaskKind.TRAIN, RoundOutcome.UPLOADED), tuple(TaskKind.EVALUATE, RoundOutcome.ABANDONED));
            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.task()).isEqualTo(TaskKind.EVALUATE);
                assertThat(d.request().reason()).isEqualTo("SHUTTING_DOWN");
            });
        }
    }

    @Test
    void withoutHeldOutDataTheEvaluationIsDeclinedAndTheJobGoesOn() throws Exception {
        ClientData noHeldOut = new ClientData(DATA.train(), null, "training data only");
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 2, Map.of()).federatedEvaluation(true);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), noHeldOut, 3);

            assertThat(r.rounds()).extracting(RoundReport::task, RoundReport::outcome).containsExactly(
                    tuple(TaskKind.TRAIN, RoundOutcome.UPLOADED),
                    tuple(TaskKind.EVALUATE, RoundOutcome.DECLINED),
                    tuple(TaskKind.TRAIN, RoundOutcome.UPLOADED));
            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.round()).isEqualTo(1);
                assertThat(d.task()).isEqualTo(TaskKind.EVALUATE);
                assertThat(d.request().reason()).isEqualTo("NO_HELD_OUT_DATA");
            });
            assertThat(fake.evaluations()).isEmpty();
            assertThat(resultPosts(fake)).isEmpty();
        }
    }

    private static List<FakeCoordinator.Captured> resultPosts(FakeCoordinator fake) {
        return fake.requests().stream().filter(q -> q.method().equals("POST") && q.uri().startsWith(RESULTS)).toList();
    }

    private static EvaluationResult evaluate(float[] weights, ClientData data) {
        MultiLayerNetwork network = Networks.build(PLAN);
        Networks.setParameters(network, weights);
        return Evaluator.evaluate(network, LabeledDataSetIterator.builder(data.heldOut()).batchSize(64).shuffle(false)
                .build());
    }
}
