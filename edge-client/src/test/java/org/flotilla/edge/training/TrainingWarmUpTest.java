package org.flotilla.edge.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.testing.TestData;
import org.junit.jupiter.api.Test;

class TrainingWarmUpTest {

    @Test
    void trainsAThrowawayNetworkOnTheLanesWorkersAndGivesTheLaneBack() {
        // Prepare
        LabeledDataset data = TestData.blobs(300, 20, 3, 5);
        try (TrainerLanes lanes = TrainerLanes.create(1, 2, true)) {
            // Execute
            double seconds = TrainingWarmUp.run(lanes, data, new StopSignal());

            // Assert: it ran, and the one lane is free again
            assertThat(seconds).isPositive();
            try (TrainerLanes.Lane lane = lanes.acquire(new StopSignal())) {
                assertThat(lane.pool().size()).isEqualTo(2);
            }
        }
    }

    @Test
    void aStoppedClientSkipsIt() {
        StopSignal stop = new StopSignal();
        stop.request("test");
        try (TrainerLanes lanes = TrainerLanes.create(1, 1, true)) {
            try (TrainerLanes.Lane held = lanes.acquire(new StopSignal())) {
                // the lane is taken and the client is stopping: the warm-up gives up at once
                assertThat(TrainingWarmUp.run(lanes, TestData.blobs(50, 20, 3, 6), stop)).isEqualTo(-1);
            }
        }
    }
}
