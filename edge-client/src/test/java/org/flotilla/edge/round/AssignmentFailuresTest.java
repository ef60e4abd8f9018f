package org.flotilla.edge.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.flotilla.edge.RunResult;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.training.LocalTraining;
import org.flotilla.edge.training.TrainingOptions;
import org.flotilla.edge.training.TrainingResult;
import org.flotilla.edge.training.WorkerPool;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.LogCapture;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Assignments that cannot be done as they are: corrupted artifacts, data that does not fit, bad settings. */
class AssignmentFailuresTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(200, 20, 4, 8);

    @TempDir
    Path state;

    @Test
    void aCorruptedCachedArtifactIsDetectedDeletedAndFetchedAgain() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 2, Map.of());
            TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);
            Path cachedPlan = state.resolve("cache").resolve(fake.planSha());
            assertThat(fake.artifactGets(fake.planSha())).isEqualTo(1);
            byte[] bytes = Files.readAllBytes(cachedPlan);
            bytes[10] ^= 0x01;   // bit rot
            Files.write(cachedPlan, bytes);

            RunResult second;
            try (LogCapture logs = new LogCapture()) {
                second = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);
                assertThat(logs.warnings()).filteredOn(m -> m.contains("corrupted")).hasSize(1);
            }

            assertThat(second.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            assertThat(fake.artifactGets(fake.planSha())).isEqualTo(2);
            assertThat(org.flotilla.model.codec.Sha256.of(cachedPlan)).isEqualTo(fake.planSha());
        }
    }

    @Test
    void artifactBytesDamagedInTransitAreFetchedAgain() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of()).corruptNextArtifacts(1);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            assertThat(fake.artifactGets(fake.planSha())).isEqualTo(2);
        }
    }

    @Test
    void dataOfTheWrongShapeDeclinesWithDataShapeMismatch() throws Exception {
        TrainingPlan images = TrainingPlans.builtIn("mlp", Map.of("hidden", java.util.List.of(8)),
                new int[] {1, 28, 28}, 10, 1, 32, Optimizer.DEFAULT, 1, Map.of());
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(images, Networks.parameters(Networks.build(images)), 1, Map.of());

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.DECLINED);
            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.request().reason()).isEqualTo("DATA_SHAPE_MISMATCH");
                assertThat(d.request().detail()).contains("784").contains("20").contains("[1, 28, 28]");
            });
            assertThat(fake.uploads()).isEmpty();
            assertThat(fake.artifactGets(fake.weightsSha())).as("weights are not fetched in vain").isZero();
        }
    }

    @Test
    void labelsOutsideThePlansClassesDecline() throws Exception {
        TrainingPlan twoClasses = TestData.mlpPlan(20, 2, 1, 16, Map.of());
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(twoClasses, Networks.parameters(Networks.build(twoClasses)), 1, Map.of());

            TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.request().reason()).isEqualTo("DATA_SHAPE_MISMATCH");
                assertThat(d.request().detail()).contains("2 classes").contains("label 3");
            });
        }
    }

    @Test
    void unusableClientSettingsDeclineWithPlanInvalid() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of("fedproxMu", 50.0));

            TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.request().reason()).isEqualTo("PLAN_INVALID");
                assertThat(d.request().detail()).contains("fedproxMu");
            });
        }
    }

    @Test
    void assignmentSettingsApplyFedProxAndClipping() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1,
                    Map.of("fedproxMu", 0.5, "clipNorm", 0.05, "localEpochs", 2.0));

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            var m = r.rounds().getFirst().metrics();
            assertThat(m.extra()).containsEntry("clipped", 1.0).containsEntry("epochs", 2.0);
            float[] delta = org.flotilla.model.codec.WeightsCodec.decode(fake.uploads().getFirst().body());
            assertThat(org.flotilla.privacy.mechanism.L2Clipping.norm(delta)).isCloseTo(0.05,
                    org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    @Test
    void aPlanTooBigForTheDeviceIsDeclinedUnbuiltAndTheNextAssignmentWorks() throws Exception {
        // 20 → 50 000 → 4 at batch size 65 536: ~1.25 M parameters, but ~13 GB of activations a batch
        TrainingPlan huge = TrainingPlans.builtIn("mlp", Map.of("hidden", java.util.List.of(50_000)), new int[] {20}, 4,
                1, 65_536, new org.flotilla.model.plan.Optimizer("sgd", 0.1, 0), 7, Map.of());
        long parameters = org.flotilla.model.network.NetworkFootprint.of(huge).parameters();
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(huge, new float[(int) parameters], 1, Map.of());

            RunResult declined = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(declined.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.DECLINED);
            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.request().reason()).isEqualTo("INSUFFICIENT_MEMORY");
                assertThat(d.request().detail()).contains("batch size 65536").contains("MB of native memory free");
            });
            assertThat(fake.artifactGets(fake.weightsSha())).as("weights are not fetched in vain").isZero();

            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of());
            RunResult next = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);
            assertThat(next.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
        }
    }

    @Test
    void weightsLongerThanThePlanAllowsAreCutOffAtTheCapAndDeclined() throws Exception {
        long parameters = Networks.parameters(Networks.build(PLAN)).length;
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, new float[(int) parameters * 1000], 1, Map.of());

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.DECLINED);
            long cap = 24 + 4 * parameters + 32;
            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.request().reason()).isEqualTo("ARTIFACT_CORRUPT");
                assertThat(d.request().detail()).contains("larger than the " + cap + " bytes");
            });
            assertThat(state.resolve("cache").resolve(fake.weightsSha())).doesNotExist();
        }
    }

    @Test
    void aPlanLargerThanTheCapIsCutOffAndDeclinedWithoutBeingParsed() throws Exception {
        String padded = PLAN.networkConfiguration() + " ".repeat(5 << 20);   // 5 MB, over the 4 MB plan cap
        TrainingPlan big = withNetworkConfiguration(padded);
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(big, Networks.parameters(Networks.build(PLAN)), 1, Map.of());

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.DECLINED);
            assertThat(fake.declines()).singleElement().satisfies(d ->
                    assertThat(d.request().detail()).contains("larger than the " + (4 << 20) + " bytes"));
            assertThat(fake.artifactGets(fake.weightsSha())).isZero();
            assertThat(state.resolve("cache").resolve(fake.planSha())).doesNotExist();
        }
    }

    @Test
    void aPlanNamingAClassOutsideTheAllowlistIsDeclinedBeforeDl4jReadsIt() throws Exception {
        String json = PLAN.networkConfiguration();
        String hostile = json.replaceFirst("\"@class\"\\s*:\\s*\"org\\.nd4j\\.linalg\\.activations\\.impl\\.Activation[A-Za-z]+\"",
                "\"@class\" : \"java.lang.ProcessBuilder\"");
        assertThat(hostile).isNotEqualTo(json).contains("java.lang.ProcessBuilder");
        TrainingPlan bad = withNetworkConfiguration(hostile);
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(bad, Networks.parameters(Networks.build(PLAN)), 1, Map.of());

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.DECLINED);
            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.request().reason()).isEqualTo("PLAN_INVALID");
                assertThat(d.request().detail()).contains("java.lang.ProcessBuilder");
            });
            assertThat(fake.artifactGets(fake.weightsSha())).isZero();
        }
    }

    /** {@link #PLAN} with another DL4J configuration text, as a coordinator could send it. */
    private static TrainingPlan withNetworkConfiguration(String json) {
        return new TrainingPlan(PLAN.version(), PLAN.architecture(), json, PLAN.inputShape(), PLAN.numClasses(),
                PLAN.localEpochs(), PLAN.batchSize(), PLAN.optimizer(), PLAN.seed(), PLAN.clientSettings());
    }

    /** Where a step fails, with what, and the decline reason that must follow. */
    enum Fault {
        BUILD_OUT_OF_MEMORY(true, new OutOfMemoryError("Java heap space"), "INSUFFICIENT_MEMORY"),
        BUILD_LINKAGE_ERROR(true, new NoClassDefFoundError("org/example/Missing"), "PLAN_INVALID"),
        BUILD_STACK_OVERFLOW(true, new StackOverflowError(), "PLAN_INVALID"),
        TRAIN_OUT_OF_MEMORY(false, new OutOfMemoryError("Cannot allocate 4294967296 bytes"), "INSUFFICIENT_MEMORY"),
        TRAIN_LINKAGE_ERROR(false, new UnsatisfiedLinkError("no jnind4jcpu in java.library.path"), "PLAN_INVALID"),
        TRAIN_STACK_OVERFLOW(false, new StackOverflowError(), "PLAN_INVALID");

        final boolean duringBuild;
        final Error error;
        final String reason;

        Fault(boolean duringBuild, Error error, String reason) {
            this.duringBuild = duringBuild;
            this.error = error;
            this.reason = reason;
        }
    }

    /**
     * The built-in loop's real build and training, except that the first build or training (as
     * {@code fault} says) fails with the fault's error, as a hostile or broken plan can make it fail
     * on a device.
     */
    private static LocalTraining failingOnce(Fault fault) {
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        return new LocalTraining() {
            @Override
            public org.deeplearning4j.nn.multilayer.MultiLayerNetwork build(TrainingPlan plan) {
                if (fault.duringBuild && failed.compareAndSet(false, true)) {
                    throw fault.error;
                }
                return LocalTraining.DL4J.build(plan);
            }

            @Override
            public TrainingResult train(WorkerPool pool, org.deeplearning4j.nn.multilayer.MultiLayerNetwork network,
                                        org.flotilla.datasets.LabeledDataset data, TrainingOptions options, StopSignal stop) {
                if (!fault.duringBuild && failed.compareAndSet(false, true)) {
                    throw fault.error;
                }
                return LocalTraining.DL4J.train(pool, network, data, options, stop);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void anErrorWhileBuildingOrTrainingDeclinesAndTheSameRunTakesTheNextAssignment(Fault fault) throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.retryAfterSeconds(1).startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of());
            java.util.concurrent.CompletableFuture<RunResult> run = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 2, new StopSignal(),
                            TestClients.store(state), UpdateTransform.NONE, failingOnce(fault)));
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (fake.declines().isEmpty() && !run.isDone() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(fake.declines()).as("the first assignment is declined").hasSize(1);
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of());   // the next assignment

            RunResult r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(r.status()).isEqualTo(org.flotilla.edge.ExitStatus.OK);
            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.DECLINED, RoundOutcome.UPLOADED);
            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.request().reason()).isEqualTo(fault.reason);
                assertThat(d.request().detail()).contains(fault.duringBuild ? "building the network" : "training");
            });
            assertThat(fake.uploads()).singleElement().satisfies(u -> assertThat(u.round()).isEqualTo(1));
            assertThat(state.resolve("identity.json")).exists();
        }
    }
}
