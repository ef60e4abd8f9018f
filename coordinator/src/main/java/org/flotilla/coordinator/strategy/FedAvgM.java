package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

/**
 * Federated averaging with server momentum: with the example-weighted mean delta {@code Δ̄},
 * {@code v ← β·v + Δ̄} and {@code w ← w + η·v}. The velocity {@code v} starts at zero and is
 * carried in the {@link StrategyState} vector {@value #VELOCITY}. With {@code β = 0, η = 1} this
 * is FedAvg.
 *
 * <p>Hsu, Qi, Brown, "Measuring the Effects of Non-Identical Data Distribution for Federated
 * Visual Classification", arXiv:1909.06335, 2019.
 *
 * <p>Streaming: memory O(model) (the mean, the velocity and one update).
 */
public final class FedAvgM implements MeanStrategy {

    public static final String NAME = "fedavgm";

    /** The state vector holding the server velocity. */
    public static final String VELOCITY = "momentum";

    static final SettingSpec LEARNING_RATE = SettingSpec.number("serverLearningRate", 1.0,
            "Server learning rate η applied to the velocity").above(0);
    static final SettingSpec MOMENTUM = SettingSpec.number("serverMomentum", 0.9,
            "Server momentum β; 0 with η = 1 is FedAvg").atLeast(0).below(1);

    public static final StrategyProvider PROVIDER = new Provider(NAME,
            "FedAvgM: FedAvg with server momentum v ← βv + Δ̄, w ← w + ηv (Hsu, Qi, Brown 2019). "
                    + "Streaming, memory O(model).",
            List.of(LEARNING_RATE, MOMENTUM),
            s -> new FedAvgM(Settings.number(s, LEARNING_RATE), Settings.number(s, MOMENTUM)));

    private final double learningRate;
    private final double momentum;

    /** FedAvgM with server learning rate {@code η > 0} and momentum {@code β ∈ [0, 1)}. */
    public FedAvgM(double learningRate, double momentum) {
        if (!LEARNING_RATE.allows(learningRate) || !MOMENTUM.allows(momentum)) {
            throw new IllegalArgumentException("need η " + LEARNING_RATE.limit() + " and β " + MOMENTUM.limit()
                    + ", got η=" + learningRate + ", β=" + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> settings() {
        return Settings.values(LEARNING_RATE.name(), learningRate, MOMENTUM.name(), momentum);
    }

    @Override
    public AggregationOutcome aggregateMean(RoundContext round, float[] global, WeightedMean weighted, StrategyState state) {
        StrategyMath.requireSameLength(global.length, weighted.delta().length);
        double[] mean = weighted.delta();
        float[] previous = state.vector(VELOCITY);
        double[] v = previous == null ? new double[global.length] : StrategyMath.toDouble(previous);
        StrategyMath.requireSameLength(global.length, v.length);
        for (int i = 0; i < v.length; i++) {
            v[i] = momentum * v[i] + mean[i];
        }
        StrategyState next = new StrategyState(Map.of(VELOCITY, StrategyMath.toFloat(v)), state.scalars());
        return new AggregationOutcome.NewModel(StrategyMath.plusScaled(global, v, learningRate), next,
                weighted.participants(), Map.of());
    }
}
