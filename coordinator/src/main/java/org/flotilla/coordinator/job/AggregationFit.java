package org.flotilla.coordinator.job;

import org.flotilla.coordinator.strategy.Strategy;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.LimitProperties;
import org.flotilla.model.network.NetworkFootprint;
import org.flotilla.model.plan.TrainingPlan;
import org.springframework.stereotype.Component;

/**
 * Refuses, at job creation, a strategy that holds every update in memory (median, trimmed mean,
 * Krum) when a round's updates — {@code clientsPerRound} × parameters × 4 bytes — cannot fit
 * {@code flotilla.limits.aggregation-memory} (default: half the maximum heap). Without it such a
 * job would run out of memory at its first aggregation, fail the round and be retried into the
 * same failure. The parameter count comes from the plan's configuration, before anything is built.
 */
@Component
class AggregationFit {

    private final LimitProperties limits;

    AggregationFit(LimitProperties limits) {
        this.limits = limits;
    }

    void require(Strategy strategy, TrainingPlan plan, RoundPolicy policy) {
        if (!strategy.holdsEveryUpdate()) {
            return;
        }
        long perUpdate = NetworkFootprint.of(plan).parameterBytes();
        long clients = policy.clientsPerRound();
        long budget = limits.effectiveAggregationMemory();
        if (perUpdate > budget / clients) {
            long needMb = Math.multiplyHigh(perUpdate, clients) != 0 ? Long.MAX_VALUE : perUpdate * clients >> 20;
            throw Invalid.field("strategy", "at most " + (budget >> 20) + " MB of updates in memory (clientsPerRound × parameters × 4 bytes)",
                    strategy.name() + " holds every update of a round in memory: " + clients + " clients × "
                            + perUpdate / NetworkFootprint.FLOAT_BYTES + " parameters × 4 bytes = " + needMb
                            + " MB, more than the " + (budget >> 20) + " MB aggregation memory"
                            + " (flotilla.limits.aggregation-memory); use fewer clients per round, a smaller model or a"
                            + " streaming strategy such as fedavg");
        }
    }
}
