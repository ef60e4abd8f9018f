package org.flotilla.edge.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.edge.testing.TestData;
import org.flotilla.kernels.FastTrainer;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;

/** A replica's native memory is freed when its round ends, on its worker thread, never under a running step. */
class ReplicaTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());

    @Test
    void closeFreesTheTrainerAndTheClonedNetworkAfterTheStepRunningOnTheWorker() throws Exception {
        // Prepare: a FastTrainer replica of a cloned network, its worker thread busy with a "step"
        MultiLayerNetwork global = Networks.build(PLAN);
        try (WorkerPool pool = new WorkerPool(1)) {
            Replica replica = new Replica(pool, 0, global.clone(), true, null, 16, true);
            FastTrainer trainer = replica.trainer();
            assertThat(trainer).isNotNull();
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            AtomicBoolean closedUnderTheStep = new AtomicBoolean();
            Future<Object> step = pool.submit(0, () -> {
                running.countDown();
                finish.await();
                closedUnderTheStep.set(trainer.isClosed());
                return null;
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            // Execute: the round ends (another thread closes the replica) while the step still runs
            Thread roundEnd = new Thread(replica::close);
            roundEnd.start();
            Thread.sleep(300);
            boolean closedBeforeTheStepEnded = trainer.isClosed();
            finish.countDown();
            step.get(10, TimeUnit.SECONDS);
            roundEnd.join(10_000);

            // Assert
            assertThat(closedBeforeTheStepEnded).as("freed while the worker's step was running").isFalse();
            assertThat(closedUnderTheStep).isFalse();
            assertThat(roundEnd.isAlive()).isFalse();
            assertThat(trainer.isClosed()).isTrue();
            assertThat(replica.network().params().wasClosed()).as("the cloned network's parameters").isTrue();
            assertThat(global.params().wasClosed()).as("the global network is not the replica's to free").isFalse();
        }
    }

    @Test
    void closeOfReplicaZeroLeavesTheCallersNetworkUsable() {
        MultiLayerNetwork network = Networks.build(PLAN);
        float[] before = Networks.parameters(network);
        try (WorkerPool pool = new WorkerPool(1)) {
            Replica replica = new Replica(pool, 0, network, false, null, 16, true);
            replica.close();
            assertThat(replica.trainer().isClosed()).isTrue();
        }
        assertThat(network.params().wasClosed()).isFalse();
        assertThat(Networks.parameters(network)).containsExactly(before);
    }
}
