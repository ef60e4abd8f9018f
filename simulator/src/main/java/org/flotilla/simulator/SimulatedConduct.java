package org.flotilla.simulator;

import java.time.Duration;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.round.DeviceConduct;
import org.flotilla.edge.training.TrainingResult;
import org.flotilla.model.wire.Assignment;

/** One virtual device's availability, drop-outs and speed, as {@link Heterogeneity} draws them. */
final class SimulatedConduct implements DeviceConduct {

    private final int client;
    private final Heterogeneity heterogeneity;
    private final RoundTracker rounds;
    private final double speedFactor;

    SimulatedConduct(int client, Heterogeneity heterogeneity, RoundTracker rounds) {
        this.client = client;
        this.heterogeneity = heterogeneity;
        this.rounds = rounds;
        this.speedFactor = heterogeneity.speedFactor(client);
    }

    @Override
    public void beforeCheckIn(StopSignal stop) {
        int round = rounds.current();
        while (!heterogeneity.online(client, round) && !stop.isRequested()) {
            rounds.awaitAfter(round, stop);
            round = rounds.current();
        }
    }

    @Override
    public boolean dropsOut(Assignment a) {
        return a.task() != org.flotilla.model.wire.TaskKind.EVALUATE && heterogeneity.dropsOut(client, a.round());
    }

    @Override
    public void afterTraining(Assignment a, TrainingResult result, StopSignal stop) {
        if (speedFactor > 1) {
            stop.sleep(Duration.ofNanos((long) ((speedFactor - 1) * result.trainNanos())));
        }
    }
}
