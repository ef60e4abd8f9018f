package org.flotilla.coordinator.strategy;

import java.util.Map;

/**
 * The server side of Algorithm 2 of Reddi et al. (FedOpt), shared by {@link FedAdagrad},
 * {@link FedAdam} and {@link FedYogi}, which differ only in how the second moment {@code v} is
 * updated. With the example-weighted mean delta {@code Δ̄} as pseudo-gradient:
 * {@code m ← β1·m + (1 − β1)·Δ̄}; {@code v} per the variant; {@code w ← w + η·m / (√v + τ)}.
 *
 * <p>Reddi, Charles, Zaheer, Garrett, Rush, Konečný, Kumar, McMahan, "Adaptive Federated
 * Optimization", ICLR 2021.
 *
 * <p>{@code m} starts at zero and {@code v} at {@code τ²} (the paper's {@code v₋₁ ≥ τ²}, taken at its
 * lower bound; Flower starts it at zero, which differs by at most τ² per coordinate). Both are
 * carried in the {@link StrategyState} vectors {@value #FIRST_MOMENT} and {@value #SECOND_MOMENT}.
 * No bias correction: Algorithm 2 has none. Streaming, memory O(model) (mean, m, v, one update).
 */
abstract sealed class FedOpt implements MeanStrategy permits FedAdagrad, FedAdam, FedYogi {

    /** State vector of the first moment. */
    static final String FIRST_MOMENT = "m";
    /** State vector of the second moment. */
    static final String SECOND_MOMENT = "v";

    final double eta;
    final double beta1;
    final double beta2;
    final double tau;

    FedOpt(double eta, double beta1, double beta2, double tau) {
        if (!(eta > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(tau > 0)) {
            throw new IllegalArgumentException("need η > 0, β1 and β2 in [0, 1), τ > 0; got η=" + eta
                    + ", β1=" + beta1 + ", β2=" + beta2 + ", τ=" + tau);
        }
        this.eta = eta;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.tau = tau;
    }

    static SettingSpec etaSpec(double defaultValue) {
        return SettingSpec.number("eta", defaultValue, "Server learning rate η").above(0);
    }

    static SettingSpec beta1Spec(double defaultValue) {
        return SettingSpec.number("beta1", defaultValue, "First-moment (momentum) decay β1").atLeast(0).below(1);
    }

    static SettingSpec beta2Spec(double defaultValue) {
        return SettingSpec.number("beta2", defaultValue, "Second-moment decay β2").atLeast(0).below(1);
    }

    static SettingSpec tauSpec(double defaultValue) {
        return SettingSpec.number("tau", defaultValue,
                "Adaptivity τ: added to √v; smaller is more adaptive (v starts at τ²)").above(0);
    }

    /** Updates the second moment in place from the pseudo-gradient {@code delta}. */
    abstract void updateSecondMoment(double[] v, double[] delta);

    @Override
    public final AggregationOutcome aggregateMean(RoundContext round, float[] global, WeightedMean mean,
                                                  StrategyState state) {
        StrategyMath.requireSameLength(global.length, mean.delta().length);
        double[] delta = mean.delta();
        double[] m = carried(state, FIRST_MOMENT, global.length, 0.0);
        double[] v = carried(state, SECOND_MOMENT, global.length, tau * tau);
        StrategyMath.movingAverage(m, delta, beta1);
        updateSecondMoment(v, delta);
        StrategyState next = new StrategyState(
                Map.of(FIRST_MOMENT, StrategyMath.toFloat(m), SECOND_MOMENT, StrategyMath.toFloat(v)),
                state.scalars());
        return new AggregationOutcome.NewModel(StrategyMath.adaptiveStep(global, m, v, eta, tau), next,
                mean.participants(), Map.of());
    }

    private static double[] carried(StrategyState state, String name, int length, double initial) {
        float[] previous = state.vector(name);
        if (previous == null) {
            return StrategyMath.filled(length, initial);
        }
        StrategyMath.requireSameLength(length, previous.length);
        return StrategyMath.toDouble(previous);
    }
}
