package org.flotilla.coordinator.aggregation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.flotilla.coordinator.artifact.ArtifactKind;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.strategy.AggregationOutcome;
import org.flotilla.coordinator.strategy.ClientUpdate;
import org.flotilla.coordinator.strategy.MeanStrategy;
import org.flotilla.coordinator.strategy.RoundContext;
import org.flotilla.coordinator.strategy.WeightedMean;
import org.flotilla.coordinator.strategy.RoundSeeds;
import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.strategy.Strategy;
import org.flotilla.coordinator.strategy.StrategyState;
import org.flotilla.coordinator.strategy.UpdateSource;
import org.flotilla.coordinator.system.Version;
import org.flotilla.coordinator.testset.ServerEvaluator;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.springframework.stereotype.Component;

/**
 * Applies a job's strategy to a round's stored updates and stores what comes out: new global
 * weights, the strategy's state and a provenance record. Updates are decoded one at a time as the
 * strategy asks for them, so memory stays O(model). Runs on the tensor pool; persists nothing in
 * the database — the round service commits the result. The new model's server-side evaluation is
 * not done here: the result says it is due ({@code evaluationTime} null), and it runs after the
 * round's commit, without holding up the next round ({@code round.RoundEvaluations}).
 */
@Component
public class Aggregator {

    private final ArtifactStore store;
    private final StoredVectors vectors;
    private final StrategyStateStore states;
    private final Clock clock;

    Aggregator(ArtifactStore store, StoredVectors vectors, StrategyStateStore states, Clock clock) {
        this.store = store;
        this.vectors = vectors;
        this.states = states;
        this.clock = clock;
    }

    /** Aggregates one round attempt. Deterministic for its inputs, so running it twice is harmless. */
    public AggregationResult aggregate(AggregationInput in) {
        ServerEvaluator.requirePoolThread();
        long started = System.nanoTime();
        Strategy strategy = Strategies.create(in.strategyName(), in.strategySettings());
        float[] global = vectors.read(in.weightsSha256(), in.parameterCount());
        StrategyState state = states.read(in.strategyStateSha256());
        List<StoredUpdate> stored = in.updates().stream().sorted(Comparator.comparing(StoredUpdate::clientId)).toList();
        List<ClientUpdate> updates = new ArrayList<>(stored.size());
        for (StoredUpdate u : stored) {
            updates.add(vectors.update(u, in.parameterCount()));
        }
        long roundSeed = RoundSeeds.of(in.jobSeed(), in.round());
        RoundContext context = new RoundContext(in.jobId(), in.round(), in.selected(), roundSeed);
        AggregationOutcome outcome = strategy.aggregate(context, global, UpdateSource.of(updates), state);
        return conclude(in, strategy, outcome, stored, trainSummary(stored), started);
    }

    /**
     * Runs a mean-based strategy on a weighted mean computed elsewhere — the one secure
     * aggregation recovers from the masked sum — with the same provenance as {@link #aggregate}. {@code in.updates()} are what was stored for the round
     * (masked vectors, never an individual update in the clear); {@code examples} is the total
     * weight behind the mean.
     */
    public AggregationResult aggregateMean(AggregationInput in, WeightedMean mean, long examples) {
        ServerEvaluator.requirePoolThread();
        long started = System.nanoTime();
        Strategy strategy = Strategies.create(in.strategyName(), in.strategySettings());
        MeanStrategy meanBased = Strategies.meanBased(strategy).orElseThrow(() -> new IllegalStateException(
                "strategy " + strategy.name() + " needs individual updates and cannot run on a precomputed mean"));
        float[] global = vectors.read(in.weightsSha256(), in.parameterCount());
        StrategyState state = states.read(in.strategyStateSha256());
        List<StoredUpdate> stored = in.updates().stream().sorted(Comparator.comparing(StoredUpdate::clientId)).toList();
        RoundContext context = new RoundContext(in.jobId(), in.round(), in.selected(), RoundSeeds.of(in.jobSeed(), in.round()));
        AggregationOutcome outcome = meanBased.aggregateMean(context, global, mean, state);
        return conclude(in, strategy, outcome, stored, new AggregationResult.TrainSummary(examples, null, null), started);
    }

    private AggregationResult conclude(AggregationInput in, Strategy strategy, AggregationOutcome outcome,
                                       List<StoredUpdate> stored, AggregationResult.TrainSummary train, long started) {
        long roundSeed = RoundSeeds.of(in.jobSeed(), in.round());

        boolean newModel;
        String reason = null;
        String weightsSha;
        String stateSha;
        float[] weights = null;
        List<String> participants;
        Map<String, String> excluded;
        switch (outcome) {
            case AggregationOutcome.NewModel m -> {
                if (m.weights().length != in.parameterCount()) {
                    throw new IllegalStateException("strategy " + strategy.name() + " returned " + m.weights().length
                            + " weights for a model of " + in.parameterCount());
                }
                weights = m.weights();
                float[] w = weights;
                weightsSha = store.write(ArtifactKind.WEIGHTS, out -> WeightsCodec.write(w, out)).sha256();
                stateSha = states.write(m.state());
                newModel = true;
                participants = m.participants();
                excluded = m.excluded();
            }
            case AggregationOutcome.NoNewModel n -> {
                newModel = false;
                reason = n.reason();
                weightsSha = in.weightsSha256();
                stateSha = in.strategyStateSha256();
                participants = List.of();
                excluded = Map.of();
            }
        }
        Duration aggregationTime = Duration.ofNanos(System.nanoTime() - started);

        // null: the new model's server-side evaluation is due (it runs after the commit)
        Duration evaluationTime = newModel && in.evaluation() != null ? null : Duration.ZERO;

        Map<String, String> updateShas = new TreeMap<>();
        stored.forEach(u -> updateShas.put(u.clientId(), u.sha256()));
        List<Provenance.Contribution> contributions = stored.stream()
                .map(u -> new Provenance.Contribution(u.clientId(), u.sha256(), u.examples())).toList();
        Provenance provenance = new Provenance(in.jobId(), in.round(), in.attempt(), strategy.name(), strategy.settings(),
                in.planSha256(), in.parameterCount(), in.jobSeed(), roundSeed, in.selected(), in.weightsSha256(),
                weightsSha, in.strategyStateSha256(), stateSha, newModel, reason, participants, excluded, updateShas,
                contributions, Version.coordinator(), clock.instant());
        String provenanceSha = store.put(ArtifactKind.PROVENANCE,
                WireJson.write(provenance).getBytes(StandardCharsets.UTF_8)).sha256();
        return new AggregationResult(newModel, reason, weightsSha, stateSha, provenanceSha, participants, excluded,
                train, null, aggregationTime, evaluationTime);
    }

    /** Example-weighted means of the reported training loss and accuracy (finite values only). */
    public static AggregationResult.TrainSummary trainSummary(List<StoredUpdate> updates) {
        long examples = 0;
        double lossSum = 0;
        long lossWeight = 0;
        double accSum = 0;
        long accWeight = 0;
        for (StoredUpdate u : updates) {
            examples += u.examples();
            if (u.metrics() != null && Double.isFinite(u.metrics().trainLoss())) {
                lossSum += u.metrics().trainLoss() * u.examples();
                lossWeight += u.examples();
            }
            if (u.metrics() != null && Double.isFinite(u.metrics().trainAccuracy())) {
                accSum += u.metrics().trainAccuracy() * u.examples();
                accWeight += u.examples();
            }
        }
        return new AggregationResult.TrainSummary(examples, lossWeight > 0 ? lossSum / lossWeight : null,
                accWeight > 0 ? accSum / accWeight : null);
    }
}
